/**
 * Law G, the Gaussian contextual mixture (docs/theory.md §2).
 * Relevant tokens x_t = q⋆ + y w⋆ + σ ξ_t, irrelevant x_t = ρ q⋆ + σ ξ_t, with ξ_t ~ N(0, I)
 * (`isotropic`) or N(0, I − uuᵀ) (`context-clean`). R is a uniform k-subset of the T positions.
 */
import { Rng } from "../random/rng.ts";
import { dot, axpy } from "../linalg/kernels.ts";

/** Token noise of law G: isotropic N(0, I), or context-clean N(0, I − uuᵀ) (nothing along the context direction u). */
export type Noise = "isotropic" | "context-clean";

/** Parameters of law G (docs/theory.md §2): sizes d, T, k; norms c = ‖q⋆‖, r = ‖w⋆‖; context level ρ of irrelevant tokens; noise level σ and law. */
export interface LawGParams {
  d: number;
  T: number;
  k: number;
  c: number;
  r: number;
  rho: number;
  sigma: number;
  noise: Noise;
}

/** A law G instance: its parameters and the directions u = q⋆/c, v = w⋆/r (orthonormal). */
export interface LawG extends LawGParams {
  u: Float64Array;
  v: Float64Array;
}

/** One input: tokens X ∈ R^{T×d} (row-major), label y, relevant positions R (sorted). */
export interface Sample {
  X: Float64Array;
  y: 1 | -1;
  R: Int32Array;
}

/** k from the context sparsity ζ = k/T, rounded to the nearest integer in [1, T]. */
export function kFromZeta(T: number, zeta: number): number {
  return Math.min(T, Math.max(1, Math.round(zeta * T)));
}

/** Random orthonormal pair (u, v) in R^d (d ≥ 2) by Gram–Schmidt on Gaussian vectors. */
export function randomOrthonormalPair(d: number, rng: Rng): [Float64Array, Float64Array] {
  const u = rng.fillNormal(new Float64Array(d));
  const nu = Math.sqrt(dot(u, u));
  for (let i = 0; i < d; i++) u[i]! /= nu;
  const v = rng.fillNormal(new Float64Array(d));
  axpy(-dot(u, v), u, v);
  const nv = Math.sqrt(dot(v, v));
  for (let i = 0; i < d; i++) v[i]! /= nv;
  return [u, v];
}

/** A law G instance with random directions u ⊥ v. */
export function makeLawG(p: LawGParams, rng: Rng): LawG {
  if (p.d < 2) throw new RangeError(`d must be >= 2, got ${p.d}`);
  const [u, v] = randomOrthonormalPair(p.d, rng);
  return { ...p, u, v };
}

/**
 * Draw one input into the buffer `X` (length T·d), reusing it to keep memory flat.
 * Returns the label and the relevant set.
 *
 * All T·d noise draws come first, in row order (one `fillNormal` call); then each row gets its
 * projection and mean shift in a single pass, x ← ((x − ⟨x,u⟩u) + β u) + γ v, rounded term by
 * term as separate axpy calls would be; a zero coefficient's term is skipped (adding an exact
 * zero leaves x unchanged).
 */
export function sampleG(law: LawG, rng: Rng, X = new Float64Array(law.T * law.d)): Sample {
  const { c, r, rho, sigma, u, v } = law;
  const d = law.d | 0, T = law.T | 0, k = law.k | 0; // int32 index arithmetic (see linalg/kernels.ts)
  const y = rng.sign();
  const R = rng.subset(T, k);
  rng.fillNormal(X.length === T * d ? X : X.subarray(0, T * d), sigma);
  const clean = law.noise === "context-clean";
  let next = 0; // pointer into the sorted R
  for (let t = 0; t < T; t++) {
    const off = t * d;
    const alpha = clean ? -dot(X, u, d, off, 0) : 0;
    const relevant = next < k && R[next] === t;
    if (relevant) next++;
    const beta = relevant ? c : rho * c;
    const gamma = relevant ? y * r : 0;
    if (gamma !== 0) {
      for (let j = 0; j < d; j++) {
        const uj = u[j]!;
        X[off + j] = X[off + j]! + alpha * uj + beta * uj + gamma * v[j]!;
      }
    } else if (beta !== 0) {
      for (let j = 0; j < d; j++) {
        const uj = u[j]!;
        X[off + j] = X[off + j]! + alpha * uj + beta * uj;
      }
    } else if (alpha !== 0) {
      for (let j = 0; j < d; j++) X[off + j] = X[off + j]! + alpha * u[j]!;
    }
  }
  return { X, y, R };
}
