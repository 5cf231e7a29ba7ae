/**
 * Law B, bounded distractors (docs/theory.md §2). Relevant tokens are noise-free, x_t = q⋆ + y w⋆.
 * An irrelevant token is any x with ⟨x, u⟩ ≤ (1 − m) c and |⟨x, v⟩| ≤ B r; here it is written
 *   x = β c u + ε r v + g,   β ≤ 1 − m,  |ε| ≤ B,  g ⊥ u, v,
 * so that its two constrained coordinates are explicit. `random` mode draws β uniform on
 * [−1, 1 − m], ε uniform on [−B, B] and g ~ N(0, τ²(I − uuᵀ − vvᵀ)); `adversarial` mode puts
 * every irrelevant token at the worst allowed value for SPA with q ∝ u, w ∝ v: β = 1 − m,
 * ε = −y B, g = 0 (E1's tight instance).
 */
import { Rng } from "../random/rng.ts";
import { dot, axpy } from "../linalg/kernels.ts";
import { randomOrthonormalPair, type Sample } from "./lawG.ts";

export type DistractorMode = "random" | "adversarial";

/** Parameters of law B (bounded distractors): relevant tokens q⋆ + y w⋆, irrelevant ones with ⟨x, u⟩ ≤ (1 − m) c and |⟨x, v⟩| ≤ B r. */
export interface LawBParams {
  d: number;
  T: number;
  k: number;
  c: number;
  r: number;
  /** context margin m ∈ (0, 1] */
  m: number;
  /** label bound B ≥ 0 of the distractors */
  B: number;
  /** scale τ of the distractors' component orthogonal to u and v (random mode) */
  tau: number;
  mode: DistractorMode;
}

/** Law B with its directions u, v drawn (see makeLawB). */
export interface LawB extends LawBParams {
  u: Float64Array;
  v: Float64Array;
}

export function checkLawB(p: LawBParams): void {
  if (!(p.d >= 2)) throw new RangeError(`d must be >= 2, got ${p.d}`);
  if (!(p.k >= 1 && p.k <= p.T)) throw new RangeError(`k must be in [1, T], got k=${p.k}, T=${p.T}`);
  if (!(p.m > 0 && p.m <= 1)) throw new RangeError(`m must be in (0, 1], got ${p.m}`);
  if (!(p.B >= 0)) throw new RangeError(`B must be >= 0, got ${p.B}`);
  if (!(p.c > 0 && p.r > 0 && p.tau >= 0)) throw new RangeError("c, r must be > 0 and tau >= 0");
}

/** Draw law B's orthonormal directions u, v from `rng` (after checking the parameters). */
export function makeLawB(p: LawBParams, rng: Rng): LawB {
  checkLawB(p);
  const [u, v] = randomOrthonormalPair(p.d, rng);
  return { ...p, u, v };
}

/** Gaussian g ~ N(0, τ²(I − uuᵀ − vvᵀ)) written into X[off .. off + d). */
export function orthogonalNoise(u: Float64Array, v: Float64Array, tau: number, rng: Rng, X: Float64Array, off: number): void {
  const d = u.length;
  for (let j = 0; j < d; j++) X[off + j] = tau * rng.normal();
  axpy(-dot(X, u, d, off, 0), u, X, d, 0, off);
  axpy(-dot(X, v, d, off, 0), v, X, d, 0, off);
}

/** Add β c u + ε r v to the token at offset `off` (its g part is already in X). */
export function addCoordinates(u: Float64Array, v: Float64Array, c: number, r: number, beta: number, eps: number, X: Float64Array, off: number): void {
  axpy(beta * c, u, X, u.length, 0, off);
  axpy(eps * r, v, X, v.length, 0, off);
}

/**
 * The input with label y, relevant set R and explicit distractor coordinates: the j-th
 * irrelevant position (in increasing order) gets β = beta[j], ε = eps[j] and, if `orth` is
 * given, the orthogonal part orth[j·d .. j·d + d) projected onto (u, v)⊥. Throws if a
 * coordinate leaves the law's range.
 */
export function lawBInput(law: LawB, y: 1 | -1, R: Int32Array, beta: ArrayLike<number>, eps: ArrayLike<number>, orth: Float64Array | null, X = new Float64Array(law.T * law.d)): Float64Array {
  const { d, T, k, c, r, m, B, u, v } = law;
  X.fill(0);
  let next = 0, j = 0;
  for (let t = 0; t < T; t++) {
    const off = t * d;
    if (next < k && R[next] === t) {
      next++;
      addCoordinates(u, v, c, r, 1, y, X, off);
      continue;
    }
    const b = beta[j]!, e = eps[j]!;
    if (!(b <= 1 - m && Math.abs(e) <= B)) throw new RangeError(`distractor ${j} out of law B: beta=${b} (max ${1 - m}), eps=${e} (|eps| <= ${B})`);
    if (orth) {
      for (let i = 0; i < d; i++) X[off + i] = orth[j * d + i]!;
      axpy(-dot(X, u, d, off, 0), u, X, d, 0, off);
      axpy(-dot(X, v, d, off, 0), v, X, d, 0, off);
    }
    addCoordinates(u, v, c, r, b, e, X, off);
    j++;
  }
  return X;
}

/** Draw one input of law B (the mode decides the distractors). */
export function sampleB(law: LawB, rng: Rng, X = new Float64Array(law.T * law.d)): Sample {
  const { d, T, k, c, r, m, B, tau, u, v } = law;
  const y = rng.sign();
  const R = rng.subset(T, k);
  let next = 0;
  for (let t = 0; t < T; t++) {
    const off = t * d;
    if (next < k && R[next] === t) {
      next++;
      X.fill(0, off, off + d);
      addCoordinates(u, v, c, r, 1, y, X, off);
    } else if (law.mode === "adversarial") {
      X.fill(0, off, off + d);
      addCoordinates(u, v, c, r, 1 - m, -y * B, X, off);
    } else {
      orthogonalNoise(u, v, tau, rng, X, off);
      addCoordinates(u, v, c, r, -1 + (2 - m) * rng.uniform(), B * (2 * rng.uniform() - 1), X, off);
    }
  }
  return { X, y, R };
}
