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

/** Context sparsity ζ = k/T. */
export const zetaOf = (p: { T: number; k: number }) => p.k / p.T;
