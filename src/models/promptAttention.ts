/**
 * Prompt-attention models on one input X ∈ R^{T×d} (docs/theory.md §1):
 *   SPA f(X) = wᵀ Xᵀ softmax(X q),  LPA f(X) = wᵀ Xᵀ (X q)/T,  UNI f(X) = wᵀ x̄.
 * Each model is its attention weights s(X; q) followed by the pooled feature Xᵀ s and the
 * linear head w. Gradients follow docs/theory.md §1 and are checked against finite differences.
 */
import { gemv, gemvT, dot } from "../linalg/kernels.ts";
import { softmax } from "./softmax.ts";

import { POOLS, type Pool } from "../params/kinds.ts";

export { POOLS, type Pool };

/** Attention weights s ∈ R^T of the prompt q on tokens X. */
export function attentionWeights(pool: Pool, X: Float64Array, T: number, d: number, q: Float64Array, out = new Float64Array(T)): Float64Array {
  switch (pool) {
    case "softmax":
      return softmax(gemv(X, T, d, q, out), out);
    case "linear": {
      gemv(X, T, d, q, out);
      for (let t = 0; t < T; t++) out[t]! /= T;
      return out;
    }
    case "uniform":
      return out.fill(1 / T);
  }
}

/** Pooled feature Xᵀ s. */
export function pooled(X: Float64Array, T: number, d: number, s: Float64Array, out = new Float64Array(d)): Float64Array {
  return gemvT(X, T, d, s, out);
}

/** Model output f(X) = wᵀ Xᵀ s(X; q). */
export function forward(pool: Pool, X: Float64Array, T: number, d: number, q: Float64Array, w: Float64Array): number {
  return dot(w, pooled(X, T, d, attentionWeights(pool, X, T, d, q)));
}

/** ∇_w f = Xᵀ s (the pooled feature). */
export function gradW(pool: Pool, X: Float64Array, T: number, d: number, q: Float64Array): Float64Array {
  return pooled(X, T, d, attentionWeights(pool, X, T, d, q));
}

/**
 * ∇_q f. SPA: Xᵀ D(s) X w with D(s) = diag(s) − s sᵀ; LPA: Xᵀ X w / T; UNI: 0.
 * With a = X w, Xᵀ D(s) a = Xᵀ (s ⊙ (a − sᵀa)).
 */
export function gradQ(pool: Pool, X: Float64Array, T: number, d: number, q: Float64Array, w: Float64Array): Float64Array {
  if (pool === "uniform") return new Float64Array(d);
  return gradQGivenWeights(pool, X, T, d, w, pool === "softmax" ? attentionWeights("softmax", X, T, d, q) : undefined);
}

/** ∇_q f from already computed weights s (needed for softmax only). */
function gradQGivenWeights(pool: Pool, X: Float64Array, T: number, d: number, w: Float64Array, s: Float64Array | undefined): Float64Array {
  const a = gemv(X, T, d, w);
  if (pool === "linear") {
    for (let t = 0; t < T; t++) a[t]! /= T;
    return gemvT(X, T, d, a);
  }
  const sa = dot(s!, a);
  for (let t = 0; t < T; t++) a[t] = s![t]! * (a[t]! - sa);
  return gemvT(X, T, d, a);
}

/**
 * f, ∇_w f and ∇_q f together, sharing one softmax and one pooling: the trainers' hot loop.
 * Bit-identical to forward, gradW and gradQ called separately.
 */
export function valueAndGrads(pool: Pool, X: Float64Array, T: number, d: number, q: Float64Array, w: Float64Array): { f: number; gw: Float64Array; gq: Float64Array } {
  const s = attentionWeights(pool, X, T, d, q);
  const gw = pooled(X, T, d, s);
  const gq = pool === "uniform" ? new Float64Array(d) : gradQGivenWeights(pool, X, T, d, w, s);
  return { f: dot(w, gw), gw, gq };
}
