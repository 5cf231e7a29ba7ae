/**
 * Monte Carlo of the known-prompt pipeline (K4): per trial, sample n inputs from law G,
 * run the attention model on their tokens, pool, fit the ridge head on the pooled features,
 * and take the exact conditional test error of the fitted head.
 *
 * The conditional error needs the law of a fresh pooled feature. With context-clean noise the
 * weights are the same for every input, so they are read off the model on one fresh input
 * (not from the K1 formula): x̄ = μ q⋆ + y S w⋆ + σ N g, g ~ N(0, I − uuᵀ), and
 *   P(y ŵᵀx̄ < 0) = ½ Σ_{y=±1} Q( (S ŵᵀw⋆ + y μ ŵᵀq⋆) / (σ N ‖(I − uuᵀ) ŵ‖) ).
 * Tokens are pooled one sample at a time, so memory is O(n·d), not O(n·T·d).
 */
import { Rng } from "../random/rng.ts";
import { makeLawG, sampleG, type LawG, type LawGParams } from "../data/lawG.ts";
import { attentionWeights, pooled, type Pool } from "../models/promptAttention.ts";
import { fitRidge } from "../train/ridge.ts";
import { dot, axpy } from "../linalg/kernels.ts";
import { Q } from "../special/normal.ts";
import { estimate, type Estimate } from "./stats.ts";

export interface KnownPromptSimParams extends LawGParams {
  n: number;
  lambda: number;
  theta: number;
  pool: Pool;
  /**
   * Project the pooled features onto u⊥ before fitting, removing the label-free context
   * coordinate (the intercept K2 neglects). Used to measure that coordinate's effect. The
   * projected features have rank ≤ d − 1, so this needs λ > 0 or n < d − 1.
   */
  dropContext?: boolean;
}

export interface TrialResult {
  error: number;
  /** Attention statistics measured on a fresh input: mass on R, ‖s‖, context coefficient. */
  S: number;
  N: number;
  mu: number;
  solverOk: boolean;
}

export interface KnownPromptSim {
  error: Estimate;
  S: number;
  N: number;
  trials: number;
  seed: number;
  /** Trials whose ridge system was not positive definite (their error is 1/2). */
  solverFailures: number;
  params: KnownPromptSimParams;
}

/** The prompt q = θu; θ = ∞ (hardmax) is represented by a large finite norm. */
function promptVector(law: LawG, theta: number): Float64Array {
  const scale = theta === Infinity ? 1e4 / law.c : theta;
  return law.u.map((x) => scale * x);
}

/** Attention statistics of the model's own weights on one input. */
function measureWeights(law: LawG, pool: Pool, q: Float64Array, rng: Rng): { S: number; N: number; mu: number } {
  const { X, R } = sampleG(law, rng);
  const s = attentionWeights(pool, X, law.T, law.d, q);
  let S = 0;
  for (const t of R) S += s[t]!;
  const N = Math.sqrt(dot(s, s));
  // context coefficient: ⟨Σ s_t x_t, u⟩ / c, noise-free under context-clean noise
  const mu = dot(pooled(X, law.T, law.d, s), law.u) / law.c;
  return { S, N, mu };
}

/** Exact conditional error P(y ŵᵀx̄ < 0) of a head under context-clean noise. */
export function conditionalError(law: LawG, w: Float64Array, S: number, N: number, mu: number): number {
  const wu = dot(w, law.u);
  const wv = dot(w, law.v);
  const perp = Math.sqrt(Math.max(0, dot(w, w) - wu * wu));
  const scale = law.sigma * N * perp;
  if (!(scale > 0)) return 0.5;
  const signal = S * law.r * wv;
  const offset = mu * law.c * wu;
  return 0.5 * (Q((signal + offset) / scale) + Q((signal - offset) / scale));
}

/** One trial, fully determined by (seed, trial index). */
export function knownPromptTrial(p: KnownPromptSimParams, seed: number, trial: number): TrialResult {
  if (p.noise !== "context-clean") throw new RangeError("knownPromptTrial: only noise = context-clean has fixed weights (K5 handles isotropic)");
  if (p.dropContext && p.lambda === 0 && p.n >= p.d - 1) throw new RangeError("knownPromptTrial: dropContext with lambda = 0 needs n < d - 1 (the projected features are rank-deficient)");
  const rng = new Rng(seed, trial);
  const law = makeLawG(p, rng);
  const q = promptVector(law, p.theta);
  const { n, d, T } = p;
  const F = new Float64Array(n * d);
  const y = new Float64Array(n);
  const X = new Float64Array(T * d);
  const s = new Float64Array(T);
  for (let i = 0; i < n; i++) {
    const sample = sampleG(law, rng, X);
    attentionWeights(p.pool, X, T, d, q, s);
    const row = pooled(X, T, d, s, F.subarray(i * d, (i + 1) * d)); // pooled straight into row i of F
    if (p.dropContext) axpy(-dot(row, law.u), law.u, row);
    y[i] = sample.y;
  }
  const fit = fitRidge(F, n, d, y, p.lambda);
  const { S, N, mu } = measureWeights(law, p.pool, q, rng);
  const error = fit.ok ? conditionalError(law, fit.w, S, N, mu) : 0.5;
  return { error, S, N, mu, solverOk: fit.ok };
}

/** Run `trials` trials (trial i seeded by (seed, i)); `onTrial` reports progress. */
export function simulateKnownPrompt(p: KnownPromptSimParams, trials: number, seed: number, onTrial?: (done: number) => void): KnownPromptSim {
  const results: TrialResult[] = [];
  for (let i = 0; i < trials; i++) {
    results.push(knownPromptTrial(p, seed, i));
    onTrial?.(i + 1);
  }
  return summarizeKnownPrompt(p, results, seed);
}

/**
 * The run's summary from its trials in trial order (wherever they were computed, e.g. on
 * worker threads): the same trials give a bit-identical summary.
 */
export function summarizeKnownPrompt(p: KnownPromptSimParams, results: readonly TrialResult[], seed: number): KnownPromptSim {
  const last = results[results.length - 1];
  if (!last) throw new RangeError("summarizeKnownPrompt: no trials");
  const errors = Float64Array.from(results, (r) => r.error);
  const failures = results.filter((r) => !r.solverOk).length;
  return { error: estimate(errors), S: last.S, N: last.N, trials: results.length, seed, solverFailures: failures, params: p };
}
