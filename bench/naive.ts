/**
 * Naive reference kernels, kept only for the benchmark's comparison: the straightforward loops
 * that src/ had before its kernels were tuned. Each computes the same quantity as its tuned
 * counterpart (named in its comment) with the same draws.
 */
import type { Rng } from "../src/random/rng.ts";
import type { LawG } from "../src/data/lawG.ts";

function dot(x: Float64Array, y: Float64Array, len: number, xOff: number, yOff: number): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += x[xOff + i]! * y[yOff + i]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array, len: number, xOff: number, yOff: number): void {
  for (let i = 0; i < len; i++) y[yOff + i] += alpha * x[xOff + i]!;
}

/** Rng.fillNormal: one method call per draw. */
export function fillNormal(rng: Rng, out: Float64Array, scale: number): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = scale * rng.normal();
  return out;
}

/** sampleG: per-entry draws, then one axpy per term per row. */
export function sampleG(law: LawG, rng: Rng, X: Float64Array): number {
  const { d, T, k, c, r, rho, sigma, u, v } = law;
  const y = rng.sign();
  const R = rng.subset(T, k);
  let next = 0;
  for (let t = 0; t < T; t++) {
    const off = t * d;
    for (let j = 0; j < d; j++) X[off + j] = sigma * rng.normal();
    if (law.noise === "context-clean") axpy(-dot(X, u, d, off, 0), u, X, d, 0, off);
    if (next < k && R[next] === t) {
      next++;
      axpy(c, u, X, d, 0, off);
      axpy(y * r, v, X, d, 0, off);
    } else if (rho !== 0) axpy(rho * c, u, X, d, 0, off);
  }
  return y;
}

/** attentionWeights("softmax") + pooled: scores, softmax, then one axpy per token into `out`. */
export function softmaxPool(X: Float64Array, T: number, d: number, q: Float64Array, s: Float64Array, out: Float64Array): void {
  let max = -Infinity;
  for (let t = 0; t < T; t++) {
    s[t] = dot(X, q, d, t * d, 0);
    if (s[t]! > max) max = s[t]!;
  }
  let z = 0;
  for (let t = 0; t < T; t++) z += s[t] = Math.exp(s[t]! - max);
  out.fill(0);
  for (let t = 0; t < T; t++) axpy(s[t]! / z, X, out, d, t * d, 0);
}

/** gramT (AᵀA): a sum of row outer products on the upper triangle, mirrored. */
export function gramT(A: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < m; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) {
      const ai = A[base + i]!;
      for (let j = i; j < n; j++) out[i * n + j] += ai * A[base + j]!;
    }
  }
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) out[i * n + j] = out[j * n + i]!;
  return out;
}

/** gram (AAᵀ): one dot product per upper-triangle entry, mirrored. */
export function gram(A: Float64Array, m: number, n: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) out[i * m + j] = dot(A, A, n, i * n, j * n);
  for (let i = 1; i < m; i++) for (let j = 0; j < i; j++) out[i * m + j] = out[j * m + i]!;
  return out;
}

/** cholesky: column by column, one dot product per entry. */
export function cholesky(S: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let dj = S[j * n + j]!;
    for (let k = 0; k < j; k++) dj -= L[j * n + k]! ** 2;
    const ljj = Math.sqrt(dj);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = S[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}
