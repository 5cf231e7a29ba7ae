/**
 * K5 — known prompt under isotropic noise: random attention weights (THEORY.md §4, K5).
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
 * This module: (1) the law of (S, N) as a weighted point set — exact where the weights are
 * constant or hardmax (1-D quadrature), tensor Gauss–Hermite for T ≤ 3, else a seeded Monte
 * Carlo whose standard error comes from batch means; (2) the fixed point; (3) the error;
 * (4) the error-minimizing prompt norm θ. The context noise draws do not depend on θ, so one
 * rule serves every θ (common random numbers: the error is a smooth function of θ).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { Rng } from "../random/rng.ts";
import { Q } from "../special/normal.ts";
import { attentionWeights } from "../models/promptAttention.ts";
import type { PoolingParams } from "./pooling.ts";
import type { RidgeShape } from "./knownPrompt.ts";

export type K5Params = PoolingParams;

// ---------------------------------------------------------------------------------------------
// 1. Integration rules over the T standardized context noises ξ_t = ⟨ξ_t, u⟩ ~ N(0, 1)

export interface ContextRule {
  kind: "gauss-hermite" | "monte-carlo";
  T: number;
  /** points × T standard-normal coordinates (row-major). */
  z: Float64Array;
  /** Weight of each point; they sum to 1. */
  w: Float64Array;
  points: number;
  /** Monte Carlo: number of interleaved batches for batch-means standard errors (0 for quadrature). */
  batches: number;
  /** Gauss–Hermite: the rule with half the nodes, whose disagreement is the error estimate. */
  coarse?: ContextRule;
  seed?: number;
}

export interface RuleOptions {
  /** Monte Carlo draws (≥ 1e5 for a reported theory value; fewer only for previews). */
  draws?: number;
  seed?: number;
  batches?: number;
  /** Largest T integrated by tensor Gauss–Hermite (default 3; 0 forces Monte Carlo). */
  quadratureMaxT?: number;
}

export const DEFAULT_DRAWS = 200_000;
const DEFAULT_BATCHES = 20;
/** Nodes per dimension of the tensor Gauss–Hermite rule, by T (total points ≤ ~6.4e4). */
const GH_NODES: Record<number, number> = { 1: 160, 2: 160, 3: 40 };

/**
 * Gauss–Hermite nodes and weights for E[f(Z)], Z ~ N(0, 1), by Golub–Welsch: the nodes are the
 * eigenvalues of the Jacobi matrix of the probabilists' Hermite polynomials (zero diagonal,
 * off-diagonal √i), the weights the squared first components of the unit eigenvectors.
 */
export function gaussHermite(m: number): { x: Float64Array; w: Float64Array } {
  const J = Matrix.zeros(m, m);
  for (let i = 1; i < m; i++) {
    J.set(i, i - 1, Math.sqrt(i));
    J.set(i - 1, i, Math.sqrt(i));
  }
  const eig = new EigenvalueDecomposition(J, { assumeSymmetric: true });
  const V = eig.eigenvectorMatrix;
  const x = Float64Array.from(eig.realEigenvalues);
  const w = new Float64Array(m);
  let sum = 0;
  for (let j = 0; j < m; j++) sum += w[j] = V.get(0, j) ** 2;
  for (let j = 0; j < m; j++) w[j]! /= sum; // the eigenvectors are unit: this only removes rounding
  return { x, w };
}

function tensorRule(T: number, m: number): ContextRule {
  const { x, w } = gaussHermite(m);
  const points = m ** T;
  const z = new Float64Array(points * T);
  const wt = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    let rest = p;
    let weight = 1;
    for (let t = 0; t < T; t++) {
      const j = rest % m;
      rest = (rest - j) / m;
      z[p * T + t] = x[j]!;
      weight *= w[j]!;
    }
    wt[p] = weight;
  }
  return { kind: "gauss-hermite", T, z, w: wt, points, batches: 0 };
}

/** The integration rule for T context coordinates: tensor Gauss–Hermite for small T, else Monte Carlo. */
export function contextRule(T: number, opts: RuleOptions = {}): ContextRule {
  const maxT = opts.quadratureMaxT ?? 3;
  if (T <= maxT && GH_NODES[T] !== undefined) {
    const m = GH_NODES[T]!;
    return { ...tensorRule(T, m), coarse: tensorRule(T, m / 2) };
  }
  const draws = opts.draws ?? DEFAULT_DRAWS;
  const batches = opts.batches ?? DEFAULT_BATCHES;
  if (!(Number.isInteger(draws) && draws >= 2 * batches && batches >= 2)) throw new RangeError(`contextRule: need draws ≥ 2·batches and batches ≥ 2, got ${draws}, ${batches}`);
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed, 5005); // a stream of its own, apart from the simulations' streams
  const z = rng.fillNormal(new Float64Array(draws * T));
  return { kind: "monte-carlo", T, z, w: new Float64Array(draws).fill(1 / draws), points: draws, batches, seed };
}

// ---------------------------------------------------------------------------------------------
// 2. The law of (S, N)

/** A weighted point set of (S, N); weights sum to 1. */
export interface AttentionLaw {
  S: Float64Array;
  N: Float64Array;
  w: Float64Array;
  /** How the law was obtained: exact (constant weights or hardmax) or by the given rule. */
  exact: boolean;
}

/** Weights that do not depend on the context noise: uniform pooling, or softmax at θ = 0. */
function constantWeights(p: K5Params): boolean {
  return p.pool === "uniform" || (p.pool === "softmax" && p.theta === 0);
}

/**
 * Hardmax (θ = ∞): all mass on the token with the highest score c·1_R + ρc·1_{R^c} + σξ_t, so
 * S ∈ {0, 1} and N = σ. With δ = (1 − ρ)c/σ, P(S = 1) = k E[Φ(Z)^{k−1} Φ(Z + δ)^{T−k}]: one
 * relevant token beats the other k − 1 relevant ones and the T − k irrelevant ones.
 * Returned with the disagreement of 160- and 80-node Gauss–Hermite rules as its error.
 */
export function hardmaxRelevantProbability(T: number, k: number, c: number, rho: number, sigma: number): { p: number; error: number } {
  if (k === T) return { p: 1, error: 0 };
  const delta = ((1 - rho) * c) / sigma;
  const integrate = (m: number) => {
    const { x, w } = gaussHermite(m);
    let s = 0;
    for (let j = 0; j < m; j++) {
      const z = x[j]!;
      s += w[j]! * (1 - Q(z)) ** (k - 1) * (1 - Q(z + delta)) ** (T - k);
    }
    return Math.min(1, k * s);
  };
  const fine = integrate(160);
  return { p: fine, error: Math.abs(fine - integrate(80)) };
}

/** The law of (S, N) at prompt norm θ, on the points of `rule` (or exactly where possible). */
export function attentionLaw(p: K5Params, rule: ContextRule): AttentionLaw {
  const { T, k, c, rho, sigma, theta, pool } = p;
  if (constantWeights(p)) {
    return { S: Float64Array.of(k / T), N: Float64Array.of(sigma / Math.sqrt(T)), w: Float64Array.of(1), exact: true };
  }
  if (theta === Infinity) {
    if (pool !== "softmax") throw new RangeError("attentionLaw: θ = ∞ (hardmax) is defined for softmax pooling only");
    const { p: pRel } = hardmaxRelevantProbability(T, k, c, rho, sigma);
    return { S: Float64Array.of(1, 0), N: Float64Array.of(sigma, sigma), w: Float64Array.of(pRel, 1 - pRel), exact: true };
  }
  if (rule.T !== T) throw new RangeError(`attentionLaw: the rule is for T = ${rule.T}, the law has T = ${T}`);
  const S = new Float64Array(rule.points);
  const N = new Float64Array(rule.points);
  const z = rule.z;
  if (pool === "softmax") {
    // softmax(θ·coords) written out (max subtracted): this loop runs T·points times per θ;
    // test/k5 checks it against the model's own weights. Scores are θσξ_t plus θ(1−ρ)c on R.
    const lift = theta * (1 - rho) * c, scale = theta * sigma;
    const e = new Float64Array(T);
    for (let j = 0, off = 0; j < rule.points; j++, off += T) {
      let max = -Infinity;
      for (let t = 0; t < T; t++) {
        const a = scale * z[off + t]! + (t < k ? lift : 0);
        e[t] = a;
        if (a > max) max = a;
      }
      let Z = 0, ZR = 0, Z2 = 0;
      for (let t = 0; t < T; t++) {
        const x = Math.exp(e[t]! - max);
        Z += x;
        Z2 += x * x;
        if (t < k) ZR += x;
      }
      S[j] = ZR / Z;
      N[j] = (sigma * Math.sqrt(Z2)) / Z;
    }
    return { S, N, w: rule.w, exact: false };
  }
  const coords = new Float64Array(T);
  const s = new Float64Array(T);
  const q = Float64Array.of(theta);
  // positions carry no information (the attention is permutation-equivariant): R = {0..k−1}
  for (let j = 0, off = 0; j < rule.points; j++, off += T) {
    for (let t = 0; t < T; t++) coords[t] = (t < k ? c : rho * c) + sigma * z[off + t]!;
    attentionWeights(pool, coords, T, 1, q, s); // the model's weights on a T×1 input, q = [θ]
    let sR = 0, ss = 0;
    for (let t = 0; t < T; t++) {
      if (t < k) sR += s[t]!;
      ss += s[t]! * s[t]!;
    }
    S[j] = sR;
    N[j] = sigma * Math.sqrt(ss);
  }
  return { S, N, w: rule.w, exact: false };
}

/** The law restricted to batch `b` of `B` interleaved batches, weights renormalized. */
function batchLaw(law: AttentionLaw, b: number, B: number): AttentionLaw {
  const size = Math.ceil((law.S.length - b) / B);
  const S = new Float64Array(size), N = new Float64Array(size), w = new Float64Array(size);
  let total = 0;
  for (let i = 0, j = b; j < law.S.length; i++, j += B) {
    S[i] = law.S[j]!;
    N[i] = law.N[j]!;
    total += w[i] = law.w[j]!;
  }
  for (let i = 0; i < size; i++) w[i]! /= total;
  return { S, N, w, exact: law.exact };
}

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
 * monotonically to the root; a bisection step replaces any step that leaves the bracket.
 */
function solveNu(law: AttentionLaw, gamma: number, lambdaBar: number): { nu: number; converged: boolean; iterations: number; residual: number } {
  const f = (nu: number) => {
    let g = 0, dg = 0;
    for (let j = 0; j < law.S.length; j++) {
      const N2 = law.N[j]! * law.N[j]!;
      const den = nu + N2;
      g += law.w[j]! * (nu * N2) / den;
      dg += law.w[j]! * (N2 * N2) / (den * den);
    }
    return { value: gamma * nu - g - lambdaBar, slope: gamma - dg, scale: gamma * nu + g + lambdaBar };
  };
  let lo = 0;
  let hi = (mean(law, (_S, N) => N * N) + lambdaBar) / gamma;
  let nu = hi;
  for (let it = 1; it <= 200; it++) {
    const { value, slope, scale } = f(nu);
    if (value > 0) hi = nu;
    else lo = nu;
    if (Math.abs(value) <= 1e-14 * scale) return { nu, converged: true, iterations: it, residual: Math.abs(value) };
    let next = slope > 0 ? nu - value / slope : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - nu) <= 1e-15 * nu) return { nu: next, converged: true, iterations: it, residual: Math.abs(f(next).value) };
    nu = next;
  }
  return { nu, converged: false, iterations: 200, residual: Math.abs(f(nu).value) };
}

/** Solve the K5 fixed point on a law of (S, N). */
export function solveK5(law: AttentionLaw, r: number, gamma: number, lambdaBar: number): K5FixedPoint {
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
  const root = solveNu(law, gamma, lambdaBar);
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
  method: "exact" | "gauss-hermite" | "monte-carlo";
  points: number;
  seed?: number;
  /** Standard errors from the integration: batch means (Monte Carlo), fine − coarse (quadrature), 0 (exact). */
  stderr: { error: number; nu: number; a: number; b: number; bayesPooled: number };
}

function summarize(law: AttentionLaw, p: K5Params, gamma: number, lambdaBar: number) {
  const fp = solveK5(law, p.r, gamma, lambdaBar);
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
  } else if (!law.exact && rule.kind === "monte-carlo") {
    const B = rule.batches;
    const vals = Array.from({ length: B }, (_, b) => summarize(batchLaw(law, b, B), p, gamma, lambdaBar));
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
    bayesPooled, method, points: law.S.length, ...(method === "monte-carlo" ? { seed: rule.seed } : {}), stderr,
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
    const ratio = (Math.sqrt(5) - 1) / 2;
    let [lo, hi] = bracket;
    let x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo);
    let f1 = errorAt(x1), f2 = errorAt(x2);
    const tol = opts.tol ?? 1e-4;
    converged = false;
    while (iterations < 200 && !converged) {
      iterations++;
      if (f1 <= f2) {
        hi = x2; x2 = x1; f2 = f1;
        x1 = hi - ratio * (hi - lo); f1 = errorAt(x1);
      } else {
        lo = x1; x1 = x2; f1 = f2;
        x2 = lo + ratio * (hi - lo); f2 = errorAt(x2);
      }
      converged = hi - lo <= tol * 0.5 * (lo + hi);
    }
    const [xs, fs] = f1 <= f2 ? [x1, f1] : [x2, f2];
    if (fs < error) [theta, error] = [xs, fs];
    bracket = [lo, hi];
  }
  const stderr = theta === 0 ? 0 : k5Theory({ ...p, theta }, shape, rule).stderr.error;
  evaluations++;
  return { theta, error, stderr, errorMean, errorHardmax, interior: theta > 0 && theta < Infinity, converged, iterations, evaluations, bracket, fixedPointsConverged: allConverged };
}
