/**
 * G1–G4: predictions for the first steps of gradient descent (THEORY.md §5; derivations in
 * theorems/G1.ts … G4.ts). Law G, isotropic noise, ρ = 0; ζ = k/T, s = σ/√(nT).
 *
 * - G1, exact: w1/η = ζ w⋆ + ζ ȳ₁ q⋆ + s g. E[cos(w1, w⋆)] is a sum over the binomial law of ȳ₁
 *   of a 1-D integral (gaussianCosine), both exact up to quadrature error (< 1e-10).
 * - G2, exact moments: the mean and covariance of q1 given w1 from Gaussian fourth moments
 *   (q1Moments). The predicted cos(q1, q⋆) treats q1 | w1 as Gaussian with these exact moments
 *   (q1 is an average of n i.i.d. terms; the error of this step is measured in G2's check), and
 *   averages over the exact law of w1's three scalars by Gauss–Hermite (u- and v-coordinates) and
 *   Gauss–Laguerre (the χ² norm of the rest) quadrature.
 * - G3: E[S_R | scores' law] is exact by a 1-D Laplace integral (attentionMassGiven); the law of
 *   q1's coordinates (q_u, q_v, q_3) on (u, v, e3) is the moment-matched Gaussian of G2's mixture
 *   over w1 (3-D Gauss–Hermite, more nodes along q_v); the test error of (q1, w2) uses the
 *   Gaussian equivalent of w2 | q1, and the final expectation over the T scores is a seeded Monte
 *   Carlo over scalars (its standard error is reported).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { gaussianCosine, lgamma, type Direction } from "./gaussianCosine.ts";
import { chiSquareRule, gaussHermite } from "../special/quadrature.ts";
import { Q } from "../special/normal.ts";
import { Rng } from "../random/rng.ts";

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

// ---------------------------------------------------------------- G1

/** Binomial law of ȳ = (2j − n)/n, j ~ Bin(n, 1/2), restricted to ȳ ≥ 0 (the cosine is even in ȳ), pmf doubled off 0. */
export function labelMeanLaw(n: number): { ybar: number[]; prob: number[] } {
  const ybar: number[] = [], prob: number[] = [];
  const logNorm = lgamma(n + 1) - n * Math.LN2;
  for (let j = Math.ceil(n / 2); j <= n; j++) {
    const lp = logNorm - lgamma(j + 1) - lgamma(n - j + 1);
    if (lp < -45) break; // the remaining tail has mass < n e^{-45}
    ybar.push((2 * j - n) / n);
    prob.push(Math.exp(lp) * (2 * j === n ? 1 : 2));
  }
  return { ybar, prob };
}

/** E[cos(w1, w⋆) | ȳ₁]: w1/η ~ N(ζ r v + ζ ȳ c u, s² I_d). */
export function cosW1GivenLabelMean(p: GdParams, ybar: number): number {
  const z = zetaOf(p), s2 = w1NoiseScale(p) ** 2;
  return gaussianCosine([
    { lambda: s2, mult: 1, mu: z * p.r, e: 1 },
    { lambda: s2, mult: 1, mu: z * ybar * p.c, e: 0 },
    { lambda: s2, mult: p.d - 2, mu: 0, e: 0 },
  ]);
}

/** G1: E[cos(w1, w⋆)], exact (binomial sum over ȳ₁ of 1-D integrals). */
export function predictedCosW1(p: GdParams): number {
  const { ybar, prob } = labelMeanLaw(p.n);
  let e = 0;
  for (let i = 0; i < ybar.length; i++) e += prob[i]! * cosW1GivenLabelMean(p, ybar[i]!);
  return e;
}

/** G1's deterministic equivalent ζr/√(ζ²r² + ζ²c²/n + σ²d/(nT)) (the large-d limit). */
export function cosW1Limit(p: GdParams): number {
  const z = zetaOf(p);
  return (z * p.r) / Math.sqrt(z * z * p.r * p.r + (z * z * p.c * p.c) / p.n + (p.sigma * p.sigma * p.d) / (p.n * p.T));
}

// ---------------------------------------------------------------- G2

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
 * THEORY.md's conditional mean E[q1 | w1, ȳ₂] = β{ζ(1−ζ)[(w⋆ᵀw1)q⋆ + (q⋆ᵀw1)w⋆]
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

/** Eigen-directions of N(mean, cov ⊕ bulk·I_{d−3}) for gaussianCosine with target e (3-vector). */
function directions(mo: Q1Moments, d: number, target: number[]): Direction[] {
  const C = new Matrix(3, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) C.set(i, j, 0.5 * (mo.cov[3 * i + j]! + mo.cov[3 * j + i]!));
  const eig = new EigenvalueDecomposition(C, { assumeSymmetric: true });
  const V = eig.eigenvectorMatrix;
  const dirs: Direction[] = eig.realEigenvalues.map((lambda, j) => {
    let mu = 0, e = 0;
    for (let i = 0; i < 3; i++) {
      mu += V.get(i, j) * mo.mean[i]!;
      e += V.get(i, j) * target[i]!;
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

/** G2: predicted E[cos(q1, q⋆)]. */
export function predictedCosQ1(p: GdParams, m = 6): number {
  let e = 0;
  for (const node of w1Nodes(p, m)) e += node.weight * cosQ1GivenW1(p, node.w);
  return e;
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

// ---------------------------------------------------------------- G3: attention mass

/**
 * E[S_R] for one input whose relevant scores are A + yB + τZ_t (t ∈ R, |R| = k) and irrelevant
 * scores τZ_t, Z_t i.i.d. N(0,1), y = ±1 equally likely. With 1/Σ_t e^{a_t} = ∫₀^∞ e^{−λΣ e^{a_t}} dλ
 * and the scores independent,
 *   E[S_R | y] = k ∫ Φ(ℓ + μ_y) L(ℓ + μ_y)^{k−1} L(ℓ)^{T−k} dℓ   (λ = e^ℓ, μ_y = A + yB),
 *   L(x) = E exp(−e^{x+τZ}),  Φ(x) = E[e^{x+τZ} exp(−e^{x+τZ})].
 * L and Φ are 1-D Gaussian integrals (trapezoid in z on [−9, 9], step h ≤ 0.5/τ: the integrand
 * is entire and bounded in a strip of half-width π/(2τ), so the error is ~ e^{−π²/(τh)} < 1e-8);
 * the ℓ-integral is a trapezoid with step 0.4·max(1, τ/2) (its integrand is analytic and smooth on
 * the scale √(1 + τ²); against step 0.4 the difference stayed below 2e-8 for τ ≤ 20, T ≤ 64)
 * over the range outside which the integrand is below e^{−24} of its scale.
 */
export function attentionMassGiven(A: number, B: number, tau: number, T: number, k: number): number {
  if (k === T) return 1;
  if (tau === 0) {
    let s = 0;
    for (const y of [1, -1]) s += (0.5 * k * Math.exp(A + y * B)) / (k * Math.exp(A + y * B) + T - k);
    return s;
  }
  const hz = Math.min(0.2, 0.5 / tau);
  const nz = Math.ceil(18 / hz);
  const ez: number[] = [], wz: number[] = [];
  let wsum = 0;
  for (let j = 0; j <= nz; j++) {
    const z = -9 + (18 * j) / nz;
    ez.push(Math.exp(tau * z));
    const w = Math.exp(-0.5 * z * z);
    wz.push(w);
    wsum += w;
  }
  for (let j = 0; j < wz.length; j++) wz[j]! /= wsum;
  let L = 0, P = 0;
  const LPhi = (x: number): void => {
    const ex = Math.exp(x);
    L = 0;
    P = 0;
    for (let j = 0; j < ez.length; j++) {
      const e = ex * ez[j]!;
      const f = Math.exp(-e);
      L += wz[j]! * f;
      P += wz[j]! * e * f;
    }
  };
  const mus = [A + B, A - B];
  const top = Math.max(0, ...mus) + 9 * tau, bottom = Math.min(0, ...mus) - 9 * tau;
  const lo = -top - 24, hi = -bottom + 8;
  const h = 0.4 * Math.max(1, tau / 2); // the ℓ-integrand is smooth on the scale √(1 + τ²)
  let total = 0;
  for (let l = lo; l <= hi; l += h) {
    LPhi(l);
    const irr = L ** (T - k);
    if (irr === 0) continue;
    for (const mu of mus) {
      LPhi(l + mu);
      total += 0.5 * k * h * P * L ** (k - 1) * irr;
    }
  }
  return total;
}

/** G3: predicted E[S_R(q1)] on a fresh input, over the law of q1 (3-D Gauss–Hermite on (q_u, q_v, q_3)). */
export function predictedAttentionMass(p: GdParams, mv = 10, m = 3): number {
  let e = 0;
  for (const node of q1ScalarNodes(p, mv, m)) e += node.weight * attentionMassGiven(p.c * node.qu, p.r * node.qv, p.sigma * Math.sqrt(node.normSq), p.T, p.k);
  return e;
}

/**
 * Gauss–Hermite nodes of the moment-matched Gaussian (q_u, q_v, q_3); ‖q1‖² = q_u² + q_v² + q_3² +
 * E[bulk]. The Cholesky order is (q_v, q_3, q_u) and the first axis gets `mv` nodes, the others
 * `m`: the test error saturates in the score shift B = r q_v within a few of q_v's standard
 * deviations, which a low-order rule does not resolve (3 and 4 nodes differ by up to 0.009).
 */
export function q1ScalarNodes(p: GdParams, mv = 10, m = 3): { qu: number; qv: number; normSq: number; weight: number }[] {
  const law = q1ScalarLaw(p);
  const order = [1, 2, 0]; // q_v, q_3, q_u
  const L = cholesky3(order.flatMap((i) => order.map((j) => law.cov[3 * i + j]!)));
  const gv = gaussHermite(mv), g = gaussHermite(m);
  const out: { qu: number; qv: number; normSq: number; weight: number }[] = [];
  for (let a = 0; a < mv; a++) for (let b = 0; b < m; b++) for (let c = 0; c < m; c++) {
    const x = [gv.x[a]!, g.x[b]!, g.x[c]!];
    const [qv, q3, qu] = [0, 1, 2].map((i) => law.mean[order[i]!]! + L[3 * i]! * x[0]! + L[3 * i + 1]! * x[1]! + L[3 * i + 2]! * x[2]!) as [number, number, number];
    // the bulk norm² is replaced by its mean: a scaled χ²_{d−3} instead moved the error by ≤ 0.001 at d ≥ 24
    out.push({ qu, qv, normSq: qu * qu + qv * qv + q3 * q3 + law.bulkNormSq, weight: gv.w[a]! * g.w[b]! * g.w[c]! });
  }
  return out;
}

// ---------------------------------------------------------------- G3: test error of (q1, w2)

/**
 * Draws of the score-level statistics of one input for a prompt with q⋆ᵀq = A, w⋆ᵀq = B,
 * ‖q‖ = qn: label y, attention mass S_R, V = Σ_t s_t Z_t (Z_t = ξ_tᵀq/‖q‖) and N = ‖s‖.
 * Given these, the pooled feature is Xᵀs = S_R (q⋆ + y w⋆) + σ V q̂ + σ N g_⊥, g_⊥ ~ N(0, I − q̂q̂ᵀ)
 * independent of (y, S_R, V, N): the reduction used by both the theory and the simulation.
 */
export interface ScoreDraws {
  y: Float64Array;
  S: Float64Array;
  V: Float64Array;
  N: Float64Array;
}

export function scoreDraws(A: number, B: number, qn: number, sigma: number, T: number, k: number, M: number, rng: Rng): ScoreDraws {
  const out: ScoreDraws = { y: new Float64Array(M), S: new Float64Array(M), V: new Float64Array(M), N: new Float64Array(M) };
  const Z = new Float64Array(T), a = new Float64Array(T);
  const tau = sigma * qn;
  for (let i = 0; i < M; i++) {
    const y = rng.sign();
    rng.fillNormal(Z);
    let max = -Infinity;
    for (let t = 0; t < T; t++) {
      a[t] = (t < k ? A + y * B : 0) + tau * Z[t]!; // relevant tokens first: positions are exchangeable
      if (a[t]! > max) max = a[t]!;
    }
    let z = 0;
    for (let t = 0; t < T; t++) z += a[t] = Math.exp(a[t]! - max);
    let S = 0, V = 0, N = 0;
    for (let t = 0; t < T; t++) {
      const s = a[t]! / z;
      if (t < k) S += s;
      V += s * Z[t]!;
      N += s * s;
    }
    out.y[i] = y;
    out.S[i] = S;
    out.V[i] = V;
    out.N[i] = Math.sqrt(N);
  }
  return out;
}

/** The head's coordinates that the error depends on: w⋆-, q⋆- and q̂-projections and the norm off q̂. */
export interface HeadCoords {
  wu: number;
  wv: number;
  wq: number;
  wPerpNorm: number;
}

/**
 * Exact test error of (q, w) given the score draws (a Monte Carlo over scalars):
 *   P(y f < 0) = E[ Q( (S_R (y c wᵀu + r wᵀv) + σ y (wᵀq̂) V) / (σ ‖(I − q̂q̂ᵀ)w‖ N) ) ].
 */
export function conditionalTestError(draws: ScoreDraws, h: HeadCoords, c: number, r: number, sigma: number): { mean: number; stderr: number } {
  const M = draws.y.length;
  let s1 = 0, s2 = 0;
  for (let i = 0; i < M; i++) {
    const y = draws.y[i]!;
    const num = draws.S[i]! * (y * c * h.wu + r * h.wv) + sigma * y * h.wq * draws.V[i]!;
    const den = sigma * h.wPerpNorm * draws.N[i]!;
    const e = den > 0 ? Q(num / den) : num > 0 ? 0 : num < 0 ? 1 : 0.5;
    s1 += e;
    s2 += e * e;
  }
  const mean = s1 / M;
  return { mean, stderr: Math.sqrt(Math.max(0, s2 / M - mean * mean) / M) };
}

/**
 * G3: predicted test error of (q1, w2). For each Gauss–Hermite node of (q_u, q_v): score draws
 * give the exact per-sample moments of y Xᵀs(X q1) in the basis (q̂, f1, f2) (Gram–Schmidt of q̂,
 * u, v) plus the bulk variance σ²E[N²]; w2/η is replaced by its Gaussian equivalent (mean, cov/n),
 * averaged by a 2-point-per-axis Gauss–Hermite rule (exact for cubic dependence), its bulk norm
 * by its mean.
 */
export function predictedTestError(p: GdParams, opts: { draws?: number; seed?: number; mv?: number; m?: number } = {}): { error: number; stderr: number } {
  const rng = new Rng(opts.seed ?? 1, 4242);
  let err = 0, varErr = 0;
  for (const node of q1ScalarNodes(p, opts.mv ?? 8, opts.m ?? 2)) {
    const e = testErrorGivenQ1(p, node, opts.draws ?? 10000, rng);
    err += node.weight * e.error;
    varErr += (node.weight * e.stderr) ** 2;
  }
  return { error: err, stderr: Math.sqrt(varErr) };
}

/** Predicted test error of (q1, w2) for a given q1 (through uᵀq1, vᵀq1, ‖q1‖²), over the law of w2 | q1. */
export function testErrorGivenQ1(p: GdParams, q: { qu: number; qv: number; normSq: number }, M: number, rng: Rng): { error: number; stderr: number } {
  const { c, r, sigma, n, d } = p;
  const gh2 = gaussHermite(2);
  const qn = Math.sqrt(q.normSq);
  const draws = scoreDraws(c * q.qu, r * q.qv, qn, sigma, p.T, p.k, M, rng);
  // basis: q̂; f1 ∝ u − u_q q̂; f2 completes span{q̂, u, v}
  const uq = q.qu / qn, vq = q.qv / qn;
  const u1 = Math.sqrt(Math.max(1e-300, 1 - uq * uq));
  const v1 = (-uq * vq) / u1;
  const v2 = Math.sqrt(Math.max(0, 1 - vq * vq - v1 * v1));
  // per-sample vector y Xᵀs = (a_q, a_1, a_2) + σ N g, g ~ N(0, I) on f1, f2 and the bulk
  const mean = [0, 0, 0], sec = new Array(9).fill(0);
  let EN2 = 0;
  for (let i = 0; i < M; i++) {
    const y = draws.y[i]!, S = draws.S[i]!;
    const a = [y * S * c * uq + S * r * vq + sigma * y * draws.V[i]!, y * S * c * u1 + S * r * v1, S * r * v2];
    for (let x = 0; x < 3; x++) {
      mean[x] += a[x]! / M;
      for (let z = 0; z < 3; z++) sec[3 * x + z] += (a[x]! * a[z]!) / M;
    }
    EN2 += (draws.N[i]! * draws.N[i]!) / M;
  }
  const noise = sigma * sigma * EN2;
  sec[4] += noise;
  sec[8] += noise;
  const cov = sec.map((v, ij) => (v - mean[Math.floor(ij / 3)]! * mean[ij % 3]!) / n);
  const L = cholesky3(cov);
  const bulkNormSq = ((d - 3) * noise) / n;
  let e = 0, ev = 0;
  for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) for (let g = 0; g < 2; g++) {
    const x = [gh2.x[a]!, gh2.x[b]!, gh2.x[g]!];
    const W = [0, 1, 2].map((i) => mean[i]! + L[3 * i]! * x[0]! + L[3 * i + 1]! * x[1]! + L[3 * i + 2]! * x[2]!);
    const h: HeadCoords = { wq: W[0]!, wu: W[0]! * uq + W[1]! * u1, wv: W[0]! * vq + W[1]! * v1 + W[2]! * v2, wPerpNorm: Math.sqrt(W[1]! ** 2 + W[2]! ** 2 + bulkNormSq) };
    const ce = conditionalTestError(draws, h, c, r, sigma);
    const wt = gh2.w[a]! * gh2.w[b]! * gh2.w[g]!;
    e += wt * ce.mean;
    ev += wt * ce.stderr; // the 8 evaluations share the draws: their errors add at most linearly
  }
  return { error: e, stderr: ev };
}

/** Lower Cholesky factor of a 3×3 covariance (row-major), with tiny negative pivots clamped to 0. */
function cholesky3(A: number[]): number[] {
  const L = new Array(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) {
    let s = 0.5 * (A[3 * i + j]! + A[3 * j + i]!);
    for (let m = 0; m < j; m++) s -= L[3 * i + m]! * L[3 * j + m]!;
    if (i === j) L[3 * i + i] = Math.sqrt(Math.max(0, s));
    else L[3 * i + j] = L[3 * j + j]! > 0 ? s / L[3 * j + j]! : 0;
  }
  return L;
}

// ---------------------------------------------------------------- G4

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
