/**
 * Cholesky factorization and solves on flat row-major symmetric matrices. Kept on flat
 * arrays (not ml-matrix) because the ridge solve is in the Monte Carlo's hot loop.
 */

export interface CholeskyResult {
  /** Lower factor L (row-major, upper part zero) with S = L Lᵀ, when `ok`. */
  L: Float64Array;
  ok: boolean;
  /** Index of the first non-positive pivot when not ok, else −1. */
  failedAt: number;
}

/** Factor a symmetric positive definite S ∈ R^{n×n}. Never throws; check `ok`. */
export function cholesky(S: Float64Array, n: number): CholeskyResult {
  n |= 0; // int32 index arithmetic (see kernels.ts)
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = S[rj + j]!;
    for (let k = 0; k < j; k++) d -= L[rj + k]! * L[rj + k]!;
    if (!(d > 0)) return { L, ok: false, failedAt: j };
    const ljj = Math.sqrt(d);
    L[rj + j] = ljj;
    // four rows at a time share the loads of row j; each entry keeps its order of summation
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      let s0 = S[r0 + j]!, s1 = S[r1 + j]!, s2 = S[r2 + j]!, s3 = S[r3 + j]!;
      for (let k = 0; k < j; k++) {
        const l = L[rj + k]!;
        s0 -= L[r0 + k]! * l; s1 -= L[r1 + k]! * l; s2 -= L[r2 + k]! * l; s3 -= L[r3 + k]! * l;
      }
      L[r0 + j] = s0 / ljj; L[r1 + j] = s1 / ljj; L[r2 + j] = s2 / ljj; L[r3 + j] = s3 / ljj;
    }
    for (; i < n; i++) {
      const ri = i * n;
      let s = S[ri + j]!;
      for (let k = 0; k < j; k++) s -= L[ri + k]! * L[rj + k]!;
      L[ri + j] = s / ljj;
    }
  }
  return { L, ok: true, failedAt: -1 };
}

/** Solve L Lᵀ x = b in place of a copy of b. */
export function choleskySolve(L: Float64Array, n: number, b: Float64Array): Float64Array {
  n |= 0;
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= L[ri + k]! * x[k]!;
    x[i] = s / L[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}

/**
 * Lower factor of a small symmetric positive semi-definite matrix (row-major n×n, symmetrized on
 * entry), with rounding-negative pivots clamped to 0 and their columns zeroed: the covariance of
 * a moment-matched Gaussian may be singular, and its factor still maps N(0, I) onto the law.
 */
export function choleskyPsd(A: ArrayLike<number>, n: number): number[] {
  const L = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = 0.5 * (A[n * i + j]! + A[n * j + i]!);
    for (let m = 0; m < j; m++) s -= L[n * i + m]! * L[n * j + m]!;
    if (i === j) L[n * i + i] = Math.sqrt(Math.max(0, s));
    else L[n * i + j] = L[n * j + j]! > 0 ? s / L[n * j + j]! : 0;
  }
  return L;
}
