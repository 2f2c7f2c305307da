// DeepDrill's own WebAssembly SIMD kernels (AssemblyScript), compiled by scripts/build.mjs to
// dist/simdKernels.wasm. The module IMPORTS the tfjs wasm backend's memory (env.memory), so it
// reads and writes tensors in place at the backend's data pointers: no copies in or out.
// Everything here is plain loops over byte offsets into that memory; the module has no data,
// no heap and no runtime of its own (the build checks it has no data segment), so it never
// touches the backend's memory beyond the pointers it is given.
//
// Written by hand because no library offers these shapes: XNNPACK (inside the backend) has no
// filter-gradient or pooling-gradient operator, and its matmul re-packs the right operand of a
// filter gradient on every call, which costs more than the products when the filter is small.

// ---------------------------------------------------------------------------------------------
// Filter gradient of a 2-D convolution, NHWC, without im2col and without packing:
//   dW[i, j, c, o] = Σ_{n, yo, xo} x[n, yo·sh + i·dh − padT, xo·sw + j·dw − padL, c] · dy[n, yo, xo, o]
// For each dy row (n, yo) and each filter row i, column j and input channel c, the valid output
// columns form one range; over it, dy's O values per column are multiplied by one x value and
// accumulated, 16 (or 4) output channels at a time in SIMD registers. Fast when kh·kw·C is small
// (the first conv layer of a CNN: 3·3·1), where a matmul would spend its time packing dy.
// ---------------------------------------------------------------------------------------------
export function conv2dFilterGrad(
  x: usize,
  dy: usize,
  out: usize,
  n: i32,
  h: i32,
  w: i32,
  c: i32,
  oh: i32,
  ow: i32,
  o: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  padT: i32,
  padL: i32,
): void {
  memory.fill(out, 0, <usize>(kh * kw * c * o) << 2);
  const xPixel = <usize>c << 2; // bytes per x pixel
  const xStep = <usize>(sw * c) << 2; // bytes between the x values of adjacent output columns
  const dyPixel = <usize>o << 2;
  for (let b = 0; b < n; b++) {
    for (let yo = 0; yo < oh; yo++) {
      const dyRow = dy + (<usize>((b * oh + yo) * ow) << 2) * <usize>o;
      for (let i = 0; i < kh; i++) {
        const yi = yo * sh + i * dh - padT;
        if (yi < 0 || yi >= h) continue;
        const xRow = x + (<usize>((b * h + yi) * w) << 2) * <usize>c;
        for (let j = 0; j < kw; j++) {
          // Output columns whose input column xo·sw + j·dw − padL lies inside [0, w).
          const off = j * dw - padL;
          let xo0 = 0;
          if (off < 0) xo0 = (-off + sw - 1) / sw;
          let xo1 = ow;
          const lim = (w - 1 - off) / sw + 1; // first xo with xi ≥ w (off ≤ w − 1 here)
          if (w - 1 - off < 0) xo1 = 0;
          else if (lim < xo1) xo1 = lim;
          if (xo0 >= xo1) continue;
          const dyStart = dyRow + <usize>xo0 * dyPixel;
          let ch = 0;
          // Four input channels at a time where they are: each dy load then feeds 4 products.
          for (; ch + 4 <= c; ch += 4) {
            const row = out + (<usize>(((i * kw + j) * c + ch) * o) << 2);
            const xStart = xRow + <usize>(xo0 * sw + off) * xPixel + (<usize>ch << 2);
            accumulate4Rows(row, xStart, xStep, dyStart, dyPixel, xo1 - xo0, o);
          }
          for (; ch < c; ch++) {
            const row = out + (<usize>(((i * kw + j) * c + ch) * o) << 2);
            const xStart = xRow + <usize>(xo0 * sw + off) * xPixel + (<usize>ch << 2);
            accumulateRow(row, xStart, xStep, dyStart, dyPixel, xo1 - xo0, o);
          }
        }
      }
    }
  }
}

// a·b + c: one fused multiply-add where relaxed SIMD is enabled (the build makes one binary with
// it, one without; see simdKernels.ts for which one loads), else a multiply and an add.
// @ts-ignore: decorator
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

// Rows r = 0..3 (row + r·o·4): row_r[0..o) += Σ_k x[xAt + 4r + k·xStep] · dy[dyAt + k·dyStep, 0..o),
// 8 output channels × 4 input channels in SIMD registers per pass.
// @ts-ignore: decorator
@inline
function accumulate4Rows(row: usize, xAt: usize, xStep: usize, dyAt: usize, dyStep: usize, count: i32, o: i32): void {
  const rowBytes = <usize>o << 2;
  let ob = 0;
  for (; ob + 8 <= o; ob += 8) {
    const r0 = row + (<usize>ob << 2);
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let a00 = v128.load(r0);
    let a01 = v128.load(r0, 16);
    let a10 = v128.load(r1);
    let a11 = v128.load(r1, 16);
    let a20 = v128.load(r2);
    let a21 = v128.load(r2, 16);
    let a30 = v128.load(r3);
    let a31 = v128.load(r3, 16);
    let xp = xAt;
    let dp = dyAt + (<usize>ob << 2);
    for (let k = 0; k < count; k++) {
      const xv = v128.load(xp);
      const d0 = v128.load(dp);
      const d1 = v128.load(dp, 16);
      const s0 = v128.shuffle<f32>(xv, xv, 0, 0, 0, 0);
      a00 = madd(s0, d0, a00);
      a01 = madd(s0, d1, a01);
      const s1 = v128.shuffle<f32>(xv, xv, 1, 1, 1, 1);
      a10 = madd(s1, d0, a10);
      a11 = madd(s1, d1, a11);
      const s2 = v128.shuffle<f32>(xv, xv, 2, 2, 2, 2);
      a20 = madd(s2, d0, a20);
      a21 = madd(s2, d1, a21);
      const s3 = v128.shuffle<f32>(xv, xv, 3, 3, 3, 3);
      a30 = madd(s3, d0, a30);
      a31 = madd(s3, d1, a31);
      xp += xStep;
      dp += dyStep;
    }
    v128.store(r0, a00);
    v128.store(r0, a01, 16);
    v128.store(r1, a10);
    v128.store(r1, a11, 16);
    v128.store(r2, a20);
    v128.store(r2, a21, 16);
    v128.store(r3, a30);
    v128.store(r3, a31, 16);
  }
  if (ob < o) {
    // The last o % 8 output channels, one input channel at a time.
    const tail = o - ob;
    const dyTail = dyAt + (<usize>ob << 2);
    for (let r = 0; r < 4; r++) {
      accumulateRow(row + <usize>r * rowBytes + (<usize>ob << 2), xAt + (<usize>r << 2), xStep, dyTail, dyStep, count, tail);
    }
  }
}

// row[0..o) += Σ_k x[xAt + k·xStep] · dy[dyAt + k·dyStep, 0..o)
// @ts-ignore: decorator
@inline
function accumulateRow(row: usize, xAt: usize, xStep: usize, dyAt: usize, dyStep: usize, count: i32, o: i32): void {
  let ob = 0;
  for (; ob + 16 <= o; ob += 16) {
    const r = row + (<usize>ob << 2);
    let a0 = v128.load(r);
    let a1 = v128.load(r, 16);
    let a2 = v128.load(r, 32);
    let a3 = v128.load(r, 48);
    let xp = xAt;
    let dp = dyAt + (<usize>ob << 2);
    for (let k = 0; k < count; k++) {
      const s = f32x4.splat(load<f32>(xp));
      a0 = madd(s, v128.load(dp), a0);
      a1 = madd(s, v128.load(dp, 16), a1);
      a2 = madd(s, v128.load(dp, 32), a2);
      a3 = madd(s, v128.load(dp, 48), a3);
      xp += xStep;
      dp += dyStep;
    }
    v128.store(r, a0);
    v128.store(r, a1, 16);
    v128.store(r, a2, 32);
    v128.store(r, a3, 48);
  }
  for (; ob + 4 <= o; ob += 4) {
    const r = row + (<usize>ob << 2);
    let a0 = v128.load(r);
    let xp = xAt;
    let dp = dyAt + (<usize>ob << 2);
    for (let k = 0; k < count; k++) {
      a0 = madd(f32x4.splat(load<f32>(xp)), v128.load(dp), a0);
      xp += xStep;
      dp += dyStep;
    }
    v128.store(r, a0);
  }
  for (; ob < o; ob++) {
    const r = row + (<usize>ob << 2);
    let a = load<f32>(r);
    let xp = xAt;
    let dp = dyAt + (<usize>ob << 2);
    for (let k = 0; k < count; k++) {
      a += load<f32>(xp) * load<f32>(dp);
      xp += xStep;
      dp += dyStep;
    }
    store<f32>(r, a);
  }
}

// ---------------------------------------------------------------------------------------------
// Max-pool gradient for 2×2 windows, stride 2, no padding, NHWC, c % 4 == 0 (the pooling layer
// of nearly every CNN). The windows do not overlap, so each input is written exactly once: its
// window's gradient if it is the window's maximum, else 0. Ties go to the FIRST maximum in
// row-major order, as in TensorFlow and the tfjs cpu backend: the running maximum starts at
// −∞ and is replaced only by a strictly greater value (so NaN never wins, as there).
// Inputs past the last window (odd h or w) are zeroed.
// ---------------------------------------------------------------------------------------------
export function maxPoolGrad2x2(x: usize, dy: usize, dx: usize, n: i32, h: i32, w: i32, c: i32): void {
  const oh = h >> 1;
  const ow = w >> 1;
  if ((oh << 1) != h || (ow << 1) != w) memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  const pixel = <usize>c << 2;
  const rowBytes = <usize>w * pixel;
  const negInf = f32x4.splat(-Infinity);
  let g = dy;
  for (let b = 0; b < n; b++) {
    for (let yo = 0; yo < oh; yo++) {
      let at = <usize>((b * h + 2 * yo) * w) * pixel;
      for (let xo = 0; xo < ow; xo++) {
        for (let ch: usize = 0; ch < pixel; ch += 16) {
          const p0 = at + ch;
          const p1 = p0 + pixel;
          const p2 = p0 + rowBytes;
          const p3 = p2 + pixel;
          const v0 = v128.load(x + p0);
          const v1 = v128.load(x + p1);
          const v2 = v128.load(x + p2);
          const v3 = v128.load(x + p3);
          const k0 = f32x4.gt(v0, negInf);
          let best = v128.bitselect(v0, negInf, k0);
          const k1 = f32x4.gt(v1, best);
          best = v128.bitselect(v1, best, k1);
          const k2 = f32x4.gt(v2, best);
          best = v128.bitselect(v2, best, k2);
          const k3 = f32x4.gt(v3, best);
          const gv = v128.load(g);
          g += 16;
          // Input k keeps the gradient where it was the last to raise the maximum.
          const m3 = k3;
          const m2 = v128.andnot(k2, k3);
          const m1 = v128.andnot(v128.andnot(k1, k2), k3);
          const m0 = v128.andnot(v128.andnot(v128.andnot(k0, k1), k2), k3);
          v128.store(dx + p0, v128.and(gv, m0));
          v128.store(dx + p1, v128.and(gv, m1));
          v128.store(dx + p2, v128.and(gv, m2));
          v128.store(dx + p3, v128.and(gv, m3));
        }
        at += pixel << 1;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Column sums of a [rows, cols] float32 matrix (bias gradients: dy summed over batch, rows and
// columns), accumulated in doubles as the tfjs cpu backend does. `acc` is scratch of cols
// doubles (8-byte aligned); cols % 4 == 0.
// ---------------------------------------------------------------------------------------------
export function sumRows(x: usize, out: usize, acc: usize, rows: i32, cols: i32): void {
  const accBytes = <usize>cols << 3;
  memory.fill(acc, 0, accBytes);
  let p = x;
  for (let r = 0; r < rows; r++) {
    for (let a: usize = 0; a < accBytes; a += 16) {
      const v = v128.load(p);
      p += 16;
      const lo = f64x2.promote_low_f32x4(v);
      const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
      v128.store(acc + a, f64x2.add(v128.load(acc + a), lo));
      v128.store(acc + a + 16, f64x2.add(v128.load(acc + a + 16), hi));
      a += 16;
    }
  }
  for (let k = 0; k < cols; k++) store<f32>(out + (<usize>k << 2), <f32>load<f64>(acc + (<usize>k << 3)));
}

// ---------------------------------------------------------------------------------------------
// 2-D convolution, NHWC, dilation 1, o % 16 == 0, implicit zero padding:
//   y[n, yo, xo, f] = Σ_{i, j, c} x[n, yo·sh + i − padT, xo·sw + j − padL, c] · w[i, j, c, f]
// Two output pixels × 16 output channels per pass (8 SIMD accumulators): each filter load feeds
// two products, and taps outside the input are skipped instead of multiplying padded zeros.
// With fused multiply-adds it beats XNNPACK's conv (built without them) on the seed CNN's
// shapes; it also computes the input gradient, as a convolution of dy with the flipped filter.
// ---------------------------------------------------------------------------------------------
export function conv2dForward(
  x: usize,
  w: usize,
  y: usize,
  n: i32,
  h: i32,
  wd: i32,
  c: i32,
  oh: i32,
  ow: i32,
  o: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  padT: i32,
  padL: i32,
): void {
  const xPixel = <usize>c << 2;
  const wRow = <usize>o << 2; // bytes per (i, j, c) row of the filter
  const yPixel = <usize>o << 2;
  for (let b = 0; b < n; b++) {
    for (let yo = 0; yo < oh; yo++) {
      const yRow = y + <usize>((b * oh + yo) * ow) * yPixel;
      for (let ob = 0; ob < o; ob += 16) {
        const wCol = w + (<usize>ob << 2);
        let xo = 0;
        for (; xo + 2 <= ow; xo += 2) {
          let a0 = f32x4.splat(0);
          let a1 = a0;
          let a2 = a0;
          let a3 = a0;
          let b0 = a0;
          let b1 = a0;
          let b2 = a0;
          let b3 = a0;
          for (let i = 0; i < kh; i++) {
            const yi = yo * sh + i - padT;
            if (yi < 0 || yi >= h) continue;
            const xRow = x + <usize>((b * h + yi) * wd) * xPixel;
            for (let j = 0; j < kw; j++) {
              const xi0 = xo * sw + j - padL;
              const xi1 = xi0 + sw;
              const in0 = xi0 >= 0 && xi0 < wd;
              const in1 = xi1 >= 0 && xi1 < wd;
              let wp = wCol + <usize>((i * kw + j) * c) * wRow;
              if (in0 && in1) {
                let xp0 = xRow + <usize>xi0 * xPixel;
                const gap = <usize>sw * xPixel;
                for (let ch = 0; ch < c; ch++) {
                  const s0 = v128.load32_splat(xp0);
                  const s1 = v128.load32_splat(xp0 + gap);
                  const w0 = v128.load(wp);
                  const w1 = v128.load(wp, 16);
                  const w2 = v128.load(wp, 32);
                  const w3 = v128.load(wp, 48);
                  a0 = madd(s0, w0, a0);
                  a1 = madd(s0, w1, a1);
                  a2 = madd(s0, w2, a2);
                  a3 = madd(s0, w3, a3);
                  b0 = madd(s1, w0, b0);
                  b1 = madd(s1, w1, b1);
                  b2 = madd(s1, w2, b2);
                  b3 = madd(s1, w3, b3);
                  xp0 += 4;
                  wp += wRow;
                }
              } else if (in0) {
                let xp = xRow + <usize>xi0 * xPixel;
                for (let ch = 0; ch < c; ch++) {
                  const s = v128.load32_splat(xp);
                  a0 = madd(s, v128.load(wp), a0);
                  a1 = madd(s, v128.load(wp, 16), a1);
                  a2 = madd(s, v128.load(wp, 32), a2);
                  a3 = madd(s, v128.load(wp, 48), a3);
                  xp += 4;
                  wp += wRow;
                }
              } else if (in1) {
                let xp = xRow + <usize>xi1 * xPixel;
                for (let ch = 0; ch < c; ch++) {
                  const s = v128.load32_splat(xp);
                  b0 = madd(s, v128.load(wp), b0);
                  b1 = madd(s, v128.load(wp, 16), b1);
                  b2 = madd(s, v128.load(wp, 32), b2);
                  b3 = madd(s, v128.load(wp, 48), b3);
                  xp += 4;
                  wp += wRow;
                }
              }
            }
          }
          const p0 = yRow + <usize>xo * yPixel + (<usize>ob << 2);
          v128.store(p0, a0);
          v128.store(p0, a1, 16);
          v128.store(p0, a2, 32);
          v128.store(p0, a3, 48);
          const p1 = p0 + yPixel;
          v128.store(p1, b0);
          v128.store(p1, b1, 16);
          v128.store(p1, b2, 32);
          v128.store(p1, b3, 48);
        }
        if (xo < ow) {
          // The last output column of an odd width.
          let a0 = f32x4.splat(0);
          let a1 = a0;
          let a2 = a0;
          let a3 = a0;
          for (let i = 0; i < kh; i++) {
            const yi = yo * sh + i - padT;
            if (yi < 0 || yi >= h) continue;
            const xRow = x + <usize>((b * h + yi) * wd) * xPixel;
            for (let j = 0; j < kw; j++) {
              const xi = xo * sw + j - padL;
              if (xi < 0 || xi >= wd) continue;
              let xp = xRow + <usize>xi * xPixel;
              let wp = wCol + <usize>((i * kw + j) * c) * wRow;
              for (let ch = 0; ch < c; ch++) {
                const s = v128.load32_splat(xp);
                a0 = madd(s, v128.load(wp), a0);
                a1 = madd(s, v128.load(wp, 16), a1);
                a2 = madd(s, v128.load(wp, 32), a2);
                a3 = madd(s, v128.load(wp, 48), a3);
                xp += 4;
                wp += wRow;
              }
            }
          }
          const p0 = yRow + <usize>xo * yPixel + (<usize>ob << 2);
          v128.store(p0, a0);
          v128.store(p0, a1, 16);
          v128.store(p0, a2, 32);
          v128.store(p0, a3, 48);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One Adam step for one weight tensor: m and v updated in place, the new weights written to
// wOut (a new buffer: XNNPACK caches packed weights by buffer, so weights must not change in
// place), g read. Exactly the
// float32 operations of tfjs's AdamOptimizer in the same order, so the result is the stock one
// bit for bit; no fused multiply-add here for that reason:
//   m' = m·β1 + g·(1−β1);  v' = v·β2 + (g·g)·(1−β2)
//   w' = ((m' / c1) / (sqrt(v' / c2) + ε))·(−lr) + w,  c1 = 1 − β1^t, c2 = 1 − β2^t
// ---------------------------------------------------------------------------------------------
export function adamUpdate(
  w: usize,
  wOut: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  c1: f32,
  c2: f32,
  eps: f32,
  negLr: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const ob1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const ob2 = f32x4.splat(oneMinusBeta2);
  const k1 = f32x4.splat(c1);
  const k2 = f32x4.splat(c2);
  const e = f32x4.splat(eps);
  const nl = f32x4.splat(negLr);
  const vectorBytes = <usize>(n & ~3) << 2;
  for (let at: usize = 0; at < vectorBytes; at += 16) {
    const gv = v128.load(g + at);
    const m1 = f32x4.add(f32x4.mul(v128.load(m + at), b1), f32x4.mul(gv, ob1));
    const v1 = f32x4.add(f32x4.mul(v128.load(v + at), b2), f32x4.mul(f32x4.mul(gv, gv), ob2));
    const step = f32x4.div(f32x4.div(m1, k1), f32x4.add(f32x4.sqrt(f32x4.div(v1, k2)), e));
    v128.store(m + at, m1);
    v128.store(v + at, v1);
    v128.store(wOut + at, f32x4.add(f32x4.mul(step, nl), v128.load(w + at)));
  }
  for (let at = vectorBytes; at < (<usize>n << 2); at += 4) {
    const gs = load<f32>(g + at);
    const m1 = load<f32>(m + at) * beta1 + gs * oneMinusBeta1;
    const v1 = load<f32>(v + at) * beta2 + gs * gs * oneMinusBeta2;
    const step = m1 / c1 / (<f32>Math.sqrt(<f64>(v1 / c2)) + eps);
    store<f32>(m + at, m1);
    store<f32>(v + at, v1);
    store<f32>(wOut + at, step * negLr + load<f32>(w + at));
  }
}

// ---------------------------------------------------------------------------------------------
// 2-D convolution, NHWC, dilation 1, for FEW input channels (1–3: the first layer of a CNN over
// grey-scale or RGB images), o ≥ 4 output channels (conv2dGrad.ts routes o ≥ 16 here):
//   y[n, yo, xo, f] = Σ_{i, j, c} x[n, yo·sh + i − padT, xo·sw + j − padL, c] · w[i, j, c, f]
// With dilation 1, the taps (j, c) of one filter row are kw·c CONSECUTIVE floats of x and kw·c
// consecutive rows of w, so each filter row is one flat loop (no per-tap bounds check or channel
// loop, which conv2dForward pays per tap and which dominate when c is 1). The valid filter rows
// and columns are computed once per output row and pixel: taps outside the input are skipped.
// Output channels: 16 at a time for two pixels (8 accumulators), then 4 at a time; the last
// o % 4 channels as one more block of 4 that overlaps the one before (its channels are computed
// twice, in the same order, so the same values are written twice): no scalar tail.
// ---------------------------------------------------------------------------------------------
export function conv2dFewChannels(
  x: usize,
  w: usize,
  y: usize,
  n: i32,
  h: i32,
  wd: i32,
  c: i32,
  oh: i32,
  ow: i32,
  o: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  padT: i32,
  padL: i32,
): void {
  const xPixel = <usize>c << 2;
  const xRowBytes = <usize>wd * xPixel;
  const wRow = <usize>o << 2; // bytes per (i, j, c) row of the filter
  const wFilterRow = <usize>(kw * c) * wRow; // bytes per filter row i
  const yPixel = <usize>o << 2;
  const gap = <usize>sw * xPixel; // bytes between the inputs of two adjacent output pixels
  const o16 = o & ~15;
  for (let b = 0; b < n; b++) {
    for (let yo = 0; yo < oh; yo++) {
      // Filter rows i in [i0, i1) fall inside the input.
      const top = yo * sh - padT;
      const i0 = top < 0 ? -top : 0;
      const i1 = h - top < kh ? h - top : kh;
      if (i0 >= i1) {
        memory.fill(y + <usize>((b * oh + yo) * ow) * yPixel, 0, <usize>ow * yPixel);
        continue;
      }
      const rows = i1 - i0;
      const xTop = x + <usize>((b * h + top + i0) * wd) * xPixel; // x row of filter row i0 (column 0)
      const wTop = w + <usize>i0 * wFilterRow;
      const yRow = y + <usize>((b * oh + yo) * ow) * yPixel;
      let xo = 0;
      while (xo < ow) {
        const left = xo * sw - padL;
        const j0 = left < 0 ? -left : 0;
        const j1 = wd - left < kw ? wd - left : kw;
        // Pair this pixel with the next when both see every filter column.
        const pair = j0 == 0 && j1 == kw && xo + 1 < ow && left + sw + kw <= wd;
        const yp = yRow + <usize>xo * yPixel;
        if (j0 >= j1) {
          memory.fill(yp, 0, yPixel);
          xo++;
          continue;
        }
        const taps = (j1 - j0) * c; // consecutive floats per filter row
        const xStart = xTop + <usize>(left + j0) * xPixel; // signed left + j0 ≥ 0
        const wStart = wTop + <usize>(j0 * c) * wRow;
        if (pair) {
          for (let ob = 0; ob < o16; ob += 16) {
            let a0 = f32x4.splat(0);
            let a1 = a0;
            let a2 = a0;
            let a3 = a0;
            let b0 = a0;
            let b1 = a0;
            let b2 = a0;
            let b3 = a0;
            let xr = xStart;
            let wp = wStart + (<usize>ob << 2);
            for (let r = 0; r < rows; r++) {
              let xp = xr;
              for (let t = 0; t < taps; t++) {
                const s0 = v128.load32_splat(xp);
                const s1 = v128.load32_splat(xp + gap);
                const w0 = v128.load(wp);
                const w1 = v128.load(wp, 16);
                const w2 = v128.load(wp, 32);
                const w3 = v128.load(wp, 48);
                a0 = madd(s0, w0, a0);
                a1 = madd(s0, w1, a1);
                a2 = madd(s0, w2, a2);
                a3 = madd(s0, w3, a3);
                b0 = madd(s1, w0, b0);
                b1 = madd(s1, w1, b1);
                b2 = madd(s1, w2, b2);
                b3 = madd(s1, w3, b3);
                xp += 4;
                wp += wRow;
              }
              xr += xRowBytes;
            }
            const p0 = yp + (<usize>ob << 2);
            v128.store(p0, a0);
            v128.store(p0, a1, 16);
            v128.store(p0, a2, 32);
            v128.store(p0, a3, 48);
            const p1 = p0 + yPixel;
            v128.store(p1, b0);
            v128.store(p1, b1, 16);
            v128.store(p1, b2, 32);
            v128.store(p1, b3, 48);
          }
          for (let ob4 = o16; ob4 < o; ob4 += 4) {
            const ob = ob4 + 4 <= o ? ob4 : o - 4; // the last 4 channels, overlapping the block before
            let a0 = f32x4.splat(0);
            let b0 = a0;
            let xr = xStart;
            let wp = wStart + (<usize>ob << 2);
            for (let r = 0; r < rows; r++) {
              let xp = xr;
              for (let t = 0; t < taps; t++) {
                const w0 = v128.load(wp);
                a0 = madd(v128.load32_splat(xp), w0, a0);
                b0 = madd(v128.load32_splat(xp + gap), w0, b0);
                xp += 4;
                wp += wRow;
              }
              xr += xRowBytes;
            }
            v128.store(yp + (<usize>ob << 2), a0);
            v128.store(yp + yPixel + (<usize>ob << 2), b0);
          }
          xo += 2;
        } else {
          for (let ob = 0; ob < o16; ob += 16) {
            let a0 = f32x4.splat(0);
            let a1 = a0;
            let a2 = a0;
            let a3 = a0;
            let xr = xStart;
            let wp = wStart + (<usize>ob << 2);
            for (let r = 0; r < rows; r++) {
              let xp = xr;
              for (let t = 0; t < taps; t++) {
                const s0 = v128.load32_splat(xp);
                a0 = madd(s0, v128.load(wp), a0);
                a1 = madd(s0, v128.load(wp, 16), a1);
                a2 = madd(s0, v128.load(wp, 32), a2);
                a3 = madd(s0, v128.load(wp, 48), a3);
                xp += 4;
                wp += wRow;
              }
              xr += xRowBytes;
              wp += wFilterRow - <usize>taps * wRow;
            }
            const p0 = yp + (<usize>ob << 2);
            v128.store(p0, a0);
            v128.store(p0, a1, 16);
            v128.store(p0, a2, 32);
            v128.store(p0, a3, 48);
          }
          for (let ob4 = o16; ob4 < o; ob4 += 4) {
            const ob = ob4 + 4 <= o ? ob4 : o - 4; // the last 4 channels, overlapping the block before
            let a0 = f32x4.splat(0);
            let xr = xStart;
            let wp = wStart + (<usize>ob << 2);
            for (let r = 0; r < rows; r++) {
              let xp = xr;
              for (let t = 0; t < taps; t++) {
                a0 = madd(v128.load32_splat(xp), v128.load(wp), a0);
                xp += 4;
                wp += wRow;
              }
              xr += xRowBytes;
              wp += wFilterRow - <usize>taps * wRow;
            }
            v128.store(yp + (<usize>ob << 2), a0);
          }
          xo++;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// dst[0..n) += Σ_{k < count} src[k·n .. (k+1)·n), the partial sums added one after another in
// k order (so the result depends only on how the partials were cut, never on which thread
// computed which): the last step of a filter gradient split over batch parts (kernelThreads.ts).
// ---------------------------------------------------------------------------------------------
export function addPartials(dst: usize, src: usize, n: i32, count: i32): void {
  const bytes = <usize>n << 2;
  const vectorBytes = <usize>(n & ~3) << 2;
  for (let k = 0; k < count; k++) {
    const part = src + <usize>k * bytes;
    for (let at: usize = 0; at < vectorBytes; at += 16) {
      v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(part + at)));
    }
    for (let at = vectorBytes; at < bytes; at += 4) {
      store<f32>(dst + at, load<f32>(dst + at) + load<f32>(part + at));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// C[m, n] = Σ_k A(i, k) · B[k, n]: B is [k, n] row-major, C is [m, n] row-major, and A is read
// through strides (element (i, k) at a + (i·aRow + k·aCol)·4), so a transposed A needs no copy.
// 16 columns of C per pass in four SIMD accumulators, then 4, then single columns. Written for
// the skinny products of a dense layer's gradients (batchMatMul.ts), where one side of C has at
// most 16 entries: XNNPACK re-packs the changing operand on every call, which costs more there
// than the products themselves.
// ---------------------------------------------------------------------------------------------
export function gemm(a: usize, aRow: i32, aCol: i32, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const bRow = <usize>n << 2;
  const aStep = <usize>aCol << 2;
  const n16 = n & ~15;
  const n4 = n & ~3;
  for (let i = 0; i < m; i++) {
    const aStart = a + (<usize>(i * aRow) << 2);
    const cRow = c + (<usize>(i * n) << 2);
    let j = 0;
    for (; j < n16; j += 16) {
      let c0 = f32x4.splat(0);
      let c1 = c0;
      let c2 = c0;
      let c3 = c0;
      let ap = aStart;
      let bp = b + (<usize>j << 2);
      for (let kk = 0; kk < k; kk++) {
        const s = v128.load32_splat(ap);
        c0 = madd(s, v128.load(bp), c0);
        c1 = madd(s, v128.load(bp, 16), c1);
        c2 = madd(s, v128.load(bp, 32), c2);
        c3 = madd(s, v128.load(bp, 48), c3);
        ap += aStep;
        bp += bRow;
      }
      const cp = cRow + (<usize>j << 2);
      v128.store(cp, c0);
      v128.store(cp, c1, 16);
      v128.store(cp, c2, 32);
      v128.store(cp, c3, 48);
    }
    for (; j < n4; j += 4) {
      let c0 = f32x4.splat(0);
      let ap = aStart;
      let bp = b + (<usize>j << 2);
      for (let kk = 0; kk < k; kk++) {
        c0 = madd(v128.load32_splat(ap), v128.load(bp), c0);
        ap += aStep;
        bp += bRow;
      }
      v128.store(cRow + (<usize>j << 2), c0);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      let ap = aStart;
      let bp = b + (<usize>j << 2);
      for (let kk = 0; kk < k; kk++) {
        s += load<f32>(ap) * load<f32>(bp);
        ap += aStep;
        bp += bRow;
      }
      store<f32>(cRow + (<usize>j << 2), s);
    }
  }
}

// dst[j, i] = src[i, j] for a [rows, cols] row-major src (dst is [cols, rows]).
export function transpose2d(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const row = src + (<usize>(i * cols) << 2);
    for (let j = 0; j < cols; j++) {
      store<f32>(dst + (<usize>(j * rows + i) << 2), load<f32>(row + (<usize>j << 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Max pooling over 2×2 windows, stride 2, no padding, NHWC, c % 4 == 0: the forward pass of
// maxPoolGrad2x2, with the same rule (the running maximum starts at −∞ and takes only a strictly
// greater value, so NaN never wins, as on the tfjs cpu backend). Odd last rows and columns are
// outside every window.
// ---------------------------------------------------------------------------------------------
export function maxPool2x2(x: usize, y: usize, n: i32, h: i32, w: i32, c: i32): void {
  const oh = h >> 1;
  const ow = w >> 1;
  const pixel = <usize>c << 2;
  const rowBytes = <usize>w * pixel;
  const negInf = f32x4.splat(-Infinity);
  let out = y;
  for (let b = 0; b < n; b++) {
    for (let yo = 0; yo < oh; yo++) {
      let at = x + <usize>((b * h + 2 * yo) * w) * pixel;
      for (let xo = 0; xo < ow; xo++) {
        for (let ch: usize = 0; ch < pixel; ch += 16) {
          const p0 = at + ch;
          const v0 = v128.load(p0);
          const v1 = v128.load(p0 + pixel);
          const v2 = v128.load(p0 + rowBytes);
          const v3 = v128.load(p0 + rowBytes + pixel);
          let best = v128.bitselect(v0, negInf, f32x4.gt(v0, negInf));
          best = v128.bitselect(v1, best, f32x4.gt(v1, best));
          best = v128.bitselect(v2, best, f32x4.gt(v2, best));
          best = v128.bitselect(v3, best, f32x4.gt(v3, best));
          v128.store(out, best);
          out += 16;
        }
        at += pixel << 1;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// y[r, 0..c) = x[r, 0..c) + bias[0..c) for r < rows, c % 4 == 0: the bias of a conv or dense
// layer added to its output (the same float additions as the stock Add, so the same values).
// ---------------------------------------------------------------------------------------------
export function addBias(x: usize, bias: usize, y: usize, rows: i32, c: i32): void {
  const rowBytes = <usize>c << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    for (let ch: usize = 0; ch < rowBytes; ch += 16) {
      v128.store(y + off + ch, f32x4.add(v128.load(x + off + ch), v128.load(bias + ch)));
    }
  }
}
