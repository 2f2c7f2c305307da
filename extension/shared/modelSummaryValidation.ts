// Checks that a value is a well-formed ModelSummary before anyone draws or prints it: summaries
// cross process boundaries (worker → host/CLI, host → webview) as JSON.

import type { LayerSummary, ModelSummary, ModelTotals, Shape } from './modelSummary';

/** Deeper nesting than any real model; keeps a hostile message from recursing without end. */
const MAX_NESTING = 16;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isString = (x: unknown): x is string => typeof x === 'string';
const isStringArray = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const isLine = (x: unknown): boolean => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 1);

export function isShape(x: unknown): x is Shape {
  return Array.isArray(x) && x.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0));
}

function isTotals(x: unknown): x is ModelTotals {
  return (
    isObject(x) &&
    isCount(x.params) &&
    isCount(x.trainableParams) &&
    isCount(x.nonTrainableParams) &&
    isCount(x.flopsPerSample) &&
    isCount(x.weightBytes)
  );
}

function isLayer(x: unknown, depth: number): x is LayerSummary {
  return (
    isObject(x) &&
    isString(x.name) &&
    isString(x.className) &&
    Array.isArray(x.outputShapes) &&
    x.outputShapes.every(isShape) &&
    isCount(x.params) &&
    isCount(x.trainableParams) &&
    isCount(x.nonTrainableParams) &&
    (x.activation === undefined || isString(x.activation)) &&
    isStringArray(x.inbound) &&
    isCount(x.flopsPerSample) &&
    isLine(x.line) &&
    (x.nested === undefined || isModelSummary(x.nested, depth + 1))
  );
}

export function isModelSummary(x: unknown, depth = 0): x is ModelSummary {
  if (depth > MAX_NESTING) return false;
  return (
    isObject(x) &&
    isString(x.name) &&
    isString(x.className) &&
    isStringArray(x.inputs) &&
    isStringArray(x.outputs) &&
    Array.isArray(x.layers) &&
    x.layers.every((l) => isLayer(l, depth)) &&
    isTotals(x.totals) &&
    isLine(x.line) &&
    (x.inputShapes === undefined || (Array.isArray(x.inputShapes) && x.inputShapes.every(isShape)))
  );
}
