/**
 * K5 — known prompt under isotropic noise: random attention weights (docs/theory.md §4, K5).
 *
 * The scores θ⟨x_t, u⟩ are random, so S = Σ_{t∈R} s_t and N = σ‖s‖ vary from sample to sample,
 * and the ridge head's error tends to E[Q(r a S/(N √(a² + b²)))] with (ν, a, b) the CGMT fixed
 * point over the law of (S, N) (./k5FixedPoint.ts; the derivation is written out in
 * theorems/K5.ts). This module: the theory at one parameter point, with the integration's
 * standard errors. The law comes from ./k5Law.ts on a rule of ./k5Rule.ts; the error-minimizing
 * θ is ./k5Optimal.ts.
 *
 * Cost bound of one point (rule given or cached), P = rule points (49 116 by default), B its
 * batches: the law, P·T exponentials, plus P·T inverse normals or normal draws when the rule is
 * too large to cache (P·T > 2²³, regenerated in blocks of ≤ 2²⁰ numbers); then the whole law's
 * fixed point (≤ 200 Newton passes, ~4 in practice) and the B batches' together (~3 passes from
 * the whole law's ν), each O(P), and three Q evaluations per point. Memory: the cached rules
 * (≤ 2²³ numbers in all) plus 3P numbers, whatever T. Building the rule adds
 * P·T inverse normals or normal draws and, once per (n, T), the lattice's Korobov search
 * (128·n·T operations). k5CostBoundMs states the bound in CPU time, with room for a loaded machine.
 */
import { fastQ } from "../special/millsRatio.ts";
import { STREAM_VERSION } from "../random/rng.ts";
import type { KnownPromptPoint } from "../params/point.ts";
import { attentionLaw, hardmaxRelevantProbability, type AttentionLaw } from "./k5Law.ts";
import { contextRule, type ContextRule } from "./k5Rule.ts";
import { batchMeans, solveK5, solveK5Batches, type K5FixedPoint } from "./k5FixedPoint.ts";

export { attentionLaw, constantWeights, hardmaxRelevantProbability, type AttentionLaw, type K5Params } from "./k5Law.ts";
export { contextRule, DEFAULT_DRAWS, type ContextRule, type RuleOptions } from "./k5Rule.ts";
export { k5Error, solveK5, solveK5Batches, type K5FixedPoint, type K5Regime } from "./k5FixedPoint.ts";

/** One point of the K5 theory: a known-prompt point (law G, prompt, ridge head); its noise is isotropic by definition. */
export type K5Point = Omit<KnownPromptPoint, "noise">;

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

const FIELDS = ["error", "nu", "a", "b"] as const;

/** The fixed point and E[Q(r S/N)] on a whole law. */
function summarize(law: AttentionLaw, p: K5Point) {
  const fp = solveK5(law, p.r, p.d / p.n, p.lambda / p.n);
  return { fp, bayesPooled: batchMeans(law, 1, (S, N) => (N > 0 ? fastQ((p.r * S) / N) : 0.5)).mean };
}

/**
 * Bound on the CPU time of one k5Theory call in ms, building the rule included (compiled code):
 * 50 ms + 300 ns per unit of work, the work being P·(2T + 20) (the rule's and the law's P·T
 * numbers, and some 20 passes over the points for the fixed points and their Q's, ×2 for a
 * Gauss–Hermite rule's coarse twin) plus the lattice's Korobov search; a quiet machine takes
 * about 10–30 ns per unit. test/fuzz-k5 asserts it at every point.
 */
export function k5CostBoundMs(rule: ContextRule, T: number): number {
  const korobov = rule.kind === "lattice" ? 128 * (rule.points / rule.batches) * T : 0;
  return 50 + 300e-6 * ((rule.coarse ? 2 : 1) * rule.points * (2 * T + 20) + korobov);
}

/** Standard error of the mean of B batch values, in units of their largest magnitude (a and ν scale like 1/σ and σ², so squares of them can leave the doubles). */
function batchStderr(xs: ArrayLike<number>): number {
  const B = xs.length;
  let scale = 0;
  for (let i = 0; i < B; i++) scale = Math.max(scale, Math.abs(xs[i]!));
  if (scale === 0) return 0;
  let m = 0;
  for (let i = 0; i < B; i++) m += xs[i]! / scale / B;
  let ss = 0;
  for (let i = 0; i < B; i++) ss += (xs[i]! / scale - m) ** 2;
  return scale * Math.sqrt(ss / (B - 1) / B);
}

/** K5 at one point: the fixed point, the error, and the integration error of each. The default rule is `contextRule(p.T)` (cached). */
export function k5Theory(p: K5Point, rule: ContextRule = contextRule(p.T)): K5Theory {
  const gamma = p.d / p.n, lambdaBar = p.lambda / p.n;
  const law = attentionLaw(p, rule);
  const stderr = { error: 0, nu: 0, a: 0, b: 0, bayesPooled: 0 };
  const method: K5Theory["method"] = law.exact ? "exact" : rule.kind;
  const fp = solveK5(law, p.r, gamma, lambdaBar);
  let bayesPooled: number;
  if (!law.exact && rule.batches > 0) {
    // the rule's batches (lattice shifts) are independent replicates: their spread is the error
    const bayes = batchMeans(law, rule.batches, (S, N) => (N > 0 ? fastQ((p.r * S) / N) : 0.5));
    bayesPooled = bayes.mean;
    const batches = solveK5Batches(law, rule.batches, p.r, gamma, lambdaBar, fp.nu);
    for (const f of FIELDS) stderr[f] = batchStderr(batches.map((v) => v[f]));
    stderr.bayesPooled = batchStderr(bayes.batches);
  } else {
    bayesPooled = summarize(law, p).bayesPooled;
    // exact hardmax: the only integration error is that of P(S = 1), propagated by a finite
    // difference; Gauss–Hermite: the disagreement with the half-node rule
    let alt: AttentionLaw | undefined;
    if (law.exact && p.theta === Infinity) {
      const { p: pRel, error } = hardmaxRelevantProbability(p.T, p.k, p.c, p.rho, p.sigma);
      if (error > 0) alt = { ...law, w: Float64Array.of(Math.min(1, pRel + error), Math.max(0, 1 - pRel - error)) };
    } else if (!law.exact && rule.coarse) alt = attentionLaw(p, rule.coarse);
    if (alt) {
      const other = summarize(alt, p);
      for (const f of FIELDS) stderr[f] = Math.abs(other.fp[f] - fp[f]);
      stderr.bayesPooled = Math.abs(other.bayesPooled - bayesPooled);
    }
  }
  if (fp.b === Infinity) stderr.b = 0;
  let meanS = 0, meanN = 0;
  for (let j = 0; j < law.S.length; j++) [meanS, meanN] = [meanS + law.w[j]! * law.S[j]!, meanN + law.w[j]! * law.N[j]!];
  return {
    claim: "K5", ...fp, gamma, lambdaBar, S: meanS, N: meanN,
    bayesPooled, method, points: law.S.length, ...(method === "monte-carlo" || method === "lattice" ? { seed: rule.seed, streamVersion: STREAM_VERSION } : {}), stderr,
  };
}
