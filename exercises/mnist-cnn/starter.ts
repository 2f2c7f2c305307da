import * as tf from '@tensorflow/tfjs';

/** A compiled model: [28, 28, 1] images in, 10 softmax probabilities out, sparse categorical cross-entropy. */
export function createModel(): tf.LayersModel {
  throw new Error('Not implemented yet: write createModel');
}

/** Trains the model on the images and their class indices; resolves when done. */
export async function trainModel(model: tf.LayersModel, xTrain: tf.Tensor4D, yTrain: tf.Tensor1D): Promise<unknown> {
  throw new Error('Not implemented yet: write trainModel');
}
