/**
 * K2 and K3: the asymptotic test error of a ridge head on pooled features (docs/theory.md §4).
 * With γ = d/n and λ̃ = λ/(n σ² N²):
 *   error = Q( r_eff² m / (√m′ · √(r_eff² + γ)) ),  m = m(−λ̃), m′ = m′(−λ̃)  (Marchenko–Pastur).
 * The derivation is written out in theorems/K2.ts.
 */
import { Q } from "../special/normal.ts";
import { mpStieltjes, mpStieltjesDerivative } from "../special/marchenkoPastur.ts";
import { poolingStats, type PoolingStats } from "./pooling.ts";
import type { KnownPromptTheoryPoint } from "../params/point.ts";

/** The ridge problem's shape: n samples in dimension d, penalty λ (0: least squares or minimum norm). */
export interface RidgeShape {
  n: number;
  d: number;
  lambda: number;
}

/** K1–K3 at one point: the pooling statistics, K2's limit error and K3's pooled Bayes error. */
export interface KnownPromptTheory extends PoolingStats {
  gamma: number;
  lambdaTilde: number;
  /** The argument of Q in K2 (the limiting normalized margin). */
  margin: number;
  /** K2's asymptotic test error. */
  error: number;
  /** K3: the error of the best linear head on the pooled feature, Q(r_eff) (the n/d → ∞ limit). */
  bayesPooled: number;
  /** The infimum of K2's error over λ, reached as λ → ∞ (see k2MarginRidgeLimit). */
  errorBestLambda: number;
}

/** The K2 margin for a given r_eff, γ and normalized ridge λ̃; the λ̃ = 0 limits are closed forms. */
export function k2Margin(rEff: number, gamma: number, lambdaTilde: number): number {
  const snr = k2MarginRidgeLimit(rEff, gamma);
  // λ̃ below 1e-100 is the ridgeless limit to O(λ̃) (and m(−λ̃) would overflow for γ > 1)
  if (lambdaTilde < 1e-100) {
    if (gamma === 1) return 0; // interpolation peak: the head is pure noise
    const shrink = gamma < 1 ? Math.sqrt(1 - gamma) : Math.sqrt(1 - 1 / gamma);
    return snr * shrink;
  }
  // λ̃ past 1e100 (e.g. λ > 0 with σ → 0): m/√m′ = 1 + O(1/λ̃), the matched filter's margin
  if (lambdaTilde > 1e100) return snr;
  const m = mpStieltjes(gamma, -lambdaTilde);
  const mp = mpStieltjesDerivative(gamma, -lambdaTilde);
  return (snr * m) / Math.sqrt(mp);
}

/** K1 + K2 + the K3 pooled Bayes error, at one parameter point (law G, prompt and ridge head). */
export function knownPromptTheory(p: KnownPromptTheoryPoint): KnownPromptTheory {
  const stats = poolingStats(p);
  const gamma = p.d / p.n;
  // λ̃ = λ/(nσ²N²); past the largest double (λ > 0 with σ²N² underflowing) it is held there, where
  // the margin has long reached its λ → ∞ limit
  const lambdaTilde = stats.N === 0 || p.lambda === 0 ? 0 : Math.min(Number.MAX_VALUE, p.lambda / (p.n * p.sigma * p.sigma * stats.N * stats.N));
  const margin = stats.rEff === 0 ? 0 : k2Margin(stats.rEff, gamma, lambdaTilde);
  return { ...stats, gamma, lambdaTilde, margin, error: Q(margin), bayesPooled: Q(stats.rEff), errorBestLambda: Q(k2MarginRidgeLimit(stats.rEff, gamma)) };
}

/** K3 limits of r_eff for softmax pooling: θ → ∞ (hardmax) and θ = 0 (uniform), and their ratio. */
export function contextBenefit(T: number, k: number, r: number, sigma: number): { rEffHardmax: number; rEffUniform: number; ratio: number } {
  const rEffHardmax = (r * Math.sqrt(k)) / sigma;
  const rEffUniform = (r * k) / (sigma * Math.sqrt(T));
  return { rEffHardmax, rEffUniform, ratio: rEffHardmax / rEffUniform };
}

/**
 * The K2 margin as λ → ∞, which is also its supremum over λ: m → 1/λ̃ and m′ → 1/λ̃², so the
 * factor m/√m′ → 1, and m² ≤ m′ always (Cauchy–Schwarz on the spectral law), so no finite λ does
 * better. The limit head is the matched filter ŵ ∝ Σ_i y_i x̄_i.
 */
export function k2MarginRidgeLimit(rEff: number, gamma: number): number {
  // r_eff²/√(r_eff² + γ) as r_eff/√(1 + γ/r_eff²): finite for every finite r_eff (r_eff² overflows past 1e154)
  return rEff / Math.sqrt(1 + gamma / (rEff * rEff));
}
