// Everything a learner's file gets from `import { … } from 'deepdrill'`. The worker serves that
// import with this module, and examples/tsconfig.json points the editor's types here, so what
// the editor shows is exactly what runs. Everything here is offline.
export type { Dataset } from './datasets/dataset';
export { DatasetError } from './datasets/dataset';
export type { MnistOptions } from './datasets/mnist';
export { mnist } from './datasets/mnist';
export type { IrisOptions } from './datasets/iris';
export { iris } from './datasets/iris';
export type { CirclesOptions, MoonsOptions, SineOptions, SpiralsOptions, XorOptions } from './datasets/synthetic';
export { circles, moons, sine, spirals, xor } from './datasets/synthetic';
export type { CsvOptions } from './datasets/csv';
export { csv } from './datasets/csv';
