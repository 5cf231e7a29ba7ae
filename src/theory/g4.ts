/** G4, sample complexity: the smallest n whose predicted alignment E[cos(w1, w⋆)] reaches a target. */
import { predictedCosW1 } from "./g1.ts";
import { zetaOf, type GdParams } from "./gdParams.ts";

/** Smallest integer n with predicted E[cos(w1, w⋆)] ≥ target (bisection; E[cos] increases in n). */
export function samplesForAlignment(p: Omit<GdParams, "n">, target: number): number {
  const at = (n: number) => predictedCosW1({ ...p, n });
  let lo = 1, hi = 2;
  while (at(hi) < target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e9) throw new RangeError(`samplesForAlignment: target ${target} not reached below n = 1e9`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid) >= target) hi = mid;
    else lo = mid;
  }
  return at(lo) >= target ? lo : hi;
}

/** The crossing of the predicted E[cos(w1, w⋆)] with `target` as a real n (linear between the integers around it). */
export function samplesForAlignmentReal(p: Omit<GdParams, "n">, target: number): number {
  const n = samplesForAlignment(p, target);
  if (n === 1) return 1;
  const a = predictedCosW1({ ...p, n: n - 1 }), b = predictedCosW1({ ...p, n });
  return n - 1 + (target - a) / (b - a);
}

/** G4's large-d approximation n ≈ τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)) for target τ. */
export function samplesForAlignmentLimit(p: Omit<GdParams, "n">, target: number): number {
  const z = zetaOf(p), t2 = target * target;
  return (t2 * ((p.sigma * p.sigma * p.d) / p.T + z * z * p.c * p.c)) / (z * z * p.r * p.r * (1 - t2));
}
