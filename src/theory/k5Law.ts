/**
 * The law of (S, N) for K5 (docs/theory.md §4): S = Σ_{t∈R} s_t and N = σ‖s‖, where the attention
 * weights s depend on the T context coordinates ⟨x_t, u⟩ = c·1_R + ρc·1_{R^c} + σξ_t, ξ ~ N(0, I_T).
 * The weights are computed here from those coordinates (softmax of θ·coords, or θ·coords/T for
 * linear pooling), independently of the model code; test/k5 checks them against the model.
 * ξ is integrated by a rule of ./k5Rule.ts; the law is two arrays of length `points` (memory
 * O(points), whatever T). Cost of one law: points·T exponentials (plus the rule's regeneration
 * when it is too large to cache); exact laws (constant weights, hardmax) cost O(1) and O(160·T).
 */
import { Q } from "../special/normal.ts";
import { gaussHermite } from "../special/quadrature.ts";
import { rowsPerBlock, type ContextRule } from "./k5Rule.ts";
import type { PoolingParams } from "./pooling.ts";

export type K5Params = PoolingParams;

/** A weighted point set of (S, N); weights sum to 1. */
export interface AttentionLaw {
  S: Float64Array;
  N: Float64Array;
  w: Float64Array;
  /** How the law was obtained: exact (constant weights or hardmax) or by the given rule. */
  exact: boolean;
}

/** Weights that do not depend on the context noise: uniform pooling, or softmax at θ = 0. */
export function constantWeights(p: K5Params): boolean {
  return p.pool === "uniform" || (p.pool === "softmax" && p.theta === 0);
}

/**
 * Hardmax (θ = ∞): all mass on the token with the highest score, so S ∈ {0, 1} and N = σ. With
 * δ = (1 − ρ)c/σ, P(S = 1) = k E[Φ(Z)^{k−1} Φ(Z + δ)^{T−k}]: one relevant token beats the other
 * k − 1 relevant ones and the T − k irrelevant ones. Its error: the 160- against the 80-node rule.
 */
export function hardmaxRelevantProbability(T: number, k: number, c: number, rho: number, sigma: number): { p: number; error: number } {
  if (k === T) return { p: 1, error: 0 };
  const delta = ((1 - rho) * c) / sigma;
  const integrate = (m: number) => {
    const { x, w } = gaussHermite(m);
    let s = 0;
    for (let j = 0; j < m; j++) s += w[j]! * (1 - Q(x[j]!)) ** (k - 1) * (1 - Q(x[j]! + delta)) ** (T - k);
    return Math.min(1, k * s);
  };
  const fine = integrate(160);
  return { p: fine, error: Math.abs(fine - integrate(80)) };
}

/** (S, N) of the weights on rows [0, rows) of z, into S and N at offset `at`. Relevant tokens are the first k (the law is exchangeable). */
function weighRows(p: K5Params, z: Float64Array, rows: number, S: Float64Array, N: Float64Array, at: number): void {
  const { T, k, c, rho, sigma, theta } = p;
  if (p.pool === "softmax") {
    // softmax(θ·coords) with the max subtracted: scores θσξ_t plus θ(1 − ρ)c on R
    const lift = theta * (1 - rho) * c, scale = theta * sigma;
    for (let j = 0, off = 0; j < rows; j++, off += T) {
      const relEnd = off + k, rowEnd = off + T;
      let max = -Infinity;
      for (let i = off; i < relEnd; i++) max = Math.max(max, scale * z[i]! + lift);
      for (let i = relEnd; i < rowEnd; i++) max = Math.max(max, scale * z[i]!);
      let ZR = 0, Z2 = 0;
      const liftMax = lift - max;
      for (let i = off; i < relEnd; i++) {
        const x = Math.exp(scale * z[i]! + liftMax);
        ZR += x;
        Z2 += x * x;
      }
      let Z = ZR;
      for (let i = relEnd; i < rowEnd; i++) {
        const x = Math.exp(scale * z[i]! - max);
        Z += x;
        Z2 += x * x;
      }
      S[at + j] = ZR / Z;
      N[at + j] = (sigma * Math.sqrt(Z2)) / Z;
    }
    return;
  }
  // linear pooling: s_t = θ·coord_t/T, summed in units of m = max(c, σ) so that coord² cannot
  // underflow: S = f·Σ_R coord/m and N = σ·f·‖coord/m‖ with f = θm/T
  const m = Math.max(c, sigma), f = (theta * m) / T;
  for (let j = 0, off = 0; j < rows; j++, off += T) {
    let sR = 0, ss = 0;
    for (let t = 0; t < T; t++) {
      const x = ((t < k ? c : rho * c) + sigma * z[off + t]!) / m;
      if (t < k) sR += x;
      ss += x * x;
    }
    S[at + j] = f * sR;
    N[at + j] = sigma * (f * Math.sqrt(ss));
  }
}

/** The law of (S, N) at prompt norm θ, on the points of `rule` (or exactly where possible). */
export function attentionLaw(p: K5Params, rule: ContextRule): AttentionLaw {
  const { T, k, c, rho, sigma, theta, pool } = p;
  if (constantWeights(p)) return { S: Float64Array.of(k / T), N: Float64Array.of(sigma / Math.sqrt(T)), w: Float64Array.of(1), exact: true };
  if (theta === Infinity) {
    if (pool !== "softmax") throw new RangeError("attentionLaw: θ = ∞ (hardmax) is defined for softmax pooling only");
    const { p: pRel } = hardmaxRelevantProbability(T, k, c, rho, sigma);
    return { S: Float64Array.of(1, 0), N: Float64Array.of(sigma, sigma), w: Float64Array.of(pRel, 1 - pRel), exact: true };
  }
  if (rule.T !== T) throw new RangeError(`attentionLaw: the rule is for T = ${rule.T}, the law has T = ${T}`);
  const S = new Float64Array(rule.points), N = new Float64Array(rule.points);
  if (rule.z) weighRows(p, rule.z, rule.points, S, N, 0);
  else {
    const block = rowsPerBlock(T);
    const buf = new Float64Array(block * T);
    for (let from = 0; from < rule.points; from += block) {
      const rows = Math.min(block, rule.points - from);
      rule.fill!(from, from + rows, buf);
      weighRows(p, buf, rows, S, N, from);
    }
  }
  return { S, N, w: rule.w, exact: false };
}

