/**
 * SSA, softmax self-attention (docs/theory.md §1): every token x_i queries all tokens,
 *   o_i = Xᵀ softmax(X W x_i),   f(X) = wᵀ readout(o_1..o_T),
 * with W ∈ R^{d×d} flat row-major and readout ∈ {mean, first, last}.
 *
 * Gradient. For one query i put b_i = W x_i, s_i = softmax(X b_i), a = X w. Then
 * wᵀ o_i = s_iᵀ a is SPA with prompt b_i, so ∇_{b_i}(wᵀo_i) = Xᵀ D(s_i) X w =
 * Xᵀ (s_i ⊙ (a − s_iᵀa)) (docs/theory.md §1), and since b_i is linear in W with
 * ∂b_i[r]/∂W[r, c] = x_i[c], ∇_W(wᵀo_i) = (Xᵀ D(s_i) a) x_iᵀ. With readout weights c_i
 * (1/T for every i under mean; 1 on the first or last token otherwise):
 *   f = Σ_i c_i s_iᵀ a,   ∇_w f = Σ_i c_i o_i,   ∇_W f = Σ_i c_i (Xᵀ D(s_i) a) x_iᵀ.
 */
import { dot, gemv, gemvT, axpy } from "../linalg/kernels.ts";
import { softmax } from "./softmax.ts";

/** How SSA turns its T outputs into one feature: their mean, the first or the last. */
export type Readout = "mean" | "first" | "last";
/** Every Readout. */
export const READOUTS: readonly Readout[] = ["mean", "first", "last"];

/** The queries a readout looks at, and the weight of each. */
function readoutQueries(T: number, readout: Readout): { from: number; to: number; weight: number } {
  switch (readout) {
    case "mean":
      return { from: 0, to: T, weight: 1 / T };
    case "first":
      return { from: 0, to: 1, weight: 1 };
    case "last":
      return { from: T - 1, to: T, weight: 1 };
  }
}

/** Attention weights softmax(X W x_i) of query i, written into `s` (length T); `b` is scratch (length d). */
export function ssaAttention(X: Float64Array, T: number, d: number, W: Float64Array, i: number, s = new Float64Array(T), b = new Float64Array(d)): Float64Array {
  for (let r = 0; r < d; r++) b[r] = dot(W, X, d, r * d, i * d);
  return softmax(gemv(X, T, d, b, s), s);
}

/** SSA output f(X) = wᵀ readout(o_1..o_T). */
export function ssaForward(X: Float64Array, T: number, d: number, W: Float64Array, w: Float64Array, readout: Readout): number {
  const { from, to, weight } = readoutQueries(T, readout);
  const a = gemv(X, T, d, w);
  const s = new Float64Array(T), b = new Float64Array(d);
  let f = 0;
  for (let i = from; i < to; i++) f += weight * dot(ssaAttention(X, T, d, W, i, s, b), a);
  return f;
}

/** SSA output with its gradients in W (d×d row-major) and w. */
export function ssaGrad(X: Float64Array, T: number, d: number, W: Float64Array, w: Float64Array, readout: Readout): { f: number; gW: Float64Array; gw: Float64Array } {
  const { from, to, weight } = readoutQueries(T, readout);
  const a = gemv(X, T, d, w);
  const s = new Float64Array(T), b = new Float64Array(d), e = new Float64Array(T), g = new Float64Array(d);
  const gW = new Float64Array(d * d), gw = new Float64Array(d);
  let f = 0;
  for (let i = from; i < to; i++) {
    ssaAttention(X, T, d, W, i, s, b);
    const sa = dot(s, a);
    f += weight * sa;
    // ∇_w: c_i Xᵀ s_i
    for (let t = 0; t < T; t++) if (s[t] !== 0) axpy(weight * s[t]!, X, gw, d, t * d, 0);
    // ∇_W: c_i (Xᵀ (s_i ⊙ (a − s_iᵀa))) x_iᵀ
    for (let t = 0; t < T; t++) e[t] = s[t]! * (a[t]! - sa);
    gemvT(X, T, d, e, g);
    for (let r = 0; r < d; r++) {
      const gr = weight * g[r]!;
      if (gr !== 0) axpy(gr, X, gW, d, i * d, r * d);
    }
  }
  return { f, gW, gw };
}
