/**
 * Monte Carlo of the known-prompt pipeline, one pipeline for both noise models (K4 for
 * context-clean noise, K5 for isotropic noise): per trial, sample n inputs from law G, run the
 * attention model on their tokens, pool, fit the ridge head on the pooled features, and take
 * the exact test error of the fitted head conditional on it (src/sim/knownPromptError.ts).
 *
 * The law runs with u = e₀ and v = e₁. This is exact: the noise is isotropic (on u⊥ for
 * context-clean), the prompt is θu and the ridge head is rotation-equivariant, so a rotation
 * taking a random orthonormal (u, v) to (e₀, e₁) maps every trial to one with the same error.
 * `dropContext` fits the head on u⊥, i.e. on coordinates 1..d−1 (the label-free context
 * coordinate, the intercept K2 neglects, removed), for both noise models alike.
 * Tokens are pooled one sample at a time, so memory is O(n·d), not O(n·T·d).
 */
import { Rng, STREAM_VERSION } from "../random/rng.ts";
import { type LawG, type LawGParams, type Sample } from "../data/lawG.ts";
import { attentionWeights, pooled, type Pool } from "../models/promptAttention.ts";
import { fitRidge } from "../train/ridge.ts";
import { dot } from "../linalg/kernels.ts";
import { estimate, type Estimate } from "./stats.ts";
import { conditionalErrorClean, conditionalErrorIsotropic } from "./knownPromptError.ts";

export interface KnownPromptSimParams extends LawGParams {
  n: number;
  lambda: number;
  theta: number;
  pool: Pool;
  /** Fit the head on u⊥: the pooled features without their context coordinate. */
  dropContext?: boolean;
  /** Isotropic noise: fresh inputs averaged in each trial's conditional error (default 4000). */
  testDraws?: number;
  /** Label of the trials' random streams (default "known-prompt/trial"); trial i draws from Rng.derive(seed, stream, i). */
  stream?: string;
}

export const DEFAULT_TEST_DRAWS = 4000;
export const DEFAULT_STREAM = "known-prompt/trial";
/** A run whose ridge solves fail in more than this fraction of trials is an error. */
export const MAX_SOLVER_FAILURE_RATE = 0.01;

export interface TrialResult {
  /** Conditional test error of the fitted head; NaN when the ridge solve failed. */
  error: number;
  /** Attention statistics of the model's weights on the test input(s): mass on R, σ‖s‖, context coefficient. */
  S: number;
  N: number;
  mu: number;
  /** The head's coordinates ŵᵀv, ŵᵀu and ‖(I − uuᵀ)ŵ‖. */
  wv: number;
  wu: number;
  wPerp: number;
  solverOk: boolean;
}

export interface KnownPromptSim {
  /** Over the trials whose ridge solve succeeded. */
  error: Estimate;
  /** Means over those trials of the measured attention statistics. */
  S: number;
  N: number;
  trials: number;
  seed: number;
  /** Trials whose ridge system was not positive definite, or whose head overflowed: excluded from `error`. */
  solverFailures: number;
  /** Version of the random streams (src/random): a new version changes every seed's numbers. */
  streamVersion: number;
  testDraws?: number;
  params: KnownPromptSimParams;
}

/** θ = ∞ (hardmax) as a finite prompt norm: large enough that only exact score ties share the weight. */
export function hardmaxNorm(c: number, sigma: number): number {
  return 1e4 / Math.min(c, sigma);
}

/** Law G on the coordinate axes: u = e₀, v = e₁ (exact by rotation invariance, see above). */
export function axisLaw(p: LawGParams): LawG {
  if (!(p.d >= 2)) throw new RangeError(`d must be >= 2, got ${p.d}`);
  const u = new Float64Array(p.d), v = new Float64Array(p.d);
  u[0] = 1;
  v[1] = 1;
  return { ...p, u, v };
}

/** Workspace of Rng.subsetInto for a loop of inputs: `R` is overwritten by the next input. */
export interface SubsetBuffers {
  scratch: Int32Array;
  R: Int32Array;
}

/**
 * One input of law G on the axes, into X: the draws of sampleG (src/data/lawG.ts) in the same
 * order (label, relevant set, T·d noises), but the projection onto u⊥ and the mean shift touch
 * two coordinates per token instead of all d: x_t0 = c·1_R + ρc·1_{R^c} (+ noise if isotropic),
 * x_t1 += y r on R. test/known-prompt-pipeline checks it against sampleG. With `reuse`, the
 * relevant set is drawn into its buffers (the same draws, no allocation).
 */
export function sampleAxes(law: LawG, rng: Rng, X: Float64Array, reuse?: SubsetBuffers): Sample {
  const { c, r, rho, sigma } = law;
  const d = law.d | 0, T = law.T | 0, k = law.k | 0;
  const y = rng.sign();
  const R = reuse ? rng.subsetInto(T, k, reuse.scratch, reuse.R) : rng.subset(T, k);
  rng.fillNormal(X.length === T * d ? X : X.subarray(0, T * d), sigma);
  const clean = law.noise === "context-clean";
  for (let t = 0, next = 0; t < T; t++) {
    const off = t * d;
    const relevant = next < k && R[next] === t;
    if (relevant) next++;
    const beta = relevant ? c : rho * c;
    X[off] = clean ? beta : X[off]! + beta;
    if (relevant) X[off + 1] = X[off + 1]! + y * r;
  }
  return { X, y, R };
}

/** Bytes one trial allocates: features, tokens, the ridge system and its factor. */
export function trialMemoryBytes(p: Pick<KnownPromptSimParams, "n" | "d" | "T">): number {
  const m = Math.min(p.n, p.d);
  return 8 * (p.n * p.d + p.n + 2 * p.T * p.d + 2 * m * m + 4 * p.d);
}

/** One trial, fully determined by (seed, stream label, trial index). */
export function knownPromptTrial(p: KnownPromptSimParams, seed: number, trial: number): TrialResult {
  const rng = Rng.derive(seed, p.stream ?? DEFAULT_STREAM, trial);
  const law = axisLaw(p);
  const theta = p.theta === Infinity ? hardmaxNorm(p.c, p.sigma) : p.theta;
  const { n, d, T } = p;
  const q = new Float64Array(d);
  q[0] = theta;
  const first = p.dropContext ? 1 : 0; // coordinates first..d−1 are the features
  const cols = d - first;
  const F = new Float64Array(n * cols);
  const y = new Float64Array(n);
  const X = new Float64Array(T * d);
  const s = new Float64Array(T);
  const row = new Float64Array(d);
  // The scores X q with q = θe₀ are θ·x_t0: the model run on the T×1 input of context
  // coordinates with prompt [θ] gives them bit for bit (the other d − 1 products are zeros, which
  // leave a nonzero sum unchanged, and a zero score is a zero either way), at 1/d of the cost.
  const context = new Float64Array(T);
  const qContext = Float64Array.of(theta);
  const reuse = { scratch: new Int32Array(T), R: new Int32Array(p.k) };
  for (let i = 0; i < n; i++) {
    const sample = sampleAxes(law, rng, X, reuse);
    for (let t = 0; t < T; t++) context[t] = X[t * d]!;
    attentionWeights(p.pool, context, T, 1, qContext, s);
    if (first === 0) pooled(X, T, d, s, F.subarray(i * d, (i + 1) * d)); // straight into row i
    else F.set(pooled(X, T, d, s, row).subarray(first), i * cols);
    y[i] = sample.y;
  }
  const fit = fitRidge(F, n, cols, y, p.lambda);
  const w = fit.w;
  const wu = first === 0 ? w[0]! : 0;
  const head = { wv: w[1 - first]!, wu, wPerp: Math.sqrt(Math.max(0, dot(w, w) - wu * wu)) };
  // a solve that "succeeded" into overflowed coefficients (r/σ ≳ 1e8) is a failure too
  if (!fit.ok || !Number.isFinite(head.wv * head.wu * head.wPerp)) return { error: NaN, S: NaN, N: NaN, mu: NaN, ...head, solverOk: false };
  const cond = p.noise === "context-clean"
    ? conditionalErrorClean(law, p.pool, q, head, sampleAxes(law, rng, X))
    : conditionalErrorIsotropic(law, p.pool, theta, head, p.testDraws ?? DEFAULT_TEST_DRAWS, rng);
  return { ...cond, ...head, solverOk: true };
}

/** Run `trials` trials in this thread (trial i from stream i); `onTrial` reports progress. */
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
 * worker threads): the same trials give a bit-identical summary. Failed ridge solves are
 * counted and left out of the mean; a run where every solve failed has no estimate (an error).
 */
export function summarizeKnownPrompt(p: KnownPromptSimParams, results: readonly TrialResult[], seed: number): KnownPromptSim {
  if (results.length === 0) throw new RangeError("summarizeKnownPrompt: no trials");
  const ok = results.filter((r) => r.solverOk);
  const failures = results.length - ok.length;
  if (ok.length === 0) throw new Error(`all ${failures} ridge solves failed (the system was not positive definite in double precision; r/σ ≳ 1e8 does this): no estimate`);
  const bad = results.findIndex((r) => r.solverOk && !Number.isFinite(r.error));
  if (bad >= 0) throw new Error(`trial ${bad}: the conditional test error is not finite (${results[bad]!.error})`);
  const mean = (f: (r: TrialResult) => number) => ok.reduce((sum, r) => sum + f(r), 0) / ok.length;
  return {
    error: estimate(Float64Array.from(ok, (r) => r.error)),
    S: mean((r) => r.S), N: mean((r) => r.N),
    trials: results.length, seed, solverFailures: failures, streamVersion: STREAM_VERSION,
    ...(p.noise === "isotropic" ? { testDraws: p.testDraws ?? DEFAULT_TEST_DRAWS } : {}),
    params: p,
  };
}

/** The one-line warning (failures under the threshold) or error (over it) a run's solver failures call for. */
export function solverFailureMessage(sim: KnownPromptSim): { level: "warning" | "error"; message: string } | undefined {
  if (sim.solverFailures === 0) return undefined;
  const rate = sim.solverFailures / sim.trials;
  const message = `${sim.solverFailures} of ${sim.trials} ridge solves failed (not positive definite, or the head overflowed) and are excluded from the mean`;
  return rate > MAX_SOLVER_FAILURE_RATE
    ? { level: "error", message: `${message}; more than ${100 * MAX_SOLVER_FAILURE_RATE}% of trials failed, so the estimate is not reported as valid (lower r/σ or raise λ)` }
    : { level: "warning", message };
}
