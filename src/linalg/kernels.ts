/**
 * Flat row-major Float64Array kernels for the hot loops. A matrix A ∈ R^{m×n} is a
 * Float64Array of length m·n with A[i, j] = a[i·n + j]. Loops are unrolled by four
 * where it pays; Grams are built exactly symmetric (upper triangle mirrored) so that
 * Cholesky sees a symmetric matrix.
 */

/** xᵀy over the first `len` entries, with optional offsets into x and y. */
export function dot(x: Float64Array, y: Float64Array, len = x.length, xOff = 0, yOff = 0): number {
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
  for (let i = 0; i < len; i++) y[yOff + i] += alpha * x[xOff + i]!;
}

/** Euclidean norm. */
export function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/** out = A x for A ∈ R^{m×n}. */
export function gemv(A: Float64Array, m: number, n: number, x: Float64Array, out = new Float64Array(m)): Float64Array {
  for (let i = 0; i < m; i++) out[i] = dot(A, x, n, i * n, 0);
  return out;
}

/** out = Aᵀ x for A ∈ R^{m×n} (a weighted sum of rows: the pooling kernel Xᵀs). */
export function gemvT(A: Float64Array, m: number, n: number, x: Float64Array, out = new Float64Array(n)): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const xi = x[i]!;
    if (xi !== 0) axpy(xi, A, out, n, i * n, 0);
  }
  return out;
}

/**
 * Gram AᵀA ∈ R^{n×n} of A ∈ R^{m×n} (the primal ridge matrix), accumulated as a sum of
 * row outer products on the upper triangle, then mirrored.
 */
export function gramT(A: Float64Array, m: number, n: number, out = new Float64Array(n * n)): Float64Array {
  out.fill(0);
  for (let r = 0; r < m; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) {
      const ai = A[base + i]!;
      if (ai === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) out[row + j] += ai * A[base + j]!;
    }
  }
  mirrorUpper(out, n);
  return out;
}

/** Gram AAᵀ ∈ R^{m×m} of A ∈ R^{m×n} (the dual ridge matrix), exactly symmetric. */
export function gram(A: Float64Array, m: number, n: number, out = new Float64Array(m * m)): Float64Array {
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) out[i * m + j] = dot(A, A, n, i * n, j * n);
  }
  mirrorUpper(out, m);
  return out;
}

function mirrorUpper(S: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) S[i * n + j] = S[j * n + i]!;
}
