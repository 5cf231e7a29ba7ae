/**
 * G2, the prompt step: exact mean and covariance of q1 given w1 from Gaussian fourth moments
 * (q1Moments; derivation in theorems/G2.ts), and the predicted cos(q1, q⋆), which treats q1 | w1 as
 * Gaussian with these exact moments (q1 is an average of n i.i.d. terms; the error of this step is
 * measured in G2's check) and averages over the exact law of w1's three scalars by Gauss–Hermite
 * (u- and v-coordinates) and Gauss–Laguerre (the χ² norm of the rest) quadrature.
 */
import { gaussianCosine, type Direction } from "./gaussianCosine.ts";
import { chiSquareRule, gaussHermite } from "../special/quadrature.ts";
import { unitNorms, w1NoiseScale, zetaOf, type GdParams } from "./gdParams.ts";

/** w1 in units of η, in the orthonormal basis (u, v, e3), e3 ∝ the part of w1 orthogonal to u and v. */
export interface W1Coords {
  wu: number;
  wv: number;
  wperp: number;
}

/** Mean (3-vector), covariance (3×3, row-major) and bulk variance (per direction, d − 3 of them) of q1 in the basis (u, v, e3). */
export interface Q1Moments {
  mean: number[];
  cov: number[];
  bulk: number;
}

/**
 * Exact mean and covariance of q1 = β (1/n) Σ y_i C_i w1 given w1 (labels of S2 averaged out).
 * Per sample, with ψ = mᵀw1, m = q⋆ + y w⋆, ω = ‖w1‖, ŵ = w1/ω, κ = Tζ(1−ζ) (theorems/G2.ts):
 *   T C w1 = m (κψ + σω√κ h) + ŵ (σψ√κ h + σ²ω (h² + χ)) + (I − ŵŵᵀ) g B,
 *   B² = σ²ψ²κ + 2σ³ψω√κ h + σ⁴ω²(h² + χ),  h ~ N(0,1), χ ~ χ²_{T−2}, g ~ N(0, I_d).
 */
export function q1Moments(p: GdParams, w: W1Coords): Q1Moments {
  const { T, k, c, r, sigma: sg, eta, beta, n } = p;
  const kappa = (k * (T - k)) / T;
  const wvec = [eta * w.wu, eta * w.wv, eta * w.wperp];
  const omega = Math.hypot(wvec[0]!, wvec[1]!, wvec[2]!);
  const wh = wvec.map((x) => (omega > 0 ? x / omega : 0));
  const mean = [0, 0, 0];
  const second = new Array(9).fill(0);
  let bulk = 0;
  const s2 = sg * sg, s4 = s2 * s2;
  for (const y of [1, -1]) {
    const m = [c, y * r, 0];
    const psi = c * wvec[0]! + y * r * wvec[1]!;
    const Ea2 = kappa * kappa * psi * psi + s2 * omega * omega * kappa;
    const Eab = kappa * psi * s2 * omega * T;
    const Eb2 = s2 * psi * psi * kappa + s4 * omega * omega * (T * T - 1);
    const EB2 = s2 * psi * psi * kappa + s4 * omega * omega * (T - 1);
    for (let i = 0; i < 3; i++) {
      mean[i] += (0.5 * y * (kappa * psi * m[i]! + s2 * (T - 1) * omega * wh[i]!)) / T;
      for (let j = 0; j < 3; j++) {
        const v = Ea2 * m[i]! * m[j]! + Eab * (m[i]! * wh[j]! + wh[i]! * m[j]!) + Eb2 * wh[i]! * wh[j]! + EB2 * ((i === j ? 1 : 0) - wh[i]! * wh[j]!);
        second[3 * i + j] += (0.5 * v) / (T * T);
      }
    }
    bulk += (0.5 * EB2) / (T * T);
  }
  const cov = second.map((v, ij) => ((v - mean[Math.floor(ij / 3)]! * mean[ij % 3]!) * beta * beta) / n);
  return { mean: mean.map((x) => beta * x), cov, bulk: (beta * beta * bulk) / n };
}

/**
 * docs/theory.md's conditional mean E[q1 | w1, ȳ₂] = β{ζ(1−ζ)[(w⋆ᵀw1)q⋆ + (q⋆ᵀw1)w⋆]
 *   + ȳ₂[ζ(1−ζ)((q⋆ᵀw1)q⋆ + (w⋆ᵀw1)w⋆) + σ²(1 − 1/T)w1]}, in the basis (u, v, e3).
 */
export function q1MeanGivenLabelMean(p: GdParams, w: W1Coords, ybar2: number): number[] {
  const z = zetaOf(p), zz = z * (1 - z);
  const wv = [p.eta * w.wu, p.eta * w.wv, p.eta * w.wperp];
  const pq = p.c * wv[0]!, pw = p.r * wv[1]!; // q⋆ᵀw1, w⋆ᵀw1
  const noise = p.sigma * p.sigma * (1 - 1 / p.T);
  return [
    p.beta * (zz * pw * p.c + ybar2 * (zz * pq * p.c + noise * wv[0]!)),
    p.beta * (zz * pq * p.r + ybar2 * (zz * pw * p.r + noise * wv[1]!)),
    p.beta * ybar2 * noise * wv[2]!,
  ];
}

/** Quadrature nodes for the exact law of w1/η's scalars: (wu, wv) Gaussian, wperp² = s² χ²_{d−2}. */
export function w1Nodes(p: GdParams, m = 6): { w: W1Coords; weight: number }[] {
  const z = zetaOf(p), s = w1NoiseScale(p);
  // wu = ζ c ȳ₁ + s g_u: mean 0, variance ζ²c²/n + s² (ȳ₁'s binomial law replaced by its normal limit; its
  // contribution to q1 is O(1/n) relative to the signal)
  const sdU = Math.sqrt((z * z * p.c * p.c) / p.n + s * s);
  const gh = gaussHermite(m);
  const chi = chiSquareRule(m, p.d - 2);
  const out: { w: W1Coords; weight: number }[] = [];
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let e = 0; e < m; e++) {
    out.push({ w: { wu: sdU * gh.x[a]!, wv: z * p.r + s * gh.x[b]!, wperp: s * Math.sqrt(chi.x[e]!) }, weight: gh.w[a]! * gh.w[b]! * chi.w[e]! });
  }
  return out;
}

/**
 * Eigen-decomposition of a symmetric 3×3 matrix (row-major, symmetrized) by cyclic Jacobi rotations:
 * quadratic convergence, so a few sweeps reach off-diagonal entries at rounding level; at most 50.
 * Returns the eigenvalues and the eigenvectors as the columns of V (row-major).
 */
export function symmetricEigen3(m: number[]): { values: number[]; V: number[] } {
  const A = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => 0.5 * (m[3 * i + j]! + m[3 * j + i]!)));
  const V = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = Math.abs(A[1]!) + Math.abs(A[2]!) + Math.abs(A[5]!);
    if (off <= 1e-17 * (Math.abs(A[0]!) + Math.abs(A[4]!) + Math.abs(A[8]!)) || off === 0) break;
    for (const [pi, qi] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = A[3 * pi + qi]!;
      if (apq === 0) continue;
      // the rotation that zeroes A[p][q]: t = tan θ, the smaller root of t² + 2θ't − 1 = 0
      const th = (A[3 * qi + qi]! - A[3 * pi + pi]!) / (2 * apq);
      const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
      const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
      for (let k = 0; k < 3; k++) { // A ← A J (columns p, q)
        const akp = A[3 * k + pi]!, akq = A[3 * k + qi]!;
        A[3 * k + pi] = c * akp - sn * akq;
        A[3 * k + qi] = sn * akp + c * akq;
      }
      for (let k = 0; k < 3; k++) { // A ← Jᵀ A (rows p, q)
        const apk = A[3 * pi + k]!, aqk = A[3 * qi + k]!;
        A[3 * pi + k] = c * apk - sn * aqk;
        A[3 * qi + k] = sn * apk + c * aqk;
      }
      for (let k = 0; k < 3; k++) { // V ← V J
        const vkp = V[3 * k + pi]!, vkq = V[3 * k + qi]!;
        V[3 * k + pi] = c * vkp - sn * vkq;
        V[3 * k + qi] = sn * vkp + c * vkq;
      }
    }
  }
  return { values: [A[0]!, A[4]!, A[8]!], V };
}

/** Eigen-directions of N(mean, cov ⊕ bulk·I_{d−3}) for gaussianCosine with target e (3-vector). */
function directions(mo: Q1Moments, d: number, target: number[]): Direction[] {
  const { values, V } = symmetricEigen3(mo.cov);
  const dirs: Direction[] = values.map((lambda, j) => {
    let mu = 0, e = 0;
    for (let i = 0; i < 3; i++) {
      mu += V[3 * i + j]! * mo.mean[i]!;
      e += V[3 * i + j]! * target[i]!;
    }
    return { lambda: Math.max(0, lambda), mult: 1, mu, e };
  });
  if (d > 3) dirs.push({ lambda: mo.bulk, mult: d - 3, mu: 0, e: 0 });
  return dirs;
}

/** E[cos(q1, q⋆) | w1] under the Gaussian equivalent of q1 | w1. */
export function cosQ1GivenW1(p: GdParams, w: W1Coords): number {
  return gaussianCosine(directions(q1Moments(p, w), p.d, [1, 0, 0]));
}

/** G2: predicted E[cos(q1, q⋆)]. Cost: m³ (216) Jacobi eigen-solves and gaussianCosine integrals of ≤ 751 nodes. */
export function predictedCosQ1(p: GdParams, m = 6): number {
  // the cosine is scale-free: q1 is linear in β and in w1, w1 in η, and scaling c, r, σ together
  // by α scales every token by α and q1 by α³. So the steps are set to 1 and (c, r, σ) divided by
  // their largest, which keeps σ⁴ and the signal from underflowing at extreme parameters
  const unit = { ...p, eta: 1, beta: 1, ...unitNorms(p) };
  // k = T: every token is relevant, so the centered tokens C_i are pure noise, independent of y_i;
  // q1 is then symmetric in law (y ↦ −y) and E[cos(q1, q⋆)] = 0 exactly (its moments, all of order
  // σ⁴, may also underflow at tiny σ)
  if (p.k === p.T) return 0;
  let e = 0;
  for (const node of w1Nodes(unit, m)) e += node.weight * cosQ1GivenW1(unit, node.w);
  return Math.max(-1, Math.min(1, e)); // the quadrature weights sum to 1 only up to rounding
}

/**
 * Moment-matched Gaussian law of (q_u, q_v, q_3) = q1's coordinates on u, v and e3 (e3 ∝ the part
 * of w1 orthogonal to u and v), over the law of w1 and S2, and the mean squared norm of the bulk
 * (the other d − 3 directions). q_3 matters: the label imbalance ȳ₂ moves q_v and q_3 together
 * (q1 ∋ β ȳ₂ σ²(1 − 1/T) w1), so a large score shift B comes with a large ‖q1‖.
 */
export function q1ScalarLaw(p: GdParams, m = 6): { mean: number[]; cov: number[]; bulkNormSq: number } {
  const mean = [0, 0, 0], sec = new Array(9).fill(0);
  let bulkNormSq = 0;
  for (const node of w1Nodes(p, m)) {
    const mo = q1Moments(p, node.w);
    for (let i = 0; i < 3; i++) {
      mean[i] += node.weight * mo.mean[i]!;
      for (let j = 0; j < 3; j++) sec[3 * i + j] += node.weight * (mo.cov[3 * i + j]! + mo.mean[i]! * mo.mean[j]!);
    }
    bulkNormSq += node.weight * (p.d - 3) * mo.bulk;
  }
  return { mean, cov: sec.map((v, ij) => v - mean[Math.floor(ij / 3)]! * mean[ij % 3]!), bulkNormSq };
}

