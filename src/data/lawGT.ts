/**
 * Law GT, Gram twins (docs/theory.md §2): k < T/2 relevant tokens q⋆ + y w⋆, the T − k others
 * α (q⋆ − y w⋆) with α = √(k/(T − k)) < 1, plus optional noise σ ξ_t, ξ_t ~ N(0, I_d), on every
 * token. The noise-free Gram XᵀX = 2k (q⋆q⋆ᵀ + w⋆w⋆ᵀ) does not depend on y (E2).
 */
import { Rng } from "../random/rng.ts";
import { axpy } from "../linalg/kernels.ts";
import { randomOrthonormalPair, type Sample } from "./lawG.ts";

/** Parameters of law GT (Gram twins, k < T/2): relevant tokens q⋆ + y w⋆, irrelevant α(q⋆ − y w⋆), optional noise σ. */
export interface LawGTParams {
  d: number;
  T: number;
  k: number;
  c: number;
  r: number;
  sigma: number;
}

/** Law GT with its directions u, v drawn (see makeLawGT). */
export interface LawGT extends LawGTParams {
  u: Float64Array;
  v: Float64Array;
}

/** α = √(k/(T − k)): the irrelevant tokens' scale that makes the two labels' Grams equal. */
export function twinScale(T: number, k: number): number {
  return Math.sqrt(k / (T - k));
}

/** Draw law GT's orthonormal directions u, v from `rng`. */
export function makeLawGT(p: LawGTParams, rng: Rng): LawGT {
  if (!(p.d >= 2)) throw new RangeError(`d must be >= 2, got ${p.d}`);
  if (!(p.k >= 1 && 2 * p.k < p.T)) throw new RangeError(`law GT needs 1 <= k < T/2, got k=${p.k}, T=${p.T}`);
  if (!(p.c > 0 && p.r > 0 && p.sigma >= 0)) throw new RangeError("c, r must be > 0 and sigma >= 0");
  const [u, v] = randomOrthonormalPair(p.d, rng);
  return { ...p, u, v };
}

/** The noise-free input with label y and relevant set R (the mean of X under law GT). */
export function gtMean(law: LawGT, y: 1 | -1, R: Int32Array, X = new Float64Array(law.T * law.d)): Float64Array {
  const { d, T, k, c, r, u, v } = law;
  const alpha = twinScale(T, k);
  X.fill(0);
  let next = 0;
  for (let t = 0; t < T; t++) {
    const rel = next < k && R[next] === t;
    if (rel) next++;
    const scale = rel ? 1 : alpha;
    axpy(scale * c, u, X, d, 0, t * d);
    axpy((rel ? 1 : -1) * scale * y * r, v, X, d, 0, t * d);
  }
  return X;
}

/** One labeled input of law GT, written into `X` (T×d, row-major). */
export function sampleGT(law: LawGT, rng: Rng, X = new Float64Array(law.T * law.d)): Sample {
  const y = rng.sign();
  const R = rng.subset(law.T, law.k);
  gtMean(law, y, R, X);
  if (law.sigma > 0) for (let i = 0; i < X.length; i++) X[i] += law.sigma * rng.normal();
  return { X, y, R };
}
