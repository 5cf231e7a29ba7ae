/**
 * The parameter point of the first gradient steps (G1–G4): law G with isotropic noise and ρ = 0,
 * n samples in each of the three training sets, step sizes η (head) and β (prompt).
 */
export interface GdParams {
  d: number;
  n: number;
  T: number;
  k: number;
  c: number;
  r: number;
  sigma: number;
  eta: number;
  beta: number;
}

export const zetaOf = (p: { T: number; k: number }) => p.k / p.T;

/** Standard deviation per coordinate of the noise in w1/η: s = σ/√(nT). */
export const w1NoiseScale = (p: GdParams) => p.sigma / Math.sqrt(p.n * p.T);
