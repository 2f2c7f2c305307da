// A CSV file from the learner's workspace as a dataset: numeric feature columns and one label
// column. Parsing is csv-parse's (quotes, BOMs, CRLF); this module turns records into tensors
// and explains, by row and column, what it cannot use.
import * as tf from '@tensorflow/tfjs';
import { CsvError, InfoRecord, parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { checkOptionNames, classLabels, Dataset, DatasetError, pick, seedOption, splitDataset, splitRows, testFractionOption } from './dataset';
import { createRng } from './random';

export interface CsvOptions {
  /** The label column: its header name, or its 0-based index (negative counts from the end). */
  label: string | number;
  /** Share of the rows held out as the test set (default 0.2; 0 for none). Stratified for text labels. */
  testFraction?: number;
  seed?: number;
  /** Class labels as one-hot [n, k] instead of class indices [n]. */
  oneHot?: boolean;
  /** Whether the first row names the columns (default true). */
  header?: boolean;
}

// Relative paths in `csv(path)` are relative to the folder the run was started for, not to
// the worker's own working directory, which the learner never sees.
let dataRoot: string | undefined;

/** Sets the folder that relative CSV paths resolve against (the worker calls it before running user code). */
export function setDataRoot(dir: string | undefined): void {
  dataRoot = dir;
}

interface Row {
  cells: string[];
  /** 1-based line in the file, for messages. */
  line: number;
}

function parseRecords(text: string, file: string): Row[] {
  try {
    // With `info: true` each record comes wrapped with its position; csv-parse's types do not say so.
    const records = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: InfoRecord }[];
    return records.map(({ record, info }) => ({ cells: record, line: info.lines }));
  } catch (err) {
    if (err instanceof CsvError) throw new DatasetError(`csv: ${file} is not valid CSV: ${err.message}.`);
    throw err;
  }
}

function labelColumn(label: string | number, names: string[] | undefined, width: number, file: string): number {
  if (typeof label === 'string') {
    if (!names) throw new DatasetError(`csv: label '${label}' names a column, but header is false so ${file} has no column names; give the column's index instead.`);
    const index = names.indexOf(label);
    if (index < 0) throw new DatasetError(`csv: ${file} has no column '${label}'. Its columns are: ${names.map((n) => `'${n}'`).join(', ')}.`);
    return index;
  }
  if (typeof label !== 'number' || !Number.isInteger(label) || label >= width || label < -width) {
    throw new DatasetError(`csv: label must be a column name or an index from ${-width} to ${width - 1} (${file} has ${width} columns), got ${String(label)}.`);
  }
  return label < 0 ? width + label : label;
}

function toNumber(cell: string): number | undefined {
  if (cell === '') return undefined;
  const value = Number(cell);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Loads a CSV file: every column but the label becomes a float32 feature ([n, features]).
 * Text labels become class indices [n] (names in `classNames`, sorted) or one-hot [n, k];
 * numeric labels are kept as values [n, 1] (regression targets, or class indices that
 * `sparseCategoricalCrossentropy` takes as they are). A relative `path` is resolved against
 * the workspace folder of the run.
 */
export async function csv(path: string, options: CsvOptions): Promise<Dataset> {
  if (typeof path !== 'string' || path === '') throw new DatasetError('csv: give the path of a CSV file, e.g. csv("data/houses.csv", { label: "price" }).');
  if (!options || options.label === undefined) throw new DatasetError(`csv: say which column holds the labels, e.g. csv("${path}", { label: "species" }).`);
  checkOptionNames('csv', options, { label: true, testFraction: true, seed: true, oneHot: true, header: true });
  const testFraction = testFractionOption('csv', options.testFraction, 0.2);
  const rng = createRng(seedOption('csv', options.seed));
  const header = options.header ?? true;
  const oneHot = options.oneHot ?? false;

  const file = isAbsolute(path) ? path : resolve(dataRoot ?? process.cwd(), path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DatasetError(`csv: file not found: ${file}${isAbsolute(path) ? '' : ` ('${path}' relative to ${dataRoot ?? process.cwd()})`}.`);
    throw new DatasetError(`csv: cannot read ${file}: ${(err as Error).message}`);
  }

  const records = parseRecords(text, file);
  if (records.length === 0) throw new DatasetError(`csv: ${file} is empty.`);
  const names = header ? records.shift()?.cells : undefined;
  if (records.length === 0) throw new DatasetError(`csv: ${file} has no data rows${header ? ' below its header' : ''}.`);
  const width = records[0].cells.length;
  if (width < 2) throw new DatasetError(`csv: ${file} has ${width} column; it needs at least one feature column and a label column.`);
  const labelAt = labelColumn(options.label, names, width, file);
  const columnName = (j: number) => (names ? `column '${names[j]}'` : `column ${j}`);

  const featureCount = width - 1;
  const features = new Float32Array(records.length * featureCount);
  const labelCells: string[] = [];
  records.forEach(({ cells, line }, i) => {
    let f = 0;
    for (let j = 0; j < width; j++) {
      if (j === labelAt) {
        if (cells[j] === '') throw new DatasetError(`csv: ${file}, line ${line}: the label (${columnName(j)}) is empty.`);
        labelCells.push(cells[j]);
        continue;
      }
      const value = toNumber(cells[j]);
      if (value === undefined) {
        const what = cells[j] === '' ? 'is empty' : `is '${cells[j]}', not a number`;
        throw new DatasetError(`csv: ${file}, line ${line}, ${columnName(j)} ${what}. Feature columns must be numeric.`);
      }
      features[i * featureCount + f++] = value;
    }
  });

  const numeric = labelCells.map(toNumber);
  if (numeric.every((v) => v !== undefined)) {
    const values = Float32Array.from(numeric as number[]);
    const split = splitRows(values.length, testFraction, rng.shuffle);
    if (!oneHot) return splitDataset(features, [featureCount], split, (rows) => tf.tensor2d(pick(values, rows), [rows.length, 1], 'float32'));
    const bad = values.findIndex((v) => !Number.isInteger(v) || v < 0);
    if (bad >= 0) throw new DatasetError(`csv: oneHot needs class indices 0, 1, 2, … in the label column, but line ${records[bad].line} has ${labelCells[bad]}.`);
    const numClasses = values.reduce((max, v) => Math.max(max, v), 0) + 1;
    return splitDataset(features, [featureCount], split, (rows) => classLabels(pick(values, rows), numClasses, true));
  }

  const classNames = [...new Set(labelCells)].sort();
  const indexOf = new Map(classNames.map((name, k) => [name, k]));
  const labels = Float32Array.from(labelCells, (cell) => indexOf.get(cell) ?? -1);
  const split = splitRows(labels.length, testFraction, rng.shuffle, labels);
  const data = splitDataset(features, [featureCount], split, (rows) => classLabels(pick(labels, rows), classNames.length, oneHot));
  return { ...data, classNames };
}
