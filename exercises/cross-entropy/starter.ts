import * as tf from '@tensorflow/tfjs';

/** Mean over the batch of −Σ labels · log softmax(logits); labels are [batch, classes]. */
export function categoricalCrossEntropy(labels: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  throw new Error('Not implemented yet: write categoricalCrossEntropy');
}

/** The same loss with labels given as int32 class indices, shape [batch]. */
export function sparseCategoricalCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  throw new Error('Not implemented yet: write sparseCategoricalCrossEntropy');
}
