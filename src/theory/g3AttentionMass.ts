/**
 * G3, attention mass after the prompt step (derivation in theorems/G3.ts).
 *
 * For one input whose relevant scores are A + yB + τZ_t (t ∈ R, |R| = k) and irrelevant scores
 * τZ_t (Z_t i.i.d. N(0,1), y = ±1 equally likely), 1/Σ_t e^{a_t} = ∫₀^∞ e^{−λΣ e^{a_t}} dλ and the
 * independence of the scores give, with λ = e^ℓ and μ_y = A + yB,
 *   E[S_R | y] = k ∫ P(ℓ + μ_y) L(ℓ + μ_y)^{k−1} L(ℓ)^{T−k} dℓ,
 *   L(x) = E exp(−e^{x+τZ}),  P(x) = E[e^{x+τZ} exp(−e^{x+τZ})].
 *
 * Numerics, chosen so that the cost is bounded and nothing overflows for any τ ≥ 0:
 * - L and P are integrals over the score t = x + τZ against the density φ((t − x)/τ)/τ. Outside
 *   t ∈ [−40, 4] the factors exp(−e^t) and e^t exp(−e^t) are 1 or 0 to 4e-18, so L is a normal
 *   tail plus integrals over [−40, 4] ∩ [x − 9τ, x + 9τ] of integrands that vanish at both ends;
 *   Gauss–Legendre panels no wider than τ/2 (and 0.25–2 where exp(−e^t) bends) make the cost at
 *   most ~400 evaluations per (L, P) pair whatever τ is (the old trapezoid in Z needed 36τ).
 * - The ℓ-integrand of label y vanishes outside ℓ + μ_y ∈ [−40 − 9τ, 4 + 9τ] and decays smoothly
 *   at both ends, so the trapezoid rule over these windows (merged when they overlap) converges
 *   geometrically; its step is halved until two successive values agree to `tol`, at most
 *   `maxHalvings` times, and a rule that has not converged throws (QuadratureError, one line).
 * - Spreads too small for the rule to resolve are replaced by the deterministic value under a proven
 *   bound (attentionMassGiven).
 */
import { Q } from "../special/normal.ts";
import { gaussHermite } from "../special/quadrature.ts";
import { legendrePanels } from "../special/panels.ts";
import { choleskyPsd } from "../linalg/cholesky.ts";
import { q1ScalarLaw } from "./g2.ts";
import type { GdParams } from "./gdParams.ts";

const T_LO = -40, T_HI = 4;
/** Panel edges in t where exp(−e^t) changes shape; panels are further split to width ≤ τ/2. */
const EDGES = [T_LO, -24, -12, -6, -3, -1.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, T_HI];

export class QuadratureError extends Error {}

/** L(x) and P(x) for a score spread τ > 0 (see the module comment). */
function smoothedScoreFactors(x: number, tau: number): { L: number; P: number } {
  const a = Math.max(T_LO, x - 9 * tau), b = Math.min(T_HI, x + 9 * tau);
  // the part of the score law below t = 0 where exp(−e^t) is replaced by 1 (a normal tail), corrected below
  let L = Q(x / tau), P = 0;
  if (a < b) {
    const inv = 1 / tau;
    legendrePanels(EDGES, a, b, tau / 2, (t, w) => {
      const z = (t - x) * inv;
      const dens = w * inv * Math.exp(-0.5 * z * z) * 0.3989422804014327;
      const et = Math.exp(t);
      const f = Math.exp(-et);
      L += dens * (t < 0 ? -(1 - f) : f); // t < 0: minus (1 − exp(−e^t)), which vanishes as t → −∞
      P += dens * et * f;
    });
  }
  return { L: Math.min(1, Math.max(0, L)), P };
}

export interface AttentionMassOptions {
  /** absolute tolerance between successive halvings of the ℓ step (default 1e-9) */
  tol?: number;
  maxHalvings?: number;
}

/** S(A, B, 0): the scores are deterministic, S = k e^m/(k e^m + T − k) averaged over m = A ± B. */
function massWithoutSpread(A: number, B: number, T: number, k: number): number {
  let s = 0;
  for (const y of [1, -1]) {
    const m = A + y * B; // written to stay finite for any m
    s += m > 0 ? (0.5 * k) / (k + (T - k) * Math.exp(-m)) : (0.5 * k * Math.exp(m)) / (k * Math.exp(m) + T - k);
  }
  return s;
}

/**
 * E[S_R] on one fresh input given the score shifts A = q⋆ᵀq, B = w⋆ᵀq and spread τ = σ‖q‖.
 * Small spreads: the mass S(a) of a score vector has Hessian rows summing in absolute value to at
 * most 3 s_t (s the softmax weights), so |E S(μ + τZ) − S(μ)| ≤ ½ τ² · 3 E‖Z‖² = 1.5 τ² T, and below
 * 1e-12 the deterministic value is returned (the trapezoid cannot resolve a step of width τ → 0).
 * Cost: the ℓ-integrand vanishes outside the window ℓ + μ_y ∈ [−40 − 9τ, 4 + 9τ] of each y, so
 * only the windows are integrated, together ≤ 2(44 + 18τ)/h₀ + 2 ≤ 322 points at the first step
 * h₀ = max(0.5, τ/4), doubled at most `maxHalvings` (8) times, three (L, P) pairs of ≤ ~400 nodes
 * per point: ≤ 3e8 exponentials in the worst case (seconds), ~1e6 at typical points (~5 ms).
 */
export function attentionMassGiven(A: number, B: number, tau: number, T: number, k: number, opts: AttentionMassOptions = {}): number {
  if (k === T) return 1;
  if (1.5 * tau * tau * T <= 1e-12) return massWithoutSpread(A, B, T, k);
  const tol = opts.tol ?? 1e-9, maxHalvings = opts.maxHalvings ?? 8;
  const mus = [A + B, A - B];
  // the windows of the two labels, merged when they overlap (|B| large puts them far apart); a window
  // is walked in x = ℓ + μ_y, so its own label's argument is exact however large μ_y is (ℓ itself
  // would lose its fraction above 2⁵³ and the grid stall)
  const lo = T_LO - 9 * tau, hi = T_HI + 9 * tau, gap = Math.abs(mus[0]! - mus[1]!);
  const spans = gap <= hi - lo ? [{ anchor: Math.max(mus[0]!, mus[1]!), lo, hi: hi + gap }] : mus.map((anchor) => ({ anchor, lo, hi }));
  const integrand = (x: number, anchor: number): number => {
    const irr = smoothedScoreFactors(x - anchor, tau).L;
    const irrPow = irr === 0 ? (T - k > 0 ? 0 : 1) : Math.exp((T - k) * Math.log(irr));
    if (irrPow === 0) return 0;
    let s = 0;
    for (const mu of mus) {
      const { L, P } = smoothedScoreFactors(x + (mu - anchor), tau);
      if (P > 0) s += 0.5 * k * P * (k > 1 ? Math.exp((k - 1) * Math.log(L)) : 1) * irrPow;
    }
    return s;
  };
  // trapezoid on grids of step h anchored at each window's start; each halving adds the midpoints
  let h = Math.min(hi - lo, 0.5 * Math.max(1, tau / 2));
  let sum = 0;
  for (const w of spans) for (let x = w.lo; x <= w.hi + 1e-12; x += h) sum += integrand(x, w.anchor);
  let value = h * sum;
  for (let i = 0; i < maxHalvings; i++) {
    let mid = 0;
    for (const w of spans) for (let x = w.lo + h / 2; x < w.hi; x += h) mid += integrand(x, w.anchor);
    sum += mid;
    h /= 2;
    const next = h * sum;
    if (Math.abs(next - value) <= tol) return Math.min(1, Math.max(0, next));
    value = next;
  }
  throw new QuadratureError(`attention-mass integral did not converge (A=${A}, B=${B}, τ=${tau}, T=${T}, k=${k})`);
}

/**
 * Gauss–Hermite nodes of the moment-matched Gaussian (q_u, q_v, q_3) of G2; ‖q1‖² = q_u² + q_v² +
 * q_3² + E[bulk]. The Cholesky order is (q_v, q_3, q_u) and the first axis gets `mv` nodes, the
 * others `m`: quantities saturate in the score shift B = r q_v within a few of q_v's standard
 * deviations, which a low-order rule does not resolve.
 */
export function q1ScalarNodes(p: GdParams, mv: number, m: number): { qu: number; qv: number; normSq: number; weight: number }[] {
  const law = q1ScalarLaw(p);
  const order = [1, 2, 0]; // q_v, q_3, q_u
  const L = choleskyPsd(order.flatMap((i) => order.map((j) => law.cov[3 * i + j]!)), 3);
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

/** A quadrature value with the change from the next-finer rule as its error estimate. */
export interface QuadratureValue {
  value: number;
  quadratureError: number;
}

const massOnRule = (p: GdParams, mv: number, m: number) =>
  q1ScalarNodes(p, mv, m).reduce((e, node) => e + node.weight * attentionMassGiven(p.c * node.qu, p.r * node.qv, p.sigma * Math.sqrt(node.normSq), p.T, p.k), 0);

/**
 * G3: predicted E[S_R(q1)] on a fresh input, over the law of q1 (Gauss–Hermite on (q_u, q_v, q_3),
 * 10×3×3 nodes); the stated quadrature error is the change from the coarser 7×2×2 rule, an upper
 * estimate for a rule that converges geometrically.
 */
export function predictedAttentionMassWithError(p: GdParams): QuadratureValue {
  const value = massOnRule(p, 10, 3);
  return { value: Math.min(1, Math.max(0, value)), quadratureError: Math.abs(value - massOnRule(p, 7, 2)) };
}

/** G3: predicted E[S_R(q1)] on the 10×3×3 rule (see predictedAttentionMassWithError). */
export const predictedAttentionMass = (p: GdParams): number => Math.min(1, Math.max(0, massOnRule(p, 10, 3)));
