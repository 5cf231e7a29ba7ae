/**
 * G1, exact law of the head step: w1/η = ζ w⋆ + ζ ȳ₁ q⋆ + s g, s = σ/√(nT), g ~ N(0, I_d)
 * (docs/theory.md §5; derivation in theorems/G1.ts). E[cos(w1, w⋆)] is a sum over the binomial law
 * of ȳ₁ of 1-D integrals (gaussianCosine), exact up to quadrature error (< 1e-10).
 */
import { gaussianCosine, lgamma } from "./gaussianCosine.ts";
import { unitNorms, w1NoiseScale, zetaOf, type GdParams } from "./gdParams.ts";

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
  const unit = { ...p, ...unitNorms(p) }; // w1 scales with (c, r, σ) together: its direction does not
  let e = 0;
  for (let i = 0; i < ybar.length; i++) e += prob[i]! * cosW1GivenLabelMean(unit, ybar[i]!);
  return Math.max(-1, Math.min(1, e)); // the binomial weights sum to 1 only up to rounding
}

/** G1's deterministic equivalent ζr/√(ζ²r² + ζ²c²/n + σ²d/(nT)) (the large-d limit). */
export function cosW1Limit(p: GdParams): number {
  const z = zetaOf(p);
  return (z * p.r) / Math.sqrt(z * z * p.r * p.r + (z * z * p.c * p.c) / p.n + (p.sigma * p.sigma * p.d) / (p.n * p.T));
}

