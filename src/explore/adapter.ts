/**
 * The explorer's one door into the K5 and G1–G3 theory (src/theory/k5.ts, src/theory/gdSteps.ts),
 * whose internals are changing: when they move or split, only this file follows. Each function
 * computes exactly what the command line prints for the same point (`theory known-prompt
 * --noise isotropic`, `optimal-theta`, `theory gd-steps`), so a copied command reproduces it.
 */
import { DEFAULT_DRAWS, attentionLaw, contextRule, k5Theory, solveK5, type ContextRule } from "../theory/k5.ts";
import { optimalTheta } from "../theory/k5Optimal.ts";
import { predictedAttentionMass, predictedCosQ1, predictedCosW1, predictedTestError } from "../theory/gdSteps.ts";
import type { GdStepsPoint, KnownPromptPoint } from "../params/point.ts";

export type K5Rule = ContextRule;

/**
 * The rule the command line uses (tensor Gauss–Hermite for T ≤ 3, else the 65 248-point lattice),
 * or the preview's: 2 random shifts of the smallest Korobov lattice (2 042 points, any T), some
 * thirty times cheaper per evaluation and a few 1e-3 at most from the exact rule's values (1.4e-3
 * the worst over T = 2–64, θ = 0.3–10), which then replace it; its standard error (two shifts) is rough.
 */
export function k5Rule(T: number, preview: boolean): K5Rule {
  return preview ? contextRule(T, { draws: PREVIEW_POINTS, batches: PREVIEW_SHIFTS, quadratureMaxT: 0 }) : contextRule(T);
}

const PREVIEW_SHIFTS = 2;
/** Points of the preview rule (the smallest lattice, 1 021 points, times its shifts). */
export const PREVIEW_POINTS = 1021 * PREVIEW_SHIFTS;

/** Memory the rule needs (points × T doubles), to refuse a T the browser cannot hold. */
export function k5RuleSize(T: number, preview: boolean): number {
  return preview ? PREVIEW_POINTS * T : T <= 3 ? 0 : DEFAULT_DRAWS * T;
}


/** K5's error alone: the fixed point on the law of (S, N), as k5Theory computes it (no integration stderr). */
export function k5Error(p: KnownPromptPoint, rule: K5Rule): number {
  return solveK5(attentionLaw(p, rule), p.r, p.d / p.n, p.lambda / p.n).error;
}

/** K5's error with the standard error of its integration. */
export function k5Point(p: KnownPromptPoint, rule: K5Rule): { error: number; stderr: number } {
  const th = k5Theory(p, rule);
  return { error: th.error, stderr: th.stderr.error };
}

export interface K5Optimum {
  theta: number;
  error: number;
  stderr: number;
  errorMean: number;
  errorHardmax: number;
  converged: boolean;
}

/** The error-minimizing θ (softmax, isotropic noise); the preview searches a coarser grid. */
export function k5Optimum(p: KnownPromptPoint, rule: K5Rule, preview: boolean): K5Optimum {
  const o = optimalTheta({ ...p, pool: "softmax" }, preview ? { rule, gridPoints: 12, tol: 1e-2 } : { rule });
  return { theta: o.theta, error: o.error, stderr: o.stderr, errorMean: o.errorMean, errorHardmax: o.errorHardmax, converged: o.converged && o.fixedPointsConverged };
}

/** The G1–G3 quantities `theory gd-steps` prints, each on its own (they differ a lot in cost). */
export const GD_QUANTITIES = {
  cosW1: (p: GdStepsPoint) => ({ value: predictedCosW1(p), stderr: 0 }),
  cosQ1: (p: GdStepsPoint) => ({ value: predictedCosQ1(p), stderr: 0 }),
  attentionMass: (p: GdStepsPoint) => ({ value: predictedAttentionMass(p), stderr: 0 }),
  testError: (p: GdStepsPoint) => {
    const e = predictedTestError(p);
    return { value: e.error, stderr: e.stderr };
  },
} as const;

export type GdQuantity = keyof typeof GD_QUANTITIES;
