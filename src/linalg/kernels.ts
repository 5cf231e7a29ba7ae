/**
 * Flat row-major Float64Array kernels for the hot loops. A matrix A ∈ R^{m×n} is a
 * Float64Array of length m·n with A[i, j] = a[i·n + j]. Loops are unrolled by four
 * where it pays; Grams are built exactly symmetric (upper triangle mirrored) so that
 * Cholesky sees a symmetric matrix.
 *
 * Sizes and offsets are coerced to int32 on entry (`n |= 0`): a size computed in floating point
 * (e.g. 0.5 * d) reaches V8 as a double, and once a kernel has seen one, its index arithmetic is
 * compiled for doubles, which halved the speed of every later call (measured on syrk).
 */

/** xᵀy over the first `len` entries, with optional offsets into x and y. */
export function dot(x: Float64Array, y: Float64Array, len = x.length, xOff = 0, yOff = 0): number {
  len |= 0; xOff |= 0; yOff |= 0;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[xOff + i]! * y[yOff + i]!;
    s1 += x[xOff + i + 1]! * y[yOff + i + 1]!;
    s2 += x[xOff + i + 2]! * y[yOff + i + 2]!;
    s3 += x[xOff + i + 3]! * y[yOff + i + 3]!;
  }
  for (; i < len; i++) s0 += x[xOff + i]! * y[yOff + i]!;
  return s0 + s1 + s2 + s3;
}

/** y ← y + α x (over `len` entries, with optional offsets). */
export function axpy(alpha: number, x: Float64Array, y: Float64Array, len = x.length, xOff = 0, yOff = 0): void {
  len |= 0; xOff |= 0; yOff |= 0;
  for (let i = 0; i < len; i++) y[yOff + i] += alpha * x[xOff + i]!;
}

/** Euclidean norm. */
export function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** out = A x for A ∈ R^{m×n}. */
export function gemv(A: Float64Array, m: number, n: number, x: Float64Array, out = new Float64Array(m)): Float64Array {
  m |= 0; n |= 0;
  for (let i = 0; i < m; i++) out[i] = dot(A, x, n, i * n, 0);
  return out;
}

/**
 * out = Aᵀ x for A ∈ R^{m×n} (a weighted sum of rows: the pooling kernel Xᵀs). Rows with
 * x_i = 0 are skipped (hardmax pooling reads one row); the others are added four at a time,
 * each entry held in a register and accumulated row by row in order, which rounds exactly as
 * one axpy per row would, with a quarter of the loads and stores of `out`.
 */
export function gemvT(A: Float64Array, m: number, n: number, x: Float64Array, out = new Float64Array(n)): Float64Array {
  m |= 0; n |= 0;
  out.fill(0);
  let i = 0;
  for (;;) {
    while (i < m && x[i] === 0) i++;
    let i1 = i + 1;
    while (i1 < m && x[i1] === 0) i1++;
    let i2 = i1 + 1;
    while (i2 < m && x[i2] === 0) i2++;
    let i3 = i2 + 1;
    while (i3 < m && x[i3] === 0) i3++;
    if (i3 >= m) break;
    const x0 = x[i]!, x1 = x[i1]!, x2 = x[i2]!, x3 = x[i3]!;
    const o0 = i * n, o1 = i1 * n, o2 = i2 * n, o3 = i3 * n;
    for (let j = 0; j < n; j++) {
      let s = out[j]!;
      s += x0 * A[o0 + j]!;
      s += x1 * A[o1 + j]!;
      s += x2 * A[o2 + j]!;
      s += x3 * A[o3 + j]!;
      out[j] = s;
    }
    i = i3 + 1;
  }
  for (; i < m; i++) {
    const xi = x[i]!;
    if (xi !== 0) axpy(xi, A, out, n, i * n, 0);
  }
  return out;
}

/** out = Aᵀ ∈ R^{n×m} for A ∈ R^{m×n}. */
export function transpose(A: Float64Array, m: number, n: number, out = new Float64Array(m * n)): Float64Array {
  m |= 0; n |= 0;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j * m + i] = A[row + j]!;
  }
  return out;
}

/**
 * Gram AᵀA ∈ R^{n×n} of A ∈ R^{m×n} (the primal ridge matrix): A is transposed once (m·n
 * copies) so that columns become contiguous rows, then `syrk` takes over. Each entry is summed
 * over the m rows in order, as a sum of row outer products would be.
 */
export function gramT(A: Float64Array, m: number, n: number, out = new Float64Array(n * n)): Float64Array {
  return syrk(transpose(A, m, n), n, m, out);
}

/** Gram AAᵀ ∈ R^{m×m} of A ∈ R^{m×n} (the dual ridge matrix), exactly symmetric. */
export function gram(A: Float64Array, m: number, n: number, out = new Float64Array(m * m)): Float64Array {
  return syrk(A, m, n, out);
}

/**
 * S = B Bᵀ ∈ R^{p×p} for B ∈ R^{p×q}: the upper triangle in 4×2 register tiles (six loads feed
 * eight multiply-adds, against two loads per multiply-add for a plain dot product), then
 * mirrored so S is exactly symmetric. Entries are summed over k = 0..q−1 in order.
 */
export function syrk(B: Float64Array, p: number, q: number, out = new Float64Array(p * p)): Float64Array {
  p |= 0; q |= 0;
  let i = 0;
  for (; i + 3 < p; i += 4) {
    const a0 = i * q, a1 = a0 + q, a2 = a1 + q, a3 = a2 + q;
    let j = i;
    for (; j + 1 < p; j += 2) {
      const b0 = j * q, b1 = b0 + q;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let k = 0; k < q; k++) {
        const y0 = B[b0 + k]!, y1 = B[b1 + k]!;
        const x0 = B[a0 + k]!, x1 = B[a1 + k]!, x2 = B[a2 + k]!, x3 = B[a3 + k]!;
        s00 += x0 * y0; s01 += x0 * y1;
        s10 += x1 * y0; s11 += x1 * y1;
        s20 += x2 * y0; s21 += x2 * y1;
        s30 += x3 * y0; s31 += x3 * y1;
      }
      // entries below the diagonal of the tile are written too; mirrorUpper overwrites them
      const o = i * p + j;
      out[o] = s00; out[o + 1] = s01;
      out[o + p] = s10; out[o + p + 1] = s11;
      out[o + 2 * p] = s20; out[o + 2 * p + 1] = s21;
      out[o + 3 * p] = s30; out[o + 3 * p + 1] = s31;
    }
    for (; j < p; j++) {
      const b0 = j * q;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < q; k++) {
        const y = B[b0 + k]!;
        s0 += B[a0 + k]! * y; s1 += B[a1 + k]! * y; s2 += B[a2 + k]! * y; s3 += B[a3 + k]! * y;
      }
      out[i * p + j] = s0; out[(i + 1) * p + j] = s1; out[(i + 2) * p + j] = s2; out[(i + 3) * p + j] = s3;
    }
  }
  for (; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += B[i * q + k]! * B[j * q + k]!;
      out[i * p + j] = s;
    }
  }
  mirrorUpper(out, p);
  return out;
}

function mirrorUpper(S: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) S[i * n + j] = S[j * n + i]!;
}
