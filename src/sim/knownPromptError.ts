/**
 * Exact test error of a fitted head, conditional on the head, for both noise models of the
 * known-prompt pipeline (src/sim/knownPrompt.ts). The law runs on the coordinate axes,
 * u = e₀ and v = e₁, so the head enters through wu = ŵ₀, wv = ŵ₁ and wPerp = ‖ŵ₁..‖.
 *
 * A fresh pooled feature is x̄ = U u + y S r v + N g with g ~ N(0, I − uuᵀ), where S is the
 * attention mass on R, N = σ‖s‖ and U = Σ_t s_t ⟨x_t, u⟩ (label-free), so
 *   P(y ŵᵀx̄ < 0 | S, N, U) = ½ Σ_{y=±1} Q( (S r wv + y U wu) / (N wPerp) ).
 * Context-clean noise: the weights are the same for every input, so (S, N, U) are read once
 * off the model on one fresh input. Isotropic noise: they vary with the T context coordinates,
 * so the error is the mean over `testDraws` fresh draws of those coordinates, weighted by the
 * model's own attention (a T×1 input with q = [θ] gives the same scores as X with q = θu).
 * Either way the attention statistics come from the model, never from the K1 or K5 formulas.
 */
import type { Rng } from "../random/rng.ts";
import type { LawG, Sample } from "../data/lawG.ts";
import { attentionWeights, type Pool } from "../models/promptAttention.ts";
import { dot } from "../linalg/kernels.ts";
import { Q } from "../special/normal.ts";

export interface Head {
  wv: number;
  wu: number;
  wPerp: number;
}

/** Attention statistics averaged over the inputs the error was taken on. */
export interface ConditionalError {
  error: number;
  S: number;
  N: number;
  /** Context coefficient U/c. */
  mu: number;
}

function errorGiven(head: Head, r: number, S: number, N: number, U: number): number {
  const scale = N * head.wPerp;
  if (!(scale > 0)) return 0.5;
  const signal = S * r * head.wv, offset = U * head.wu;
  return 0.5 * (Q((signal + offset) / scale) + Q((signal - offset) / scale));
}

/** Context-clean noise: (S, N, U) from the model's weights on one fresh input `sample`. */
export function conditionalErrorClean(law: LawG, pool: Pool, q: Float64Array, head: Head, sample: Sample): ConditionalError {
  const { T, d } = law;
  const { X, R } = sample;
  const s = attentionWeights(pool, X, T, d, q);
  let S = 0, U = 0;
  for (const t of R) S += s[t]!;
  for (let t = 0; t < T; t++) U += s[t]! * X[t * d]!; // ⟨Σ s_t x_t, e₀⟩
  const N = law.sigma * Math.sqrt(dot(s, s));
  return { error: errorGiven(head, law.r, S, N, U), S, N, mu: U / law.c };
}

/** Isotropic noise: the mean over `draws` fresh inputs' context coordinates. */
export function conditionalErrorIsotropic(law: LawG, pool: Pool, theta: number, head: Head, draws: number, rng: Rng): ConditionalError {
  const { T, k, c, rho, sigma } = law;
  const coords = new Float64Array(T);
  const noise = new Float64Array(T);
  const s = new Float64Array(T);
  const q = Float64Array.of(theta);
  const scratch = new Int32Array(T), R = new Int32Array(k);
  let sum = 0, sumS = 0, sumN = 0, sumU = 0;
  for (let i = 0; i < draws; i++) {
    rng.subsetInto(T, k, scratch, R);
    rng.fillNormal(noise, sigma);
    coords.fill(rho * c);
    for (const t of R) coords[t] = c;
    for (let t = 0; t < T; t++) coords[t]! += noise[t]!;
    attentionWeights(pool, coords, T, 1, q, s);
    let S = 0;
    for (const t of R) S += s[t]!;
    const N = sigma * Math.sqrt(dot(s, s));
    const U = dot(s, coords);
    sum += errorGiven(head, law.r, S, N, U);
    sumS += S; sumN += N; sumU += U;
  }
  return { error: sum / draws, S: sumS / draws, N: sumN / draws, mu: sumU / draws / c };
}
