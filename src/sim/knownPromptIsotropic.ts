/**
 * Monte Carlo of the known-prompt pipeline under isotropic noise (K5): per trial, sample n
 * inputs from law G, run the attention model on their tokens, pool, fit the ridge head, and
 * take the exact test error of the fitted head conditional on it.
 *
 * With isotropic noise the weights s depend on the tokens' context coordinates ⟨x_t, u⟩ only,
 * and these are independent of the label and of the noise orthogonal to u. A fresh pooled
 * feature is therefore x̄ = U u + y S w⋆ + N g, with g ~ N(0, I − uuᵀ), N = σ‖s‖ and
 * U = Σ_t s_t ⟨x_t, u⟩, so given ŵ
 *   P(y ŵᵀx̄ < 0) = E_{S,N,U}[ ½ Σ_{y=±1} Q( (S r ŵᵀv + y U ŵᵀu) / (N ‖(I − uuᵀ) ŵ‖) ) ].
 * The outer expectation is a mean over `testDraws` fresh draws of the T context coordinates,
 * weighted by the model's own attention (a T×1 input with q = [θ] gives the same scores as X
 * with q = θu). Its sampling noise is part of each trial's value, so the trials' standard
 * error accounts for it. Unlike the theory, the head here also sees the u-coordinate U
 * (label-free); `dropContext` removes it to measure that effect.
 */
import { Rng } from "../random/rng.ts";
import { makeLawG, sampleG, type LawG } from "../data/lawG.ts";
import { attentionWeights, pooled } from "../models/promptAttention.ts";
import { fitRidge } from "../train/ridge.ts";
import { dot, axpy } from "../linalg/kernels.ts";
import { Q } from "../special/normal.ts";
import { estimate, type Estimate } from "./stats.ts";
import type { KnownPromptSimParams } from "./knownPrompt.ts";

export const DEFAULT_TEST_DRAWS = 4000;

export interface IsotropicTrial {
  error: number;
  /** The head's coordinates: ŵᵀv, ŵᵀu and ‖(I − uuᵀ)ŵ‖. */
  wv: number;
  wu: number;
  wPerp: number;
  solverOk: boolean;
}

export interface IsotropicSim {
  error: Estimate;
  trials: number;
  seed: number;
  testDraws: number;
  /** Trials whose ridge system was not positive definite (their error is 1/2). */
  solverFailures: number;
  params: KnownPromptSimParams;
}

/** The prompt norm the model runs with; θ = ∞ (hardmax) is a norm large enough to break all but exact ties. */
function promptNorm(law: LawG, theta: number): number {
  return theta === Infinity ? 1e4 / Math.min(law.c, law.sigma) : theta;
}

/**
 * Exact conditional error of the head (wv, wu, wPerp) over `draws` fresh inputs' context
 * coordinates, drawn from `rng`.
 */
export function conditionalErrorIsotropic(law: LawG, pool: KnownPromptSimParams["pool"], theta: number, head: { wv: number; wu: number; wPerp: number }, draws: number, rng: Rng): number {
  const { T, k, c, rho, sigma, r } = law;
  if (!(head.wPerp > 0)) return 0.5;
  const coords = new Float64Array(T);
  const s = new Float64Array(T);
  const q = Float64Array.of(promptNorm(law, theta));
  let sum = 0;
  for (let i = 0; i < draws; i++) {
    const R = rng.subset(T, k);
    coords.fill(rho * c);
    for (const t of R) coords[t] = c;
    for (let t = 0; t < T; t++) coords[t]! += sigma * rng.normal();
    attentionWeights(pool, coords, T, 1, q, s);
    let S = 0;
    for (const t of R) S += s[t]!;
    const N = sigma * Math.sqrt(dot(s, s));
    const U = dot(s, coords);
    const scale = N * head.wPerp;
    if (!(scale > 0)) {
      sum += 0.5;
      continue;
    }
    const signal = S * r * head.wv, offset = U * head.wu;
    sum += 0.5 * (Q((signal + offset) / scale) + Q((signal - offset) / scale));
  }
  return sum / draws;
}

/** One trial, fully determined by (seed, trial index). */
export function isotropicTrial(p: KnownPromptSimParams, seed: number, trial: number, testDraws = DEFAULT_TEST_DRAWS): IsotropicTrial {
  if (p.noise !== "isotropic") throw new RangeError("isotropicTrial: noise must be isotropic (knownPromptTrial handles context-clean)");
  const rng = new Rng(seed, trial);
  const law = makeLawG(p, rng);
  const q = law.u.map((x) => promptNorm(law, p.theta) * x);
  const { n, d, T } = p;
  // With dropContext the rows span only u⊥, so at λ = 0, n ≥ d the normal equations are singular
  // along u. One extra row u with target 0 fixes that and nothing else: it is orthogonal to every
  // projected row and Fᵀy ⊥ u, so the fit is the ridge (or minimum-norm least-squares) head on u⊥.
  const rows = p.dropContext ? n + 1 : n;
  const F = new Float64Array(rows * d);
  const y = new Float64Array(rows);
  const X = new Float64Array(T * d);
  const s = new Float64Array(T);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const sample = sampleG(law, rng, X);
    attentionWeights(p.pool, X, T, d, q, s);
    pooled(X, T, d, s, row);
    if (p.dropContext) axpy(-dot(row, law.u), law.u, row);
    F.set(row, i * d);
    y[i] = sample.y;
  }
  if (p.dropContext) F.set(law.u, n * d);
  const fit = fitRidge(F, rows, d, y, p.lambda);
  const w = fit.w;
  const wu = dot(w, law.u), wv = dot(w, law.v);
  const wPerp = Math.sqrt(Math.max(0, dot(w, w) - wu * wu));
  const error = fit.ok ? conditionalErrorIsotropic(law, p.pool, p.theta, { wv, wu, wPerp }, testDraws, rng) : 0.5;
  return { error, wv, wu, wPerp, solverOk: fit.ok };
}

/** Run `trials` trials (trial i seeded by (seed, i)); `onTrial` reports progress. */
export function simulateKnownPromptIsotropic(p: KnownPromptSimParams, trials: number, seed: number, onTrial?: (done: number) => void, testDraws = DEFAULT_TEST_DRAWS): IsotropicSim {
  const results: IsotropicTrial[] = [];
  for (let i = 0; i < trials; i++) {
    results.push(isotropicTrial(p, seed, i, testDraws));
    onTrial?.(i + 1);
  }
  return summarizeIsotropic(p, results, seed, testDraws);
}

/** The run's summary from its trials in trial order (e.g. gathered from worker threads). */
export function summarizeIsotropic(p: KnownPromptSimParams, results: readonly IsotropicTrial[], seed: number, testDraws = DEFAULT_TEST_DRAWS): IsotropicSim {
  if (results.length === 0) throw new RangeError("summarizeIsotropic: no trials");
  const errors = Float64Array.from(results, (r) => r.error);
  return { error: estimate(errors), trials: results.length, seed, testDraws, solverFailures: results.filter((r) => !r.solverOk).length, params: p };
}
