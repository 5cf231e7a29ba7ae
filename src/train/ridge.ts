/**
 * Ridge head ŵ = argmin_w ‖y − F w‖² + λ‖w‖² on features F ∈ R^{n×d}.
 * The solve picks the smaller system: primal (FᵀF + λI) w = Fᵀy when n ≥ d, dual
 * w = Fᵀ (FFᵀ + λI)⁻¹ y when n < d. With λ = 0 these are least squares (n > d) and
 * minimum-norm interpolation (n < d).
 */
import { gram, gramT, gemvT } from "../linalg/kernels.ts";
import { cholesky, choleskySolve } from "../linalg/cholesky.ts";

/** A fitted ridge head, the system solved, and whether the solve succeeded. */
export interface RidgeFit {
  w: Float64Array;
  method: "primal" | "dual";
  /** False when the system was not positive definite (e.g. λ = 0 with n = d, or rank-deficient F). */
  ok: boolean;
}

/** Fit the ridge head on features F (n×d, row-major) and labels y; see the module comment for the two systems. */
export function fitRidge(F: Float64Array, n: number, d: number, y: Float64Array, lambda: number): RidgeFit {
  if (!(lambda >= 0)) throw new RangeError(`lambda must be >= 0, got ${lambda}`);
  if (n >= d) {
    const A = gramT(F, n, d);
    for (let i = 0; i < d; i++) A[i * d + i] += lambda;
    const { L, ok } = cholesky(A, d);
    const rhs = gemvT(F, n, d, y);
    return { w: ok ? choleskySolve(L, d, rhs) : new Float64Array(d), method: "primal", ok };
  }
  const K = gram(F, n, d);
  for (let i = 0; i < n; i++) K[i * n + i] += lambda;
  const { L, ok } = cholesky(K, n);
  const w = ok ? gemvT(F, n, d, choleskySolve(L, n, y)) : new Float64Array(d);
  return { w, method: "dual", ok };
}
