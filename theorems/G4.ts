/**
 * G4 — sample complexity of the first head step (docs/theory.md §5).
 *
 * Statement. The smallest n at which E[cos(w1, w⋆)] reaches a target τ grows linearly in d
 * (log-log slope 1) and as 1/(ζ²T) (slopes −1 in T at fixed ζ and −2 in ζ at fixed T):
 *   n⋆ ≈ τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)).
 *
 * Derivation. From G1, cos(w1, w⋆) ≈ ζr/√(ζ²r² + ζ²c²/n + σ²d/(nT)) up to O(1/d) corrections
 * (the exact E[cos] is G1's binomial sum). Setting cos² = τ²:
 *   ζ²r²(1 − τ²) = τ²(ζ²c² + σ²d/T)/n  ⇒  n⋆ = τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)).
 * The first term dominates when σ²d/T ≫ ζ²c², which holds on the grids below (ζ²c² ≤ 1/16,
 * σ²d/T ≥ 2), so ∂ln n⋆/∂ln d → 1, ∂ln n⋆/∂ln T → −1 and ∂ln n⋆/∂ln ζ → −2. The predicted slopes
 * on the grid are the least-squares slopes of ln n⋆ from the exact G1 prediction (solved for n by
 * bisection and interpolated between integers), shown beside the asymptotic ones.
 *
 * Measurement. For each grid point, `trials` streams of sampled inputs; along each stream the head
 * step on the first n_j inputs gives cos(w1, w⋆) at checkpoints n_j from 0.5·n⋆ to 2·n⋆ (predicted
 * n⋆, 12 geometric steps). The crossing of the mean curve with τ, interpolated in ln n, is the
 * measured n⋆; its standard error in ln n is the curve's stderr over its slope (delta method).
 * Slopes: weighted least squares of ln n⋆ on ln d (ln T, ln ζ) with 95% intervals (stderr inflated
 * by √(χ²/dof) if the scatter exceeds the errors).
 *
 * Check. Every measured n⋆ agrees with the predicted one within 3 stderr in ln n plus 0.02 (the
 * interpolation between checkpoints 12% apart), and for each of d, T, ζ the measured slope
 * agrees with the predicted one within 3·stderr plus the same interpolation allowance carried to
 * the slope, 2·0.02/ln(x_max/x_min). (Without it, the d-slope failed at one of three seeds with
 * 24 trials, z = −3.1: across seeds 1–3 the slope spread, 0.034, was 1.8× its stated stderr,
 * which the per-point interpolation bias accounts for.)
 *
 * Near-optimal sample complexity, end to end. The three-step algorithm (debiased steps, β = 60;
 * sim/gdSteps.ts) on law G with T = 8, k = 2, c = 3, r = σ = 1, at d ∈ {16, 32, 64} and
 * n = d·{2, 4, 8, 16, 32} samples per step (3n in all), 20 trials each. Its test error is set
 * beside three references at the same (n, d):
 *  - K5 with the known prompt θ_eq u, θ_eq = the mean of q1ᵀu over the trials (the learned prompt's
 *    norm along the context), isotropic noise as in the algorithm's law, matched-filter head
 *    (λ = 1e4·n, the form of the head step w2): the known-prompt error for the prompt GD learned;
 *  - K2 under context-clean noise, best λ (the matched filter, K2's infimum over λ), at θ_eq and
 *    with the oracle prompt θ = ∞: the known-prompt optimum (the two agree here: θ_eq c ≈ 25);
 *  - the Bayes error Q(r√k/σ) (n → ∞ with the oracle prompt).
 * n_1.1 is the first n at which the mean error is ≤ 1.1 × the K5 reference (log-linear
 * interpolation on the grid). Check: for every d the error at the largest n is within 1.1 × K5
 * (+ 3 stderr), n_1.1 is reached inside the grid at every d, and it grows at most linearly in d
 * (n_1.1(d_max)/n_1.1(d_min) ≤ 1.5·d_max/d_min; the log-log slope is reported). Quick mode:
 * d ∈ {32, 64}, n/d ∈ {4, 16}, 8 trials.
 * Measured (seed 1, labelled streams, 20 trials): n_1.1 = 263, 165, 162 at d = 16, 32, 64 (slope
 * ≤ 0: the prompt step's extra error shrinks with n as fast as the known-prompt head's d/n
 * penalty), the ratio to K5 at n = 32d is 1.037, 1.028, 1.016; the ratio to the K2 oracle stays ≈ 2
 * (1.99–2.03 at n = 32d). (With the old seed arithmetic: 168, 184, 171 and 1.046, 1.015, 1.009.)
 * The K2-oracle ratio is reported, not checked: at c/σ = 3 the isotropic score noise σ‖q1‖Z makes
 * the softmax pick single relevant tokens (K5's hardmax gap), so no prompt reaches the
 * context-clean optimum in this law.
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { samplesForAlignmentLimit, samplesForAlignmentReal, type GdParams } from "../src/theory/gdSteps.ts";
import { agreement, type AgreementRow } from "../src/stats/agreement.ts";
import { fitSlope, samplesForAlignmentSim, type CrossingEstimate, type SlopeFit } from "../src/sim/sampleComplexity.ts";
import { simulateGdSteps } from "../src/sim/gdSteps.ts";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";
import { contextRule, k5Theory } from "../src/theory/k5.ts";
import { Q } from "../src/special/normal.ts";
import type { Estimate } from "../src/sim/stats.ts";
import { deriveSeed } from "../src/random/deriveSeed.ts";

export type G4Base = Omit<GdParams, "n">;
export type G4Axis = "d" | "T" | "zeta";

export const G4_TARGET = 0.9;
/** Allowance on ln n⋆: the interpolation between checkpoints 12% apart. */
export const G4_LOG_ALLOWANCE = 0.02;
export const G4_BASE: G4Base = { d: 64, T: 16, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 1 };
/** Grids along each axis (ζ varies through k at T = 16; T varies at ζ = 1/8). */
export function g4Grid(quick: boolean): Record<G4Axis, G4Base[]> {
  const ds = quick ? [32, 64, 128] : [32, 64, 128, 256];
  return {
    d: ds.map((d) => ({ ...G4_BASE, d })),
    T: [8, 16, 32].map((T) => ({ ...G4_BASE, T, k: T / 8 })),
    zeta: [1, 2, 4].map((k) => ({ ...G4_BASE, k })),
  };
}
export const ASYMPTOTIC_SLOPE: Record<G4Axis, number> = { d: 1, T: -1, zeta: -2 };
const axisValue = (axis: G4Axis, p: G4Base) => (axis === "d" ? p.d : axis === "T" ? p.T : p.k / p.T);

export interface G4Point {
  axis: G4Axis;
  params: G4Base;
  x: number;
  predicted: number;
  /** the large-d formula τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)), for comparison with the exact prediction */
  limitFormula: number;
  measured: CrossingEstimate;
  /** ln n⋆ measured against ln n⋆ predicted, by the agreement rule with allowance 0.02 */
  log: AgreementRow;
  z: number;
  pass: boolean;
}

export interface G4Axes {
  points: G4Point[];
  slopes: { axis: G4Axis; measured: SlopeFit; predicted: number; asymptotic: number; z: number; tolerance: number; pass: boolean }[];
}

/** Checkpoints 0.5·n⋆ … 2·n⋆ (12 geometric steps, distinct integers). */
export function checkpointsAround(nStar: number): number[] {
  const out: number[] = [];
  for (let j = 0; j <= 12; j++) {
    const n = Math.max(1, Math.round(0.5 * nStar * 4 ** (j / 12)));
    if (out.length === 0 || n > out.at(-1)!) out.push(n);
  }
  return out;
}

export function measureG4(quick: boolean, trials: number, seed: number, onPoint?: () => void): G4Axes {
  const grid = g4Grid(quick);
  const points: G4Point[] = [];
  let i = 0;
  for (const axis of ["d", "T", "zeta"] as const) {
    for (const params of grid[axis]) {
      const predicted = samplesForAlignmentReal(params, G4_TARGET);
      const measured = samplesForAlignmentSim(params, G4_TARGET, checkpointsAround(predicted), trials, deriveSeed(seed, "G4/alignment", i++));
      const log = agreement(Math.log(predicted), { mean: Math.log(measured.nStar), stderr: measured.logStderr, trials: measured.trials }, G4_LOG_ALLOWANCE);
      points.push({ axis, params, x: axisValue(axis, params), predicted, limitFormula: samplesForAlignmentLimit(params, G4_TARGET), measured, log, z: log.z, pass: measured.ok && log.pass });
      onPoint?.();
    }
  }
  const slopes = (["d", "T", "zeta"] as const).map((axis) => {
    const pts = points.filter((p) => p.axis === axis && p.measured.ok);
    const lx = pts.map((p) => Math.log(p.x));
    const measured = fitSlope(lx, pts.map((p) => Math.log(p.measured.nStar)), pts.map((p) => p.measured.logStderr));
    const predicted = fitSlope(lx, pts.map((p) => Math.log(p.predicted))).slope;
    const span = Math.log(Math.max(...pts.map((p) => p.x)) / Math.min(...pts.map((p) => p.x)));
    const row = agreement(predicted, { mean: measured.slope, stderr: measured.stderr, trials: pts.length }, (2 * G4_LOG_ALLOWANCE) / span);
    return { axis, measured, predicted, asymptotic: ASYMPTOTIC_SLOPE[axis], z: row.z, tolerance: row.tolerance, pass: pts.length >= 3 && row.pass };
  });
  return { points, slopes };
}

/** First n at which values[i] ≤ target, log-linear interpolation; ns[0] if already there; Infinity if never. */
export function firstCrossing(ns: number[], values: number[], target: number): number {
  const i = values.findIndex((v) => v <= target);
  if (i < 0) return Infinity;
  if (i === 0) return ns[0]!;
  const frac = (values[i - 1]! - target) / (values[i - 1]! - values[i]!);
  return Math.exp(Math.log(ns[i - 1]!) + frac * (Math.log(ns[i]!) - Math.log(ns[i - 1]!)));
}

export const NEAR_LAW = { T: 8, k: 2, c: 3, r: 1, sigma: 1, eta: 1, beta: 60 };
export const NEAR_FACTOR = 1.1;
export function nearOptimalGrid(quick: boolean) {
  return { ds: quick ? [32, 64] : [16, 32, 64], perD: quick ? [4, 16] : [2, 4, 8, 16, 32], trials: quick ? 8 : 20 };
}

export interface NearOptimalRow {
  d: number;
  n: number;
  /** test error of the debiased three-step algorithm, and of the plain steps */
  gd: Estimate;
  gdPlain: Estimate;
  thetaEq: number;
  /** K5 (isotropic noise, the algorithm's law) at θ_eq, matched-filter head */
  knownPromptSameTheta: number;
  /** K2 (context-clean noise) at θ_eq, best λ: at c = 3, θ_eq ≈ 8.5 it is the oracle's (s_irr/s_rel = e^{−θ_eq c} ≈ 1e-11) */
  knownPromptSameThetaK2: number;
  knownPromptOracle: number;
  bayes: number;
  ratioSameTheta: number;
  ratioOracle: number;
}

/** The end-to-end comparison over the grid (point j simulated with the seed labelled "G4/near-optimal", j). */
export function measureNearOptimal(quick: boolean, seed: number, onPoint?: () => void) {
  const g = nearOptimalGrid(quick);
  const rule = contextRule(NEAR_LAW.T);
  const bayes = Q((NEAR_LAW.r * Math.sqrt(NEAR_LAW.k)) / NEAR_LAW.sigma);
  const rows: NearOptimalRow[] = [];
  let j = 0;
  for (const d of g.ds) {
    for (const a of g.perD) {
      const n = a * d;
      const sim = simulateGdSteps({ ...NEAR_LAW, d, n, debias: true, scoreDraws: 2000 }, g.trials, deriveSeed(seed, "G4/near-optimal", j++));
      const thetaEq = sim.raw.reduce((s, t) => s + t.q1Coords.qu, 0) / sim.raw.length;
      const prompt = { ...NEAR_LAW, rho: 0, theta: thetaEq, pool: "softmax" as const };
      const knownPromptSameTheta = k5Theory({ ...prompt, n, d, lambda: 1e4 * n }, rule).error;
      const knownPromptSameThetaK2 = knownPromptTheory({ ...prompt, n, d, lambda: 0 }).errorBestLambda;
      const knownPromptOracle = knownPromptTheory({ ...prompt, theta: Infinity, n, d, lambda: 0 }).errorBestLambda;
      const gd = sim.debiased!.testError;
      rows.push({ d, n, gd, gdPlain: sim.testError, thetaEq, knownPromptSameTheta, knownPromptSameThetaK2, knownPromptOracle, bayes, ratioSameTheta: gd.mean / knownPromptSameTheta, ratioOracle: gd.mean / knownPromptOracle });
      onPoint?.();
    }
  }
  const perD = g.ds.map((d) => {
    const r = rows.filter((x) => x.d === d);
    const last = r.at(-1)!;
    const nToFactor = firstCrossing(r.map((x) => x.n), r.map((x) => x.ratioSameTheta), NEAR_FACTOR);
    const nToFactorOracle = firstCrossing(r.map((x) => x.n), r.map((x) => x.ratioOracle), NEAR_FACTOR);
    const reached = last.gd.mean <= NEAR_FACTOR * last.knownPromptSameTheta + 3 * last.gd.stderr;
    // already within the factor at the smallest n: n_1.1 is then only an upper bound
    const upperBound = r[0]!.ratioSameTheta <= NEAR_FACTOR;
    return { d, nToFactor, nToFactorPerD: nToFactor / d, upperBound, nToFactorOracle, errorAtLargestN: last.gd, reached };
  });
  const first = perD[0]!, lastD = perD.at(-1)!;
  const allReached = perD.every((x) => Number.isFinite(x.nToFactor));
  const growth = allReached ? lastD.nToFactor / first.nToFactor : Infinity;
  // log-log slope of n_1.1 against d (least squares over the d grid; ≤ 1 means at most linear)
  const slopeInD = allReached ? fitSlope(perD.map((x) => Math.log(x.d)), perD.map((x) => Math.log(x.nToFactor))).slope : undefined;
  const atMostLinear = allReached && growth <= (1.5 * lastD.d) / first.d;
  return { law: NEAR_LAW, factor: NEAR_FACTOR, trials: g.trials, rows, perD, growth, slopeInD, atMostLinear, pass: perD.every((x) => x.reached) && atMostLinear };
}

export const G4 = defineClaim({
  id: "G4",
  title: "Sample complexity of the head step: n⋆ ∝ d/(ζ²T); end to end within 1.1× the known prompt",
  statement: "The smallest n with E[cos(w1, w⋆)] ≥ 0.9 has log-log slope 1 in d, −1 in T and −2 in ζ: n⋆ ≈ τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)). End to end, the three-step algorithm's test error comes within 1.1× the known-prompt error (K5 at the learned prompt norm) at an n that grows at most linearly in d.",
  domain: "law G, isotropic noise, ρ = 0; σ²d/T ≫ ζ²c² for the asymptotic slopes; near-optimality at T = 8, k = 2, c = 3, r = σ = 1, β = 60, d = 16–64",
  async check(opts: CheckOptions = {}) {
    const quick = opts.quick ?? false;
    // the 3·stderr rule needs the stderr itself to be well estimated: with 12 trials a sample whose
    // spread came out at half the true one gave z = −5.5 at d = 64 (seed 1), where 40 trials give −0.6
    const trials = quick ? 24 : 40;
    const near = nearOptimalGrid(quick);
    const total = (quick ? 9 : 10) + near.ds.length * near.perD.length;
    let done = 0;
    const tick = () => opts.onProgress?.(++done, total);
    const res = measureG4(quick, trials, opts.seed ?? 1, tick);
    const nearOptimal = measureNearOptimal(quick, opts.seed ?? 1, tick);
    const pass = res.points.every((p) => p.pass) && res.slopes.every((s) => s.pass) && nearOptimal.pass;
    return { claim: "G4", pass, evidence: { target: G4_TARGET, trials, ...res, nearOptimal } };
  },
});
