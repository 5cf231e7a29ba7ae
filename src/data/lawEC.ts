/**
 * Law EC, echoes (docs/theory.md §2): T = 2P tokens in P pairs (a_j, −a_j). The k relevant pairs
 * have a = q⋆ + y w⋆ + σ ξ; the P − k irrelevant pairs have a = β c u + ε r v + g + σ ξ with
 * |β| ≤ 1 − m, |ε| ≤ B (uniform) and g ~ N(0, τ²(I − uuᵀ − vvᵀ)), so both a and −a keep a
 * context coordinate below c. Noise ξ ~ N(0, I_d) is drawn once per pair, so each pair is an
 * exact negation. The 2P tokens are placed at uniformly random positions: positions, and the
 * order of a pair's two members, carry no information (E3).
 */
import { Rng } from "../random/rng.ts";
import { axpy } from "../linalg/kernels.ts";
import { randomOrthonormalPair, type Sample } from "./lawG.ts";
import { addCoordinates, orthogonalNoise } from "./lawB.ts";

/** Parameters of law EC (echoes): P token pairs (a, −a), k of them relevant. */
export interface LawECParams {
  d: number;
  /** pairs; T = 2P */
  P: number;
  /** relevant pairs */
  k: number;
  c: number;
  r: number;
  sigma: number;
  m: number;
  B: number;
  tau: number;
}

/** Law EC with its directions u, v drawn (see makeLawEC); T = 2P. */
export interface LawEC extends LawECParams {
  T: number;
  u: Float64Array;
  v: Float64Array;
}

/** An EC input: R holds the positions of the relevant tokens a (their echoes −a are partner[R[i]]). */
export interface ECSample extends Sample {
  /** partner[t] is the position of token t's echo */
  partner: Int32Array;
}

/** Draw law EC's orthonormal directions u, v from `rng`. */
export function makeLawEC(p: LawECParams, rng: Rng): LawEC {
  if (!(p.d >= 2)) throw new RangeError(`d must be >= 2, got ${p.d}`);
  if (!(p.k >= 1 && p.k <= p.P)) throw new RangeError(`law EC needs 1 <= k <= P, got k=${p.k}, P=${p.P}`);
  if (!(p.m > 0 && p.m <= 1 && p.B >= 0 && p.tau >= 0 && p.sigma >= 0 && p.c > 0 && p.r > 0)) throw new RangeError("law EC needs m in (0, 1], B, tau, sigma >= 0, c, r > 0");
  const [u, v] = randomOrthonormalPair(p.d, rng);
  return { ...p, T: 2 * p.P, u, v };
}

/** One labeled input of law EC, written into `X`, with each token's pair partner. */
export function sampleEC(law: LawEC, rng: Rng, X = new Float64Array(law.T * law.d)): ECSample {
  const { d, P, k, c, r, sigma, m, B, tau, u, v } = law;
  const y = rng.sign();
  const pos = rng.permutation(2 * P); // pair j sits at pos[2j] (a_j) and pos[2j + 1] (−a_j)
  const a = new Float64Array(d);
  const partner = new Int32Array(2 * P);
  const R = new Int32Array(k);
  for (let j = 0; j < P; j++) {
    if (j < k) {
      a.fill(0);
      addCoordinates(u, v, c, r, 1, y, a, 0);
      R[j] = pos[2 * j]!;
    } else {
      orthogonalNoise(u, v, tau, rng, a, 0);
      addCoordinates(u, v, c, r, (1 - m) * (2 * rng.uniform() - 1), B * (2 * rng.uniform() - 1), a, 0);
    }
    if (sigma > 0) for (let i = 0; i < d; i++) a[i] += sigma * rng.normal();
    const p = pos[2 * j]!, q = pos[2 * j + 1]!;
    X.fill(0, p * d, p * d + d);
    X.fill(0, q * d, q * d + d);
    axpy(1, a, X, d, 0, p * d);
    axpy(-1, a, X, d, 0, q * d);
    partner[p] = q;
    partner[q] = p;
  }
  R.sort();
  return { X, y, R, partner };
}

/** Swap the tokens at positions t and partner[t] in place (E3's sign flip), updating R. */
export function swapPair(s: ECSample, d: number, t: number): void {
  const q = s.partner[t]!;
  for (let i = 0; i < d; i++) {
    const tmp = s.X[t * d + i]!;
    s.X[t * d + i] = s.X[q * d + i]!;
    s.X[q * d + i] = tmp;
  }
  for (let i = 0; i < s.R.length; i++) {
    if (s.R[i] === t) s.R[i] = q;
    else if (s.R[i] === q) s.R[i] = t;
  }
  s.R.sort();
}
