/** The gd-steps parameter point, and the noise scale of the head step that G1–G4 share. */
import type { GdParams } from "../params/gdPoint.ts";

export { zetaOf, type GdParams } from "../params/gdPoint.ts";

/** Standard deviation per coordinate of the noise in w1/η: s = σ/√(nT). */
export const w1NoiseScale = (p: GdParams) => p.sigma / Math.sqrt(p.n * p.T);

/** (c, r, σ) divided by their largest: the same directions of w1 and q1 at scales that cannot under- or overflow. */
export function unitNorms(p: Pick<GdParams, "c" | "r" | "sigma">): { c: number; r: number; sigma: number } {
  const m = Math.max(p.c, p.r, p.sigma);
  return { c: p.c / m, r: p.r / m, sigma: p.sigma / m };
}
