/**
 * K5 — known prompt under isotropic noise: random attention weights (docs/theory.md §4, K5).
 *
 * The scores θ⟨x_t, u⟩ are random, so S = Σ_{t∈R} s_t and N = σ‖s‖ vary from sample to sample.
 * With γ = d/n, λ̄ = λ/n and ω = ν/(ν + N²), the ridge head's error tends to
 *   E[ Q( r a S / (N √(a² + b²)) ) ],
 *   γ ν = E[ν N²/(ν + N²)] + λ̄,
 *   a   = r E[ωS] / (r² E[ωS²] + E[ωN²] + λ̄),
 *   b²  = E[((1 − r a S)² + a² N²) N²/(ν + N²)²] / (γ − E[N⁴/(ν + N²)²]),
 * with the minimum-norm limit (λ̄ = 0, γ > 1) a = r E[S/N²]/(r² E[S²/N²] + γ),
 * b² = E[(1 − r a S)²/N² + a²]/(γ − 1). The derivation is written out in theorems/K5.ts.
 *
 * This module: the fixed point on a law of (S, N) (src/theory/k5Law.ts), the error with its
 * integration standard error, and the error-minimizing prompt norm θ. The context noise does
 * not depend on θ, so one rule serves every θ (common random numbers: the error is a smooth
 * function of θ). Cost bound of one point: one law (points·T exponentials), then at most
 * 200 Newton steps of O(points) for the full law and for each batch together.
 */
import { Q } from "../special/normal.ts";
import { STREAM_VERSION } from "../random/rng.ts";
import { goldenSection, newtonBracketed } from "../special/solvers.ts";
import { attentionLaw, batchLaw, contextRule, hardmaxRelevantProbability, type AttentionLaw, type ContextRule, type K5Params } from "./k5Law.ts";
import type { RidgeShape } from "./knownPrompt.ts";

export { attentionLaw, contextRule, hardmaxRelevantProbability, DEFAULT_DRAWS, type AttentionLaw, type ContextRule, type K5Params, type RuleOptions } from "./k5Law.ts";

// ---------------------------------------------------------------------------------------------
// 3. The fixed point (ν, a, b) and the error

export type K5Regime = "ridge" | "min-norm" | "interpolation-peak" | "degenerate";

export interface K5FixedPoint {
  nu: number;
  a: number;
  /** ‖w_⊥‖; Infinity at the interpolation peak (λ̄ = 0, γ = 1). */
  b: number;
  /** The limiting test error E[Q(r a S/(N √(a² + b²)))]. */
  error: number;
  regime: K5Regime;
  converged: boolean;
  iterations: number;
  /** |γν − E[νN²/(ν + N²)] − λ̄| at the returned ν (0 in the closed-form regimes). */
  residual: number;
}

/** Weighted mean Σ w_j f(S_j, N_j). */
function mean(law: AttentionLaw, f: (S: number, N: number) => number): number {
  let s = 0;
  for (let j = 0; j < law.S.length; j++) s += law.w[j]! * f(law.S[j]!, law.N[j]!);
  return s;
}

/** E[Q(κ S/N)] with κ = r a/√(a² + b²): the error of a head with ⟨w, v⟩ = a, ‖w_⊥‖ = b. */
export function k5Error(law: AttentionLaw, r: number, a: number, b: number): number {
  if (b === Infinity) return 0.5;
  const norm = Math.hypot(a, b);
  if (norm === 0) return 0.5;
  const kappa = (r * a) / norm;
  return mean(law, (S, N) => (N > 0 ? Q((kappa * S) / N) : 0.5));
}

/**
 * Root of f(ν) = γν − E[νN²/(ν + N²)] − λ̄ on the bracket (0, (E[N²] + λ̄)/γ]. f is convex with
 * f(0) = −λ̄ ≤ 0 and f ≥ 0 at the upper end, so Newton started at the upper end decreases
 * monotonically to the root (src/special/solvers.ts guards the bracket).
 */
function solveNu(law: AttentionLaw, gamma: number, lambdaBar: number, start?: number): { nu: number; converged: boolean; iterations: number; residual: number } {
  const N2s = law.N.map((N) => N * N), w = law.w;
  const f = (nu: number) => {
    let g = 0, dg = 0;
    for (let j = 0; j < N2s.length; j++) {
      const N2 = N2s[j]!, q = N2 / (nu + N2);
      g += w[j]! * nu * q;
      dg += w[j]! * q * q;
    }
    return { value: gamma * nu - g - lambdaBar, slope: gamma - dg, scale: gamma * nu + g + lambdaBar };
  };
  const hi = (mean(law, (_S, N) => N * N) + lambdaBar) / gamma;
  // from a nearby root (e.g. the full law's, for one of its batches) Newton needs a few steps
  const root = newtonBracketed(f, 0, hi, start !== undefined && start > 0 && start < hi ? start : hi);
  return { nu: root.x, converged: root.converged, iterations: root.iterations, residual: root.residual };
}

/** Solve the K5 fixed point on a law of (S, N); `nuStart` (optional) starts the ν iteration near a known root. */
export function solveK5(law: AttentionLaw, r: number, gamma: number, lambdaBar: number, nuStart?: number): K5FixedPoint {
  if (!(gamma > 0 && Number.isFinite(gamma))) throw new RangeError(`solveK5: γ must be finite and > 0, got ${gamma}`);
  if (!(lambdaBar >= 0 && Number.isFinite(lambdaBar))) throw new RangeError(`solveK5: λ̄ must be finite and ≥ 0, got ${lambdaBar}`);
  if (mean(law, (_S, N) => N * N) === 0) {
    // e.g. linear pooling at θ = 0: the pooled feature is identically zero, every head guesses
    return { nu: 0, a: 0, b: 0, error: 0.5, regime: "degenerate", converged: true, iterations: 0, residual: 0 };
  }
  if (lambdaBar === 0 && gamma >= 1) {
    if (gamma === 1) return { nu: 0, a: 0, b: Infinity, error: 0.5, regime: "interpolation-peak", converged: true, iterations: 0, residual: 0 };
    const a = (r * mean(law, (S, N) => S / (N * N))) / (r * r * mean(law, (S, N) => (S * S) / (N * N)) + gamma);
    const b = Math.sqrt(mean(law, (S, N) => (1 - r * a * S) ** 2 / (N * N) + a * a) / (gamma - 1));
    return { nu: 0, a, b, error: k5Error(law, r, a, b), regime: "min-norm", converged: true, iterations: 0, residual: 0 };
  }
  const root = solveNu(law, gamma, lambdaBar, nuStart);
  const nu = root.nu;
  let eS = 0, eS2 = 0, eN2 = 0;
  for (let j = 0; j < law.S.length; j++) {
    const S = law.S[j]!, N2 = law.N[j]! * law.N[j]!;
    const om = law.w[j]! * (nu / (nu + N2));
    eS += om * S;
    eS2 += om * S * S;
    eN2 += om * N2;
  }
  const a = (r * eS) / (r * r * eS2 + eN2 + lambdaBar);
  let num = 0, fourth = 0;
  for (let j = 0; j < law.S.length; j++) {
    const S = law.S[j]!, N2 = law.N[j]! * law.N[j]!;
    const den2 = (nu + N2) ** 2;
    num += law.w[j]! * (((1 - r * a * S) ** 2 + a * a * N2) * N2) / den2;
    fourth += law.w[j]! * (N2 * N2) / den2;
  }
  const slope = gamma - fourth; // = f′(ν) > 0 at the root
  const b = slope > 0 ? Math.sqrt(num / slope) : Infinity;
  return { nu, a, b, error: k5Error(law, r, a, b), regime: "ridge", converged: root.converged && slope > 0, iterations: root.iterations, residual: root.residual };
}

// ---------------------------------------------------------------------------------------------
// 4. The theory at one point, with the error of its expectations

export interface K5Theory extends K5FixedPoint {
  claim: "K5";
  gamma: number;
  lambdaBar: number;
  /** E[S] and E[N] (N includes σ). */
  S: number;
  N: number;
  /** The n/d → ∞ limit (b → 0): the error of the head w ∝ v, E[Q(r S/N)]; the best linear head when S ≥ 0 (softmax). */
  bayesPooled: number;
  method: "exact" | "gauss-hermite" | "lattice" | "monte-carlo";
  points: number;
  /** Seeded rules (lattice shifts, Monte Carlo draws): the seed and the version of its random streams. */
  seed?: number;
  streamVersion?: number;
  /** Standard errors from the integration: batch means over the lattice shifts or Monte Carlo batches, fine − coarse (quadrature), 0 (exact). */
  stderr: { error: number; nu: number; a: number; b: number; bayesPooled: number };
}

function summarize(law: AttentionLaw, p: K5Params, gamma: number, lambdaBar: number, nuStart?: number) {
  const fp = solveK5(law, p.r, gamma, lambdaBar, nuStart);
  const bayesPooled = mean(law, (S, N) => (N > 0 ? Q((p.r * S) / N) : 0.5));
  return { fp, bayesPooled };
}

/** K5 at one point: the fixed point, the error, and the integration error of each. */
export function k5Theory(p: K5Params, shape: RidgeShape, rule: ContextRule = contextRule(p.T)): K5Theory {
  const gamma = shape.d / shape.n;
  const lambdaBar = shape.lambda / shape.n;
  const law = attentionLaw(p, rule);
  const { fp, bayesPooled } = summarize(law, p, gamma, lambdaBar);
  const stderr = { error: 0, nu: 0, a: 0, b: 0, bayesPooled: 0 };
  const fields = ["error", "nu", "a", "b"] as const;
  const method: K5Theory["method"] = law.exact ? "exact" : rule.kind;
  if (law.exact && p.theta === Infinity) {
    // hardmax: the only integration error is that of P(S = 1), propagated by a finite difference
    const { p: pRel, error } = hardmaxRelevantProbability(p.T, p.k, p.c, p.rho, p.sigma);
    if (error > 0) {
      const moved: AttentionLaw = { ...law, w: Float64Array.of(Math.min(1, pRel + error), Math.max(0, 1 - pRel - error)) };
      const alt = summarize(moved, p, gamma, lambdaBar);
      for (const f of fields) stderr[f] = Math.abs(alt.fp[f] - fp[f]);
      stderr.bayesPooled = Math.abs(alt.bayesPooled - bayesPooled);
    }
  } else if (!law.exact && rule.batches > 0) {
    const B = rule.batches;
    const vals = Array.from({ length: B }, (_, b) => summarize(batchLaw(law, b, B), p, gamma, lambdaBar, fp.nu));
    const se = (get: (v: (typeof vals)[number]) => number) => {
      const xs = vals.map(get);
      const m = xs.reduce((s, x) => s + x, 0) / B;
      return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (B - 1) / B);
    };
    for (const f of fields) stderr[f] = se((v) => v.fp[f]);
    stderr.bayesPooled = se((v) => v.bayesPooled);
  } else if (!law.exact && rule.coarse) {
    const alt = summarize(attentionLaw(p, rule.coarse), p, gamma, lambdaBar);
    for (const f of fields) stderr[f] = Math.abs(alt.fp[f] - fp[f]);
    stderr.bayesPooled = Math.abs(alt.bayesPooled - bayesPooled);
  }
  if (fp.b === Infinity) stderr.b = 0;
  return {
    claim: "K5", ...fp, gamma, lambdaBar,
    S: mean(law, (S) => S), N: mean(law, (_S, N) => N),
    bayesPooled, method, points: law.S.length, ...(method === "monte-carlo" || method === "lattice" ? { seed: rule.seed, streamVersion: STREAM_VERSION } : {}), stderr,
  };
}

// ---------------------------------------------------------------------------------------------
// 5. The error-minimizing prompt norm

export interface OptimalThetaOptions {
  rule?: ContextRule;
  /** Grid of the first scan: θσ from 1e-2 to this value (log-spaced), plus θ = 0. */
  thetaSigmaMax?: number;
  gridPoints?: number;
  /** Relative tolerance of the golden-section search on θ. */
  tol?: number;
}

export interface OptimalTheta {
  /** The error-minimizing θ (0 or Infinity when the minimum is at an end). */
  theta: number;
  error: number;
  /** Integration standard error of `error` (batch means / quadrature), computed at θ*. */
  stderr: number;
  /** θ = 0: mean pooling. */
  errorMean: number;
  /** θ = ∞: hardmax. */
  errorHardmax: number;
  interior: boolean;
  /** Golden-section status: converged within `tol`, and the number of its iterations. */
  converged: boolean;
  iterations: number;
  /** Theory evaluations in the scan and the search. */
  evaluations: number;
  bracket: [number, number];
  /** Every fixed point on the way converged. */
  fixedPointsConverged: boolean;
}

/**
 * Minimize the K5 error over θ ∈ [0, ∞]: a scan of θ = 0 and a log grid of θσ finds the best
 * grid point, golden-section search refines it inside its two neighbours, and the result is
 * compared with θ = 0 (mean pooling) and θ = ∞ (hardmax, exact).
 */
export function optimalTheta(p: Omit<K5Params, "theta">, shape: RidgeShape, opts: OptimalThetaOptions = {}): OptimalTheta {
  if (p.pool !== "softmax") throw new RangeError("optimalTheta: the comparison with hardmax needs softmax pooling");
  const rule = opts.rule ?? contextRule(p.T);
  const gamma = shape.d / shape.n;
  const lambdaBar = shape.lambda / shape.n;
  let evaluations = 0;
  let allConverged = true;
  const errorAt = (theta: number) => {
    evaluations++;
    const fp = solveK5(attentionLaw({ ...p, theta }, rule), p.r, gamma, lambdaBar);
    allConverged &&= fp.converged;
    return fp.error;
  };
  const G = opts.gridPoints ?? 32;
  const hiTs = opts.thetaSigmaMax ?? 100;
  const thetas = [0, ...Array.from({ length: G }, (_, i) => (1e-2 * (hiTs / 1e-2) ** (i / (G - 1))) / p.sigma)];
  const errs = thetas.map(errorAt);
  const errorMean = errs[0]!;
  const errorHardmax = errorAt(Infinity);
  let best = 0;
  for (let i = 1; i < errs.length; i++) if (errs[i]! < errs[best]!) best = i;
  let theta = thetas[best]!, error = errs[best]!, converged = true, iterations = 0;
  let bracket: [number, number] = [thetas[Math.max(0, best - 1)]!, thetas[Math.min(G, best + 1)]!];
  if (best === G) {
    // the scan still decreases at its last point: either hardmax is at least as good, or the
    // minimum lies beyond the scanned range (reported as not converged)
    if (errorHardmax <= error) [theta, error, bracket] = [Infinity, errorHardmax, [thetas[G]!, Infinity]];
    else converged = false;
  } else {
    // golden-section on the grid minimum's two neighbours (θ = 0 is its own left neighbour)
    const search = goldenSection(errorAt, bracket[0], bracket[1], { rtol: opts.tol ?? 1e-4 });
    ({ converged, iterations, bracket } = search);
    if (search.value < error) [theta, error] = [search.x, search.value];
  }
  const stderr = theta === 0 ? 0 : k5Theory({ ...p, theta }, shape, rule).stderr.error;
  evaluations++;
  return { theta, error, stderr, errorMean, errorHardmax, interior: theta > 0 && theta < Infinity, converged, iterations, evaluations, bracket, fixedPointsConverged: allConverged };
}
