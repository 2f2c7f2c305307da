// Static analysis of a TS/JS file that builds tfjs models, for the language server: finds each
// model (`tf.sequential`, `model.add`, functional `layer.apply` + `tf.model`), follows shapes and
// parameter counts from literal configs (layerShapes.ts), and reports the mistakes that are sure
// from the source alone. The TypeScript compiler parses and binds the file (so `model` means the
// right variable in each scope); the walk over it is a small abstract interpreter in document
// order: values are literals, tfjs functions, layers, symbolic tensors and models, and anything
// else is unknown. Unknown never raises a finding. Pure: no vscode import, no tfjs.
import * as ts from 'typescript';
import {
  UNKNOWN,
  declaredInputShape,
  isLayerFactory,
  isMergeLayer,
  isPassThrough,
  layerActivation,
  layerClassName,
  layerOutcome,
  shapeValue,
  type ConfigValue,
  type LayerConfig,
  type LayerOutcome,
  type ParamCount,
} from './layerShapes';
import { layerFlops } from './layerFlops';
import type { LayerSummary, ModelSummary, Shape } from './modelSummary';

export type FindingCode =
  | 'input-rank'
  | 'nonpositive-dim'
  | 'merge-shape'
  | 'reshape-size'
  | 'missing-input-shape'
  | 'activation-loss'
  | 'softmax-one-unit'
  | 'units-labels'
  | 'label-format'
  | 'fit-before-compile';

/** A mistake at a place in the file; offsets are UTF-16 offsets into the analysed text. */
export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning';
  message: string;
  start: number;
  end: number;
}

/** One layer as the analysis sees it: the summary row plus where its call is. */
export interface StaticLayer {
  summary: LayerSummary;
  /** The `tf.layers` factory (`dense`, `conv2d`, …). */
  factory: string;
  /** The output shape of its first application; null when not known. */
  outputShape: Shape | null;
  /** Its input shapes (first application); null entries when not known. */
  inputShapes: (Shape | null)[];
  /** null when not known (config not literal, or input not known). */
  params: ParamCount | null;
  /** Offsets of the layer's factory call (`tf.layers.dense({...})`). */
  start: number;
  end: number;
}

export interface StaticModel {
  summary: ModelSummary;
  layers: StaticLayer[];
  /** Whether every layer's parameter count is known (else summary totals count only the known ones). */
  paramsKnown: boolean;
  /** Offsets of the call that builds the model (`tf.sequential(...)`, `tf.model(...)`). */
  start: number;
  end: number;
  /** The loss given to `compile`, when it is one literal string. */
  loss?: string;
}

export interface FileAnalysis {
  /** Whether the file imports or requires `@tensorflow/tfjs*`. */
  usesTfjs: boolean;
  models: StaticModel[];
  findings: Finding[];
}

// ---- values of the interpreter -----------------------------------------------------------------

interface LayerInstance {
  factory: string;
  className: string;
  name: string;
  config: LayerConfig;
  call: ts.CallExpression;
  /** The config object literal, to point diagnostics at its keys. */
  configNode: ts.ObjectLiteralExpression | undefined;
  applications: { inputs: SymTensor[]; outcome: LayerOutcome }[];
}

interface InputInstance {
  name: string;
  shape: Shape | null;
  call: ts.CallExpression;
}

interface SymTensor {
  shape: Shape | null;
  from: { layer: LayerInstance; index: number } | { input: InputInstance } | undefined;
}

interface ModelBuild {
  kind: 'sequential' | 'functional';
  name: string;
  call: ts.CallExpression;
  /** The function (or file) whose body declared it: adds elsewhere may run any number of times. */
  home: ts.Node;
  layers: LayerInstance[];
  /** Functional models: the model's inputs and outputs. */
  inputs: InputInstance[];
  outputs: SymTensor[];
  /** Sequential models: the output shape so far. */
  current: Shape | null;
  /** Layers may have been added where the analysis cannot see (passed to a function, added in a loop). */
  open: boolean;
  /** Whether it was already open when compiled: layers are added before compile, so a later escape (\`train(model)\`) does not matter. */
  openAtCompile: boolean;
  compiles: { loss: ConfigValue | undefined; lossNode: ts.Node | undefined }[];
}

type Value =
  | { kind: 'unknown' }
  | { kind: 'const'; value: ConfigValue }
  | { kind: 'array'; items: Value[] }
  | { kind: 'object'; props: Map<string, Value>; open: boolean; node: ts.ObjectLiteralExpression }
  /** A tfjs export: `path` after the module, '' for the module itself ('layers', 'layers.dense', 'sequential'). */
  | { kind: 'tfjs'; path: string }
  /** A dataset function of `deepdrill` (`mnist`, `iris`, …). */
  | { kind: 'deepdrill'; name: string }
  | { kind: 'layer'; layer: LayerInstance }
  | { kind: 'tensor'; tensor: SymTensor }
  | { kind: 'model'; model: ModelBuild };

const UNKNOWN_VALUE: Value = { kind: 'unknown' };

/** Members of a model that read it or train it; any other use may add layers we cannot see. */
const SAFE_MODEL_MEMBERS = new Set([
  'add', 'compile', 'fit', 'fitDataset', 'evaluate', 'evaluateDataset', 'predict', 'predictOnBatch', 'summary', 'save',
  'countParams', 'getLayer', 'layers', 'dispose', 'outputShape', 'inputs', 'outputs', 'name', 'getWeights', 'trainOnBatch',
]);

/** Datasets of `deepdrill` whose labels are classes: their count, and the option that sets it. */
const CLASS_DATASETS: Record<string, { classes: number; option?: string }> = {
  mnist: { classes: 10 },
  iris: { classes: 3 },
  spirals: { classes: 3, option: 'classes' },
};

const PROBABILITY_LOSSES = new Set(['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy']);
const CATEGORICAL_LOSSES = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy']);

function isTfjsModule(spec: string): boolean {
  return spec === '@tensorflow/tfjs' || spec.startsWith('@tensorflow/tfjs-');
}

/** tfjs's own naming: `max_pooling2d_MaxPooling2D1`. */
function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Analyses one file. Never throws on any input (the caller still guards: see the server). */
export function analyzeSource(fileName: string, text: string): FileAnalysis {
  const quick = /@tensorflow\/tfjs/.test(text);
  if (!quick) return { usesTfjs: false, models: [], findings: [] };
  return new Analyzer(fileName, text).run();
}

class Analyzer {
  private readonly sf: ts.SourceFile;
  private readonly checker: ts.TypeChecker;
  private readonly env = new Map<ts.Symbol, Value>();
  private readonly memo = new Map<ts.Node, Value>();
  private readonly models: ModelBuild[] = [];
  private readonly findings: Finding[] = [];
  private readonly uids = new Map<string, number>();
  private readonly labelSources: { kind: 'dataset'; name: string; classes: number | null; oneHot: boolean | null; node: ts.Node }[] = [];
  private readonly oneHotDepths: (number | null)[] = [];
  private usesTfjs = false;
  /** Names ever bound to a value: resolving an identifier's symbol is the costly step, so other names skip it. */
  private readonly boundNames = new Set<string>();
  /** Names ever bound to a model. */
  private readonly modelNames = new Set<string>();

  constructor(fileName: string, text: string) {
    const kind = /\.[cm]?jsx?$/i.test(fileName) ? ts.ScriptKind.JS : /\.tsx$/i.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    this.sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, kind);
    // A one-file program, only to bind names to their declarations (scopes, shadowing); no lib,
    // no imports resolved, nothing type-checked.
    const options: ts.CompilerOptions = { noLib: true, noResolve: true, allowJs: true, types: [], target: ts.ScriptTarget.ES2022 };
    const host: ts.CompilerHost = {
      getSourceFile: (name) => (name === fileName ? this.sf : undefined),
      getDefaultLibFileName: () => 'lib.d.ts',
      writeFile: () => undefined,
      getCurrentDirectory: () => '',
      getCanonicalFileName: (name) => name,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (name) => name === fileName,
      readFile: (name) => (name === fileName ? text : undefined),
    };
    this.checker = ts.createProgram([fileName], options, host).getTypeChecker();
  }

  run(): FileAnalysis {
    this.visit(this.sf);
    const models = this.models.filter((m) => m.layers.length > 0).map((m) => this.finish(m));
    this.checkLabels(models);
    return { usesTfjs: this.usesTfjs, models: models.map((m) => m.model), findings: this.findings };
  }

  // ---- walking ------------------------------------------------------------------------------

  private visit(node: ts.Node): void {
    if (ts.isImportDeclaration(node)) {
      this.bindImport(node);
      return;
    }
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const value = this.evaluate(node.initializer);
      this.bindName(node.name, value);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      const value = this.evaluate(node.right);
      this.setVariable(node.left, value);
    } else if (ts.isCallExpression(node)) {
      this.evaluate(node);
    } else if (ts.isIdentifier(node)) {
      this.noteModelUse(node);
    }
    ts.forEachChild(node, (child) => this.visit(child));
  }

  private bindImport(node: ts.ImportDeclaration): void {
    if (!ts.isStringLiteral(node.moduleSpecifier) || !node.importClause) return;
    const spec = node.moduleSpecifier.text;
    const tfjs = isTfjsModule(spec);
    if (!tfjs && spec !== 'deepdrill') return;
    if (tfjs) this.usesTfjs = true;
    const clause = node.importClause;
    const root = (name: string): Value => (tfjs ? { kind: 'tfjs', path: name } : { kind: 'deepdrill', name });
    if (clause.name) this.bindName(clause.name, root(''));
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) this.bindName(bindings.name, root(''));
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) this.bindName(el.name, root((el.propertyName ?? el.name).text));
    }
  }

  private setVariable(id: ts.Identifier, value: Value): void {
    // An unknown value under a name never bound reads back as unknown anyway.
    if (value.kind === 'unknown' && !this.boundNames.has(id.text)) return;
    const sym = this.checker.getSymbolAtLocation(id);
    if (!sym) return;
    this.env.set(sym, value);
    this.boundNames.add(id.text);
    if (value.kind === 'model') this.modelNames.add(id.text);
  }

  /** The value of a variable, as far as the walk so far knows it. */
  private variable(id: ts.Identifier): Value | undefined {
    if (!this.boundNames.has(id.text)) return undefined;
    const sym = this.checker.getSymbolAtLocation(id);
    return sym && this.env.get(sym);
  }

  /** Binds a declaration's name (or destructuring pattern) to a value. */
  private bindName(name: ts.BindingName, value: Value): void {
    if (ts.isIdentifier(name)) {
      this.setVariable(name, value);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.propertyName ?? el.name;
        const prop = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
        this.bindName(el.name, prop !== undefined && !el.dotDotDotToken ? this.member(value, prop) : UNKNOWN_VALUE);
      }
      return;
    }
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      const item = value.kind === 'array' && !el.dotDotDotToken ? (value.items[i] ?? UNKNOWN_VALUE) : UNKNOWN_VALUE;
      this.bindName(el.name, item);
    });
  }

  /** A use of a model variable other than reading or training it may add layers out of sight. */
  private noteModelUse(id: ts.Identifier): void {
    if (!this.modelNames.has(id.text)) return;
    const parent = id.parent;
    if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === id) return;
    // Handing the model back (a factory's return, an export) adds nothing to it here.
    if (ts.isReturnStatement(parent) || ts.isExportAssignment(parent) || ts.isExportSpecifier(parent)) return;
    if (ts.isPropertyAccessExpression(parent) && parent.name === id) return;
    const value = this.variable(id);
    if (value?.kind !== 'model') return;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === id && SAFE_MODEL_MEMBERS.has(parent.name.text)) return;
    value.model.open = true;
  }

  // ---- evaluating ---------------------------------------------------------------------------

  private evaluate(node: ts.Expression): Value {
    const known = this.memo.get(node);
    if (known) return known;
    let value: Value;
    try {
      value = this.compute(node);
    } catch {
      value = UNKNOWN_VALUE;
    }
    this.memo.set(node, value);
    return value;
  }

  private compute(node: ts.Expression): Value {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
      return this.evaluate(node.expression);
    }
    if (ts.isAwaitExpression(node)) return this.evaluate(node.expression);
    if (ts.isNumericLiteral(node)) return { kind: 'const', value: Number(node.text) };
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'const', value: node.text };
    if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'const', value: true };
    if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'const', value: false };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'const', value: null };
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const v = this.evaluate(node.operand);
      return v.kind === 'const' && typeof v.value === 'number' ? { kind: 'const', value: -v.value } : UNKNOWN_VALUE;
    }
    if (ts.isBinaryExpression(node)) return this.arithmetic(node);
    if (ts.isIdentifier(node)) {
      this.noteModelUse(node);
      return this.variable(node) ?? UNKNOWN_VALUE;
    }
    if (ts.isArrayLiteralExpression(node)) {
      if (node.elements.some(ts.isSpreadElement)) {
        for (const el of node.elements) this.evaluate(ts.isSpreadElement(el) ? el.expression : el);
        return UNKNOWN_VALUE;
      }
      return { kind: 'array', items: node.elements.map((el) => this.evaluate(el)) };
    }
    if (ts.isObjectLiteralExpression(node)) return this.objectLiteral(node);
    if (ts.isPropertyAccessExpression(node)) return this.member(this.evaluate(node.expression), node.name.text);
    if (ts.isElementAccessExpression(node)) {
      const base = this.evaluate(node.expression);
      const index = this.evaluate(node.argumentExpression);
      if (index.kind !== 'const') return UNKNOWN_VALUE;
      if (typeof index.value === 'string') return this.member(base, index.value);
      if (typeof index.value === 'number' && base.kind === 'array') return base.items[index.value] ?? UNKNOWN_VALUE;
      return UNKNOWN_VALUE;
    }
    if (ts.isCallExpression(node)) return this.call(node);
    return UNKNOWN_VALUE;
  }

  private arithmetic(node: ts.BinaryExpression): Value {
    const op = node.operatorToken.kind;
    const ops: Partial<Record<ts.SyntaxKind, (a: number, b: number) => number>> = {
      [ts.SyntaxKind.PlusToken]: (a, b) => a + b,
      [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
      [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
      [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
      [ts.SyntaxKind.AsteriskAsteriskToken]: (a, b) => a ** b,
    };
    const f = ops[op];
    if (!f) return UNKNOWN_VALUE;
    const a = this.evaluate(node.left);
    const b = this.evaluate(node.right);
    if (a.kind === 'const' && b.kind === 'const' && typeof a.value === 'number' && typeof b.value === 'number') {
      const r = f(a.value, b.value);
      return Number.isFinite(r) ? { kind: 'const', value: r } : UNKNOWN_VALUE;
    }
    return UNKNOWN_VALUE;
  }

  private objectLiteral(node: ts.ObjectLiteralExpression): Value {
    const props = new Map<string, Value>();
    let open = false;
    for (const p of node.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : undefined;
        const v = this.evaluate(p.initializer);
        if (key === undefined) open = true;
        else props.set(key, v);
      } else if (ts.isShorthandPropertyAssignment(p)) {
        const sym = this.boundNames.has(p.name.text) ? this.checker.getShorthandAssignmentValueSymbol(p) : undefined;
        this.noteModelUse(p.name);
        props.set(p.name.text, (sym && this.env.get(sym)) ?? UNKNOWN_VALUE);
      } else {
        // A spread or a method: keys we cannot see.
        if (ts.isSpreadAssignment(p)) this.evaluate(p.expression);
        open = true;
      }
    }
    return { kind: 'object', props, open, node };
  }

  private member(base: Value, name: string): Value {
    switch (base.kind) {
      case 'tfjs':
        return { kind: 'tfjs', path: base.path ? `${base.path}.${name}` : name };
      case 'deepdrill':
        return base.name === '' ? { kind: 'deepdrill', name } : UNKNOWN_VALUE;
      case 'object':
        return base.props.get(name) ?? UNKNOWN_VALUE;
      case 'const':
        return base.value !== null && typeof base.value === 'object' && !Array.isArray(base.value) && name in base.value
          ? { kind: 'const', value: base.value[name] ?? null }
          : UNKNOWN_VALUE;
      default:
        return UNKNOWN_VALUE;
    }
  }

  /** A value as a layer config value: literals and arrays/objects of literals; anything else UNKNOWN. */
  private toConfig(v: Value): ConfigValue {
    switch (v.kind) {
      case 'const':
        return v.value;
      case 'array':
        return v.items.map((x) => this.toConfig(x));
      case 'object': {
        if (v.open) return UNKNOWN;
        const out: Record<string, ConfigValue> = {};
        for (const [k, x] of v.props) out[k] = this.toConfig(x);
        return out;
      }
      default:
        return UNKNOWN;
    }
  }

  /** A layer config from an argument: absent keys stay absent unless the object has spreads. */
  private configOf(arg: ts.Expression | undefined): { config: LayerConfig; node: ts.ObjectLiteralExpression | undefined } {
    if (!arg) return { config: {}, node: undefined };
    const v = this.evaluate(arg);
    // A config the source does not spell out (a variable, a spread): every key reads as UNKNOWN,
    // so no default is assumed for a key it might set.
    if (v.kind !== 'object' || v.open) return { config: new Proxy({}, { get: () => UNKNOWN, has: () => true }) as LayerConfig, node: undefined };
    const config: LayerConfig = {};
    for (const [k, x] of v.props) config[k] = this.toConfig(x);
    return { config, node: v.node };
  }

  // ---- calls --------------------------------------------------------------------------------

  private call(node: ts.CallExpression): Value {
    const callee = node.expression;
    // `require('@tensorflow/tfjs')`
    if (ts.isIdentifier(callee) && callee.text === 'require' && node.arguments.length === 1) {
      const arg = node.arguments[0]!;
      if (ts.isStringLiteral(arg) && isTfjsModule(arg.text)) {
        this.usesTfjs = true;
        return { kind: 'tfjs', path: '' };
      }
      if (ts.isStringLiteral(arg) && arg.text === 'deepdrill') return { kind: 'deepdrill', name: '' };
    }
    const args = node.arguments;
    if (ts.isPropertyAccessExpression(callee)) {
      const target = this.evaluate(callee.expression);
      const method = callee.name.text;
      if (target.kind === 'layer' && method === 'apply') return this.apply(target.layer, args[0]);
      if (target.kind === 'model') return this.modelMethod(target.model, method, node);
    }
    const fn = this.evaluate(callee);
    if (fn.kind === 'deepdrill') return this.datasetCall(fn.name, node);
    if (fn.kind !== 'tfjs') {
      for (const a of args) this.evaluate(a);
      return UNKNOWN_VALUE;
    }
    const path = fn.path;
    if (path.startsWith('layers.')) return this.newLayer(path.slice('layers.'.length), node);
    switch (path) {
      case 'sequential':
        return this.newSequential(node);
      case 'input':
        return this.newInput(node);
      case 'model':
        return this.newFunctional(node);
      case 'oneHot': {
        const depth = args[1] ? this.evaluate(args[1]) : UNKNOWN_VALUE;
        if (args[0]) this.evaluate(args[0]);
        this.oneHotDepths.push(depth.kind === 'const' && typeof depth.value === 'number' ? depth.value : null);
        return UNKNOWN_VALUE;
      }
      default:
        for (const a of args) this.evaluate(a);
        return UNKNOWN_VALUE;
    }
  }

  private uid(prefix: string): number {
    const n = (this.uids.get(prefix) ?? 0) + 1;
    this.uids.set(prefix, n);
    return n;
  }

  private newLayer(factory: string, node: ts.CallExpression): Value {
    const { config, node: configNode } = this.configOf(node.arguments[0]);
    const className = layerClassName(factory);
    const given = config.name;
    const name = typeof given === 'string' ? given : `${snakeCase(className)}_${className}${this.uid(className)}`;
    return { kind: 'layer', layer: { factory, className, name, config, call: node, configNode, applications: [] } };
  }

  private newInput(node: ts.CallExpression): Value {
    const { config } = this.configOf(node.arguments[0]);
    const sample = shapeValue(config.shape);
    const shape = config.batchShape !== undefined ? shapeValue(config.batchShape) : sample && [null, ...sample];
    const name = typeof config.name === 'string' ? config.name : `input${this.uid('input')}`;
    const input: InputInstance = { name, shape, call: node };
    return { kind: 'tensor', tensor: { shape, from: { input } } };
  }

  private newModel(kind: ModelBuild['kind'], node: ts.CallExpression): ModelBuild {
    const name = kind === 'sequential' ? `sequential_${this.uid('sequential')}` : `model${this.uid('model')}`;
    const model: ModelBuild = { kind, name, call: node, home: homeOf(node), layers: [], inputs: [], outputs: [], current: null, open: false, openAtCompile: false, compiles: [] };
    this.models.push(model);
    return model;
  }

  private newSequential(node: ts.CallExpression): Value {
    const model = this.newModel('sequential', node);
    const arg = node.arguments[0];
    if (arg) {
      const cfg = this.evaluate(arg);
      const layers = cfg.kind === 'object' ? cfg.props.get('layers') : undefined;
      if (cfg.kind === 'object' && typeof this.toConfig(cfg.props.get('name') ?? UNKNOWN_VALUE) === 'string') {
        model.name = this.toConfig(cfg.props.get('name')!) as string;
      }
      if (cfg.kind !== 'object' || cfg.open || (layers && layers.kind !== 'array')) model.open = true;
      else if (layers?.kind === 'array') for (const item of layers.items) this.addLayer(model, item, false);
    }
    return { kind: 'model', model };
  }

  private addLayer(model: ModelBuild, item: Value, uncertain: boolean): void {
    if (item.kind !== 'layer') {
      model.open = true;
      model.current = null;
      return;
    }
    const layer = item.layer;
    let input: Shape | null = model.open ? null : model.current;
    if (model.layers.length === 0 && !model.open) {
      const declared = declaredInputShape(layer.factory, layer.config);
      if (declared === undefined && !uncertain && isLayerFactory(layer.factory)) {
        this.report('missing-input-shape', 'error', layer.call, `The first layer of a sequential model needs the shape of one input sample, and this ${layer.factory} has none: tfjs stops with "The first layer in a Sequential model must get an \`inputShape\`". Add inputShape (e.g. inputShape: [784] for flat 28×28 images) to its config.`);
      }
      input = declared ?? null;
    }
    const outcome = this.applyShapes(layer, input === null ? [null] : [input], [{ shape: input, from: lastOutput(model) }]);
    model.layers.push(layer);
    model.current = uncertain ? null : outcome.outputShape;
    if (uncertain) model.open = true;
  }

  private applyShapes(layer: LayerInstance, shapes: (Shape | null)[], inputs: SymTensor[]): LayerOutcome {
    const outcome = layerOutcome(layer.factory, layer.config, shapes, layer.factory);
    layer.applications.push({ inputs, outcome });
    if (outcome.problem) {
      const keyNode = outcome.problem.key && layer.configNode ? propertyNode(layer.configNode, outcome.problem.key) : undefined;
      this.report(outcome.problem.code, 'error', keyNode ?? layer.call, outcome.problem.message);
    }
    return outcome;
  }

  private apply(layer: LayerInstance, arg: ts.Expression | undefined): Value {
    if (!arg) return UNKNOWN_VALUE;
    const v = this.evaluate(arg);
    const tensors: SymTensor[] =
      v.kind === 'tensor' ? [v.tensor] : v.kind === 'array' ? v.items.map((x) => (x.kind === 'tensor' ? x.tensor : { shape: null, from: undefined })) : [];
    if (tensors.length === 0 || (isMergeLayer(layer.factory) !== (v.kind === 'array') && isLayerFactory(layer.factory))) {
      layer.applications.push({ inputs: tensors, outcome: { outputShape: null, params: null } });
      return { kind: 'tensor', tensor: { shape: null, from: { layer, index: layer.applications.length - 1 } } };
    }
    const outcome = this.applyShapes(layer, tensors.map((t) => t.shape), tensors);
    return { kind: 'tensor', tensor: { shape: outcome.outputShape, from: { layer, index: layer.applications.length - 1 } } };
  }

  private newFunctional(node: ts.CallExpression): Value {
    const model = this.newModel('functional', node);
    const arg = node.arguments[0];
    const cfg = arg ? this.evaluate(arg) : UNKNOWN_VALUE;
    const tensorsOf = (v: Value | undefined): SymTensor[] | undefined => {
      if (v?.kind === 'tensor') return [v.tensor];
      if (v?.kind === 'array' && v.items.every((x) => x.kind === 'tensor')) return v.items.map((x) => (x as { tensor: SymTensor }).tensor);
      return undefined;
    };
    const outputs = cfg.kind === 'object' ? tensorsOf(cfg.props.get('outputs')) : undefined;
    const inputs = cfg.kind === 'object' ? tensorsOf(cfg.props.get('inputs')) : undefined;
    if (!outputs || !inputs) {
      model.open = true;
      return { kind: 'model', model };
    }
    if (cfg.kind === 'object' && typeof this.toConfig(cfg.props.get('name') ?? UNKNOWN_VALUE) === 'string') model.name = this.toConfig(cfg.props.get('name')!) as string;
    model.outputs = outputs;
    model.inputs = inputs.flatMap((t) => (t.from && 'input' in t.from ? [t.from.input] : []));
    // The layers between the inputs and the outputs, each once, in the order of the source.
    const seen = new Set<LayerInstance>();
    const walk = (t: SymTensor): void => {
      if (!t.from || !('layer' in t.from)) return;
      const { layer, index } = t.from;
      const app = layer.applications[index];
      if (!seen.has(layer)) seen.add(layer);
      for (const input of app?.inputs ?? []) walk(input);
    };
    outputs.forEach(walk);
    model.layers = [...seen].sort((a, b) => a.call.pos - b.call.pos);
    if (outputs.some((t) => !t.from) || inputs.some((t) => !t.from || !('input' in t.from))) model.open = true;
    return { kind: 'model', model };
  }

  private modelMethod(model: ModelBuild, method: string, node: ts.CallExpression): Value {
    const args = node.arguments;
    switch (method) {
      case 'add': {
        const item = args[0] ? this.evaluate(args[0]) : UNKNOWN_VALUE;
        if (model.kind === 'sequential') this.addLayer(model, item, isUncertain(node, model.home));
        return UNKNOWN_VALUE;
      }
      case 'compile': {
        const cfg = args[0] ? this.evaluate(args[0]) : UNKNOWN_VALUE;
        const lossNode = cfg.kind === 'object' ? propertyNode(cfg.node, 'loss') : undefined;
        const loss = cfg.kind === 'object' && !cfg.open ? this.toConfig(cfg.props.get('loss') ?? UNKNOWN_VALUE) : UNKNOWN;
        if (model.compiles.length === 0) model.openAtCompile = model.open;
        model.compiles.push({ loss, lossNode });
        return UNKNOWN_VALUE;
      }
      case 'fit':
      case 'fitDataset': {
        for (const a of args) this.evaluate(a);
        if (model.compiles.length === 0 && !model.open && homeOf(node) === model.home) {
          this.report('fit-before-compile', 'error', node.expression, `${method} runs before the model is compiled: tfjs stops with "You must compile a model before training/testing". Call model.compile({ optimizer: 'adam', loss: … }) before this line.`);
        }
        return UNKNOWN_VALUE;
      }
      default:
        for (const a of args) this.evaluate(a);
        return UNKNOWN_VALUE;
    }
  }

  private datasetCall(name: string, node: ts.CallExpression): Value {
    const spec = CLASS_DATASETS[name];
    const opts = node.arguments[0] ? this.evaluate(node.arguments[0]) : undefined;
    if (!spec) return UNKNOWN_VALUE;
    const option = (key: string): ConfigValue | undefined => (opts === undefined ? undefined : opts.kind === 'object' && !opts.open ? (opts.props.has(key) ? this.toConfig(opts.props.get(key)!) : undefined) : UNKNOWN);
    const oneHot = option('oneHot');
    const classes = spec.option ? option(spec.option) : undefined;
    this.labelSources.push({
      kind: 'dataset',
      name,
      classes: classes === undefined ? spec.classes : typeof classes === 'number' ? classes : null,
      oneHot: oneHot === undefined ? false : typeof oneHot === 'boolean' ? oneHot : null,
      node,
    });
    return UNKNOWN_VALUE;
  }

  // ---- results ------------------------------------------------------------------------------

  private report(code: FindingCode, severity: Finding['severity'], node: ts.Node, message: string): void {
    this.findings.push({ code, severity, message, start: node.getStart(this.sf), end: node.getEnd() });
  }

  private line(node: ts.Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1;
  }

  private finish(m: ModelBuild): { build: ModelBuild; model: StaticModel } {
    const layers: StaticLayer[] = [];
    const names = new Map<LayerInstance, string>();
    for (const l of m.layers) names.set(l, l.name);
    const inboundOf = (app: LayerInstance['applications'][number] | undefined, index: number): string[] => {
      if (m.kind === 'sequential') return index > 0 ? [m.layers[index - 1]!.name] : [];
      return (app?.inputs ?? []).flatMap((t) => (t.from ? ['layer' in t.from ? t.from.layer.name : t.from.input.name] : []));
    };
    const inputLayers: LayerSummary[] =
      m.kind === 'functional'
        ? m.inputs.map((inp) => ({
            name: inp.name,
            className: 'InputLayer',
            outputShapes: inp.shape ? [inp.shape] : [],
            params: 0,
            trainableParams: 0,
            nonTrainableParams: 0,
            inbound: [],
            flopsPerSample: 0,
            line: this.line(inp.call),
          }))
        : [];
    m.layers.forEach((l, i) => {
      const app = l.applications[0];
      const outcome = app?.outcome;
      const params = outcome?.params ?? null;
      const activation = layerActivation(l.factory, l.config);
      const shape = outcome?.outputShape ?? null;
      const inputShapes = app?.inputs.map((t) => t.shape) ?? [];
      // FLOPs count the same way as the worker's, where every shape is known.
      const known = shape !== null && inputShapes.length > 0 && inputShapes.every((s) => s !== null);
      const flops = known ? layerFlops(l.className, literalConfig(l.config), inputShapes as Shape[], [shape]) : 0;
      layers.push({
        factory: l.factory,
        outputShape: shape,
        inputShapes,
        params,
        start: l.call.getStart(this.sf),
        end: l.call.getEnd(),
        summary: {
          name: l.name,
          className: l.className,
          outputShapes: shape ? [shape] : [],
          params: params ? params.trainable + params.nonTrainable : 0,
          trainableParams: params?.trainable ?? 0,
          nonTrainableParams: params?.nonTrainable ?? 0,
          ...(activation ? { activation } : {}),
          inbound: inboundOf(app, i),
          flopsPerSample: Number.isFinite(flops) ? flops : 0,
          line: this.line(l.call),
        },
      });
    });
    const paramsKnown = complete(m) && layers.every((l) => l.params !== null);
    const sum = (f: (l: StaticLayer) => number): number => layers.reduce((a, l) => a + f(l), 0);
    const trainable = sum((l) => l.params?.trainable ?? 0);
    const nonTrainable = sum((l) => l.params?.nonTrainable ?? 0);
    const outputs = m.kind === 'sequential' ? [m.layers[m.layers.length - 1]!.name] : m.outputs.flatMap((t) => (t.from ? ['layer' in t.from ? t.from.layer.name : t.from.input.name] : []));
    const loss = m.compiles.length === 1 && typeof m.compiles[0]!.loss === 'string' ? m.compiles[0]!.loss : undefined;
    const model: StaticModel = {
      summary: {
        name: m.name,
        className: m.kind === 'sequential' ? 'Sequential' : 'Functional',
        inputs: m.kind === 'sequential' ? [`${m.layers[0]!.name}_input`] : m.inputs.map((i) => i.name),
        outputs,
        layers: [...inputLayers, ...layers.map((l) => l.summary)],
        totals: {
          params: trainable + nonTrainable,
          trainableParams: trainable,
          nonTrainableParams: nonTrainable,
          flopsPerSample: layers.reduce((a, l) => a + l.summary.flopsPerSample, 0),
          weightBytes: 4 * (trainable + nonTrainable),
        },
        line: this.line(m.call),
      },
      layers,
      paramsKnown,
      start: m.call.getStart(this.sf),
      end: m.call.getEnd(),
      ...(loss ? { loss } : {}),
    };
    this.checkActivation(m, loss);
    return { build: m, model };
  }

  /** The layer whose output is the model's single output, or undefined. */
  private outputLayer(m: ModelBuild): LayerInstance | undefined {
    if (!complete(m)) return undefined;
    if (m.kind === 'sequential') return m.layers[m.layers.length - 1];
    if (m.outputs.length !== 1) return undefined;
    const from = m.outputs[0]!.from;
    return from && 'layer' in from ? from.layer : undefined;
  }

  /** The activation that shapes the model's output, looking through dropout/flatten/reshape; undefined when unsure. */
  private outputActivation(m: ModelBuild, layer: LayerInstance): { activation: string; layer: LayerInstance } | undefined {
    let current: LayerInstance | undefined = layer;
    let index = m.layers.indexOf(layer);
    for (let hops = 0; current && hops < 100; hops++) {
      if (!isPassThrough(current.factory)) {
        const activation = layerActivation(current.factory, current.config);
        return activation === undefined ? undefined : { activation, layer: current };
      }
      if (m.kind === 'sequential') {
        index -= 1;
        current = m.layers[index];
      } else {
        if (current.applications.length !== 1) return undefined;
        const from: SymTensor["from"] = current.applications[0]!.inputs[0]?.from;
        current = from && 'layer' in from ? from.layer : undefined;
      }
    }
    return undefined;
  }

  private activationNode(layer: LayerInstance): ts.Node {
    return (layer.configNode && propertyNode(layer.configNode, 'activation')) ?? layer.call;
  }

  private checkActivation(m: ModelBuild, loss: string | undefined): void {
    const out = this.outputLayer(m);
    // A one-unit softmax anywhere always outputs 1.
    for (const l of m.layers) {
      const units = l.applications[0]?.outcome.outputShape?.at(-1);
      const isOutputOfBce = l === out && loss === 'binaryCrossentropy';
      if (layerActivation(l.factory, l.config) === 'softmax' && units === 1 && !isOutputOfBce) {
        this.report('softmax-one-unit', 'warning', this.activationNode(l), `softmax over a single unit always outputs 1, so nothing can be learned from it. For one yes/no output use activation: 'sigmoid'; for classes give it one unit per class.`);
      }
    }
    if (!out || !loss || !PROBABILITY_LOSSES.has(loss)) return;
    const found = this.outputActivation(m, out);
    if (!found) return;
    const { activation, layer } = found;
    const at = this.activationNode(layer);
    if (loss === 'binaryCrossentropy' && activation === 'softmax') {
      const units = layer.applications[0]?.outcome.outputShape?.at(-1);
      this.report('activation-loss', 'warning', at, `softmax makes the outputs sum to 1${units === 1 ? ' (with one unit: always exactly 1)' : ''}, but binaryCrossentropy scores each output as its own yes/no probability. Use activation: 'sigmoid' here, or loss: 'categoricalCrossentropy' for one class out of several.`);
    } else if (CATEGORICAL_LOSSES.has(loss) && activation === 'sigmoid') {
      this.report('activation-loss', 'warning', at, `${loss} expects one probability per class that sum to 1, but sigmoid gives each output its own 0–1 value. Use activation: 'softmax' here (or loss: 'binaryCrossentropy' for independent yes/no outputs).`);
    } else if (activation === 'linear') {
      const want = loss === 'binaryCrossentropy' ? 'sigmoid' : 'softmax';
      this.report('activation-loss', 'warning', at, `${loss} needs probabilities, but this last layer has no activation, so it outputs any real number (logits) and the loss turns to NaN or learns nothing. Add activation: '${want}' to it.`);
    }
  }

  /** Class counts visible in the file (a built-in dataset or tf.oneHot) against the last layer's units and the loss. */
  private checkLabels(models: { build: ModelBuild; model: StaticModel }[]): void {
    const compiled = models.filter((m) => m.model.loss && CATEGORICAL_LOSSES.has(m.model.loss));
    if (compiled.length !== 1 || models.length !== 1) return;
    const { build, model } = compiled[0]!;
    const loss = model.loss!;
    const out = this.outputLayer(build);
    const units = out?.applications[0]?.outcome.outputShape?.at(-1) ?? null;
    const unitsNode = out ? ((out.configNode && propertyNode(out.configNode, 'units')) ?? out.call) : undefined;
    const lossNode = build.compiles[0]?.lossNode;
    if (this.labelSources.length === 1 && this.oneHotDepths.length === 0) {
      const src = this.labelSources[0]!;
      if (src.oneHot === false && loss === 'categoricalCrossentropy' && lossNode) {
        this.report('label-format', 'error', lossNode, `${src.name}() gives labels as class indices (shape [n]), but categoricalCrossentropy wants one-hot labels. Use loss: 'sparseCategoricalCrossentropy', or ${src.name}({ oneHot: true }).`);
        return;
      }
      if (src.oneHot === true && loss === 'sparseCategoricalCrossentropy' && lossNode) {
        this.report('label-format', 'error', lossNode, `${src.name}({ oneHot: true }) gives one-hot labels, but sparseCategoricalCrossentropy wants class indices. Use loss: 'categoricalCrossentropy', or drop oneHot.`);
        return;
      }
      if (src.classes !== null && units !== null && unitsNode && (loss === 'categoricalCrossentropy' ? units !== src.classes : units < src.classes)) {
        this.report('units-labels', 'error', unitsNode, `${src.name}() has ${src.classes} classes, but the last layer has ${units} unit${units === 1 ? '' : 's'}: it needs one output per class. Set units: ${src.classes}.`);
      }
      return;
    }
    const depths = new Set(this.oneHotDepths);
    if (this.labelSources.length === 0 && depths.size === 1 && loss === 'categoricalCrossentropy') {
      const depth = [...depths][0]!;
      if (depth !== null && units !== null && unitsNode && units !== depth) {
        this.report('units-labels', 'error', unitsNode, `The labels are one-hot with depth ${depth} (tf.oneHot), but the last layer has ${units} unit${units === 1 ? '' : 's'}: categoricalCrossentropy needs one output per class. Set units: ${depth}.`);
      }
    }
  }
}

/** The config's literal values (what the FLOP formulas read). */
function literalConfig(config: LayerConfig): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== UNKNOWN));
}

/** Whether the analysis saw every layer of the model. */
function complete(m: ModelBuild): boolean {
  return m.compiles.length > 0 ? !m.openAtCompile : !m.open;
}

function lastOutput(model: ModelBuild): SymTensor['from'] {
  const last = model.layers[model.layers.length - 1];
  return last ? { layer: last, index: 0 } : undefined;
}

/** The property `key` of an object literal, to point a diagnostic at. */
function propertyNode(obj: ts.ObjectLiteralExpression, key: string): ts.Node | undefined {
  return obj.properties.find((p) => p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key);
}

/** The nearest enclosing function (or the file): code runs in it in order, once per call. */
function homeOf(node: ts.Node): ts.Node {
  let n: ts.Node | undefined = node.parent;
  while (n && !ts.isFunctionLike(n) && !ts.isSourceFile(n)) n = n.parent;
  return n ?? node.getSourceFile();
}

/** Whether `node` may run zero or several times for one run of `home`: inside a branch, a loop or another function. */
function isUncertain(node: ts.Node, home: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent && n !== home; n = n.parent) {
    const p = n.parent;
    if (ts.isFunctionLike(p) && p !== home) return true;
    if (ts.isIfStatement(p) && n !== p.expression) return true;
    if (ts.isConditionalExpression(p) && n !== p.condition) return true;
    if (ts.isIterationStatement(p, false) || ts.isSwitchStatement(p) || ts.isCatchClause(p)) return true;
    if (ts.isBinaryExpression(p) && n === p.right && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(p.operatorToken.kind)) return true;
  }
  return false;
}
