/**
 * Shared by G1–G3: the parameter points at which the Monte Carlo of the three-step algorithm is
 * compared with the predictions, the (cached) simulation of those points, and the comparison
 * |sim − theory| ≤ 3·stderr + allowance with the prediction optionally scaled (1.05 / 0.95 show
 * that the check can fail). The simulated means are the control-variate estimates of
 * sim/gdSteps.ts (the label imbalances ȳ_j² − 1/n, of known mean 0, as controls): unbiased for
 * the same expectations, with 10–25% smaller stderr for the test error of the plain steps.
 */
import { simulateGdSteps, type GdSim } from "../src/sim/gdSteps.ts";
import type { GdParams } from "../src/params/gdPoint.ts";
import { cachedSimulation } from "./simCache.ts";
import { agreement, type AgreementRow } from "../src/stats/agreement.ts";
import { deriveSeed } from "../src/random/deriveSeed.ts";

/**
 * Eleven points: d from 24 to 100, T from 6 to 16, ζ from 1/8 to 1/2, n from 150 (< d) to 500,
 * c from 0.5 to 3, β from 3 to 500, σ from 0.5 to 2 (the last four were added after an outside
 * review found the old G3 error prediction biased at c = 2, where no point had been; a fifth, at
 * c = 3, β = 500, σ = 0.5, saturated the attention mass at 1 in every trial, so its spread was 0
 * and its z-score undefined, and it was dropped).
 */
export const GD_POINTS: GdParams[] = [
  { d: 32, T: 8, k: 2, c: 1, r: 1, sigma: 1, eta: 1, beta: 60, n: 250 },
  { d: 48, T: 12, k: 2, c: 1, r: 1.2, sigma: 1, eta: 1, beta: 80, n: 300 },
  { d: 24, T: 6, k: 2, c: 1.5, r: 1, sigma: 1.2, eta: 1, beta: 30, n: 400 },
  { d: 40, T: 8, k: 1, c: 1.5, r: 1.5, sigma: 1, eta: 2, beta: 20, n: 300 },
  { d: 64, T: 10, k: 2, c: 1, r: 1.2, sigma: 1, eta: 1, beta: 60, n: 200 },
  { d: 30, T: 16, k: 4, c: 1, r: 1, sigma: 1.5, eta: 1, beta: 40, n: 500 },
  { d: 100, T: 6, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 50, n: 150 },
  { d: 50, T: 6, k: 3, c: 2, r: 0.8, sigma: 1, eta: 2, beta: 10, n: 150 },
  { d: 40, T: 8, k: 2, c: 3, r: 1, sigma: 1, eta: 1, beta: 3, n: 200 },
  { d: 32, T: 8, k: 2, c: 0.5, r: 1.5, sigma: 0.5, eta: 1, beta: 500, n: 300 },
  { d: 48, T: 10, k: 3, c: 2, r: 1.2, sigma: 2, eta: 1, beta: 100, n: 250 },
];

/** Trials per point in the full checks: enough for a 5% change of every prediction to be detected. */
export const GD_TRIALS = 200;

/**
 * Trials per point in quick runs: with 16 a 3-stderr rule over 33 comparisons failed by chance
 * (a 16-sample stderr is itself uncertain, |t₁₅| > 3 has p ≈ 0.01); 40 keeps the preview honest.
 */
export const GD_QUICK_TRIALS = 40;

export type GdQuantity = "cosW1" | "cosQ1" | "attentionMass" | "testError";

export type GdAgreementRow = AgreementRow & { point: GdParams; quantity: GdQuantity };

const cache = new Map<string, GdSim[]>();

/** Simulate the points (point i with the seed labelled "gd-steps/point" i), with the debiased steps; cached per (points, trials, seed). */
export function simulateGdPoints(points: GdParams[], trials: number, seed: number, onPoint?: (i: number) => void): GdSim[] {
  const key = JSON.stringify({ points, trials, seed });
  let sims = cache.get(key);
  if (!sims) {
    sims = points.map((p, i) => {
      const sim = cachedSimulation("gd-steps", { p, trials, seed: deriveSeed(seed, "gd-steps/point", i) }, () => {
        const { raw: _raw, ...s } = simulateGdSteps({ ...p, debias: true }, trials, deriveSeed(seed, "gd-steps/point", i));
        return s;
      });
      onPoint?.(i + 1);
      return sim;
    });
    cache.set(key, sims);
  } else if (onPoint) points.forEach((_, i) => onPoint(i + 1));
  return sims;
}

/** A prediction and, when it is itself computed with a seeded Monte Carlo, that Monte Carlo's standard error. */
export interface Prediction {
  value: number;
  stderr: number;
}

const theoryCache = new Map<string, Prediction>();

/** A prediction, cached per (quantity, point): the checks evaluate each one at three scales. */
export function predicted(quantity: GdQuantity, point: GdParams, predict: (p: GdParams) => number | Prediction): Prediction {
  const key = quantity + JSON.stringify(point);
  let v = theoryCache.get(key);
  if (v === undefined) {
    const raw = predict(point);
    theoryCache.set(key, (v = typeof raw === "number" ? { value: raw, stderr: 0 } : raw));
  }
  return v;
}

/**
 * Compare one quantity at every point; `scale` multiplies the prediction. The standard error in
 * the tolerance combines the simulation's and (for the test error) the prediction's own.
 */
export function compare(quantity: GdQuantity, points: GdParams[], sims: GdSim[], predict: (p: GdParams) => number | Prediction, allowance: (p: GdParams) => number, scale = 1): GdAgreementRow[] {
  return points.map((point, i) => {
    const pred = predicted(quantity, point, predict);
    return { point, quantity, ...agreement(scale * pred.value, sims[i]!.adjusted[quantity], allowance(point), scale * pred.stderr) };
  });
}

/** One 5%-scaled prediction at one point: rejected or not, and whether the simulation could see a 5% change there. */
export interface PerturbedRow {
  scale: number;
  quantity: GdQuantity;
  z: number;
  pass: boolean;
  powered: boolean;
}

/**
 * The control of every G1–G3 check: the prediction scaled by 1.05 and by 0.95 must be rejected
 * wherever the simulation has the power to see it (5% of the prediction ≥ the tolerance plus 2
 * stderr), and that must be at least half of the comparisons.
 */
export function perturbationControl(quantity: GdQuantity, base: GdAgreementRow[], sims: GdSim[], predict: (p: GdParams) => number | Prediction, allowance: (p: GdParams) => number): { rows: PerturbedRow[]; powered: number; fail: boolean } {
  const points = base.map((r) => r.point);
  const rows = [1.05, 0.95].flatMap((scale) => compare(quantity, points, sims, predict, allowance, scale).map((r, i) => ({
    scale, quantity, z: r.z, pass: r.pass, powered: 0.05 * Math.abs(base[i]!.theory) >= base[i]!.tolerance + 2 * base[i]!.stderr,
  })));
  const powered = rows.filter((r) => r.powered);
  return { rows, powered: powered.length, fail: powered.every((r) => !r.pass) && powered.length >= rows.length / 2 };
}

