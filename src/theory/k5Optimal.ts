/**
 * K5's error-minimizing prompt norm θ (docs/theory.md §4): a scan of θ = 0 and a log grid of θσ
 * finds the best grid point, Brent's search (parabolic steps) refines it inside its two neighbours, and
 * the result is compared with θ = 0 (mean pooling) and θ = ∞ (hardmax, exact). The context noise
 * does not depend on θ, so one rule serves every θ (common random numbers: the error is a smooth
 * function of θ), and each fixed point starts from the previous one's ν.
 * Cost bound: gridPoints + 2 + (Brent steps: ~6–10, ≤ 200) laws and fixed points of
 * ./k5.ts's cost, plus one full k5Theory (with batches) at θ*.
 */
import { brentMinimize } from "../special/solvers.ts";
import { attentionLaw } from "./k5Law.ts";
import { contextRule, type ContextRule } from "./k5Rule.ts";
import { solveK5 } from "./k5FixedPoint.ts";
import { k5Theory, type K5Point } from "./k5.ts";

/** A K5 point without θ (the searched variable); the pool must be softmax, for the comparison with hardmax. */
export type OptimalThetaPoint = Omit<K5Point, "theta">;

export interface OptimalThetaOptions {
  rule?: ContextRule;
  /** Grid of the first scan: gridPoints (default 16) values of θσ from 1e-2 to this value (default 100), log-spaced, plus θ = 0. */
  thetaSigmaMax?: number;
  gridPoints?: number;
  /** Relative tolerance of the search on θ. */
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
  /** Search status: converged within `tol`, and the number of its evaluations. */
  converged: boolean;
  iterations: number;
  /** Theory evaluations in the scan and the search. */
  evaluations: number;
  bracket: [number, number];
  /** Every fixed point on the way converged. */
  fixedPointsConverged: boolean;
}

/** Minimize the K5 error over θ ∈ [0, ∞] at point p (see the module comment). */
export function optimalTheta(p: OptimalThetaPoint, opts: OptimalThetaOptions = {}): OptimalTheta {
  if (p.pool !== "softmax") throw new RangeError("optimalTheta: the comparison with hardmax needs softmax pooling");
  const rule = opts.rule ?? contextRule(p.T);
  const gamma = p.d / p.n, lambdaBar = p.lambda / p.n;
  let evaluations = 0, allConverged = true, nu: number | undefined;
  const errorAt = (theta: number) => {
    evaluations++;
    const fp = solveK5(attentionLaw({ ...p, theta }, rule), p.r, gamma, lambdaBar, nu);
    if (fp.regime === "ridge") nu = fp.nu;
    allConverged &&= fp.converged;
    return fp.error;
  };
  const G = opts.gridPoints ?? 16;
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
    // Brent from the grid minimum, between its two neighbours (θ = 0 is its own left neighbour)
    const search = brentMinimize(errorAt, bracket[0], bracket[1], theta, error, { rtol: opts.tol ?? 1e-4 });
    ({ converged, iterations, bracket } = search);
    if (search.value < error) [theta, error] = [search.x, search.value];
  }
  const stderr = theta === 0 ? 0 : k5Theory({ ...p, theta }, rule).stderr.error;
  evaluations++;
  return { theta, error, stderr, errorMean, errorHardmax, interior: theta > 0 && theta < Infinity, converged, iterations, evaluations, bracket, fixedPointsConverged: allConverged };
}
