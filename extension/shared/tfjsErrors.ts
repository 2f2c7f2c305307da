// Turns the errors tfjs throws at a learner's code into a sentence that teaches. tfjs says
// *what* failed ("Operands could not be broadcast together with shapes 4,10 and 4"); a learner
// also needs to know why that happens and what usually fixes it, and the check's own hint is
// about something else when the code never got as far as an answer. Pure, so it is unit-tested
// on the messages tfjs really throws.

function shapeOf(text: string): number[] {
  return text.trim() === '' ? [] : text.split(',').map((d) => Number(d.trim()));
}

const show = (shape: number[]): string => `[${shape.join(', ')}]`;

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function explainBroadcast(a: number[], b: number[]): string {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  // Sizes that meet when the shapes are lined up from the last axis.
  const clash = short
    .map((d, i) => ({ d, e: long[long.length - short.length + i] }))
    .find(({ d, e }) => d !== e && d !== 1 && e !== 1);
  const lined = clash ? ` puts ${clash.e} against ${clash.d}` : ' does not line up';
  const base = `tfjs lines shapes up from the last axis, and sizes that meet must be equal or 1: ${show(a)} against ${show(b)}${lined}.`;
  if (short.length === long.length - 1 && sameShape(short, long.slice(0, -1))) {
    return `${base} ${show(short)} looks like ${show(long)} reduced over its last axis: a reduction (tf.sum, tf.max, tf.mean) drops that axis unless you pass keepDims = true, as in tf.sum(x, -1, true), which gives ${show([...short, 1])} and broadcasts.`;
  }
  return `${base} Print the shapes (x.shape) of both operands of that line; a reduction without keepDims, or a missing reshape or transpose, is the usual cause.`;
}

function explainMatMul(a: number[], b: number[], transposeA: boolean, transposeB: boolean): string {
  const t = (s: number[], flip: boolean): number[] => (flip && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
  const ea = t(a, transposeA);
  const eb = t(b, transposeB);
  const k1 = ea[ea.length - 1];
  const k2 = eb[eb.length - 2];
  const after = transposeA || transposeB ? ` (after ${[transposeA && 'transposeA', transposeB && 'transposeB'].filter(Boolean).join(' and ')})` : '';
  return (
    `tf.matMul(a, b) multiplies [m, k] by [k, n]: a's last size must equal b's second-to-last. ` +
    `Here a is ${show(ea)} and b is ${show(eb)}${after}, so ${k1} meets ${k2}. ` +
    `Write each operand's shape next to the line: usually one of them must be transposed (tf.matMul's transposeA / transposeB arguments) or the two swapped.`
  );
}

/** A sentence on why tfjs threw `message` and what usually fixes it; undefined when there is nothing to add. */
export function explainTfjsError(message: string): string | undefined {
  const broadcast = /Operands could not be broadcast together with shapes ([\d,\s]*) and ([\d,\s]*)\./.exec(message);
  if (broadcast) return explainBroadcast(shapeOf(broadcast[1]), shapeOf(broadcast[2]));
  const matMul = /inner shapes \(\d+\) and \(\d+\) of Tensors with shapes ([\d,\s]*) and ([\d,\s]*) and transposeA=(true|false) and transposeB=(true|false)/.exec(message);
  if (matMul) return explainMatMul(shapeOf(matMul[1]), shapeOf(matMul[2]), matMul[3] === 'true', matMul[4] === 'true');
  const target = /target expected a batch of elements where each example has shape \[(\d+)\].*each with shape \[1\]/.exec(message);
  if (target) {
    return `The labels are class indices (one number per example), but the loss wants one-hot rows of ${target[1]}: that is what categoricalCrossentropy expects. With class indices, compile with loss: 'sparseCategoricalCrossentropy' (or turn the labels into one-hot rows with tf.oneHot).`;
  }
  if (/Tensor is disposed/.test(message)) {
    return 'A tensor was used after it was freed: by dispose(), or because tf.tidy frees every tensor made inside it except the one its function returns. Return what you need from the tf.tidy, or dispose a tensor only once you are done with it.';
  }
  const notTensor = /Argument '(\w+)' passed to '(\w+)' must be a Tensor or TensorLike, but got '(undefined|null)'/.exec(message);
  if (notTensor) {
    // tfjs reports an undefined argument as 'null' too.
    return `tf.${notTensor[2]} got nothing (undefined or null) for its argument '${notTensor[1]}': a misspelled variable or field, a function that returns nothing, or a destructuring that does not match (e.g. const [a, b] of one tensor) gives that.`;
  }
  return undefined;
}

/**
 * A sentence on how a result of shape `actual` usually comes about where `expected` was wanted
 * (from a comparison's "returned shape [3, 3]; expected shape [3, 1]"); undefined when there
 * is no usual story.
 */
export function explainShapeMismatch(comparison: string): string | undefined {
  const m = /returned shape \[([\d,\s]*)\]; expected shape \[([\d,\s]*)\]/.exec(comparison);
  if (!m) return undefined;
  const actual = shapeOf(m[1]);
  const expected = shapeOf(m[2]);
  // "dw: returned shape …" for a field of a returned object.
  const field = /(?:^|\s)([\w.[\]]+): returned shape/.exec(comparison)?.[1];
  const subject = field ? `${field} is` : 'Your result is';
  if (actual.length === 2 && expected.length === 2 && actual[0] === expected[1] && actual[1] === expected[0] && actual[0] !== actual[1]) {
    return `${subject} ${show(actual)}, the expected ${show(expected)} transposed: check the order of tf.matMul's operands and its transpose flags (a gradient has the shape of what it is the gradient of).`;
  }
  if (actual.length === expected.length) {
    const grown = actual.findIndex((d, i) => expected[i] === 1 && d > 1);
    if (grown >= 0) {
      return `Axis ${grown} is ${actual[grown]} where 1 was expected: broadcasting grew it, which happens when a tensor missing that axis (a reduction without keepDims, say) meets one of shape ${show(expected)}. Keep reduced axes with keepDims = true.`;
    }
  }
  if (actual.length === expected.length - 1) {
    const dropped = expected.findIndex((_, i) => sameShape([...expected.slice(0, i), ...expected.slice(i + 1)], actual));
    if (dropped >= 0) {
      return `Axis ${dropped} (of size ${expected[dropped]}) is missing: a reduction over it, or a squeeze, dropped it. Keep it with keepDims = true, or reshape.`;
    }
  }
  return undefined;
}
