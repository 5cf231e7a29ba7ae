/** The gd-steps parameter point, and the noise scale of the head step that G1–G4 share. */
import type { GdParams } from "../params/gdPoint.ts";

export { zetaOf, type GdParams } from "../params/gdPoint.ts";

/** Standard deviation per coordinate of the noise in w1/η: s = σ/√(nT). */
export const w1NoiseScale = (p: GdParams) => p.sigma / Math.sqrt(p.n * p.T);
