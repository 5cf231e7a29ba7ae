/**
 * G1, exact law of the head step: w1/η = ζ w⋆ + ζ ȳ₁ q⋆ + s g, s = σ/√(nT), g ~ N(0, I_d)
 * (docs/theory.md §5; derivation in theorems/G1.ts). E[cos(w1, w⋆)] is the average over the binomial
 * law of ȳ₁ of gaussianCosine's 1-D integral, exact up to quadrature error (< 1e-10).
 *
 * Cost. w1/η is isotropic given ȳ₁ (variance s² in every direction), so in gaussianCosine's integral
 * over t only the factor exp(−t ζ²c²ȳ₁²/(1 + 2ts²)) depends on ȳ₁: the binomial average moves inside
 * the integral, and at each node it is a sum of p_j e^{−Xȳ_j²} over the grid ȳ_j = ȳ_0 + 2j/n, whose
 * factors follow by two multiplications each (e_{j+1} = e_j r_j, r_{j+1} = r_j e^{−2X(2/n)²}; the
 * accumulated rounding is < 1e-11 relative for the ≤ 15,000 terms at n = 1e7) and which stops when
 * e_j, a bound on the rest since the terms decrease and the weights sum to ≤ 1, is below 1e-17 of the
 * sum. At most ~900 nodes × (1 + 4.8√n) terms, ~20 ms at n = 1e7 (it was 1.2 s: one integral per ȳ).
 */
import { lgamma } from "./gaussianCosine.ts";
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

/** G1: E[cos(w1, w⋆)], exact (the binomial law of ȳ₁ averaged inside gaussianCosine's integral; see the module comment). */
export function predictedCosW1(p: GdParams, step = 0.2): number {
  const { ybar, prob } = labelMeanLaw(p.n);
  const unit = unitNorms(p); // w1 scales with (c, r, σ) together: its direction does not
  const z = zetaOf(p), s = w1NoiseScale({ ...p, ...unit });
  // coordinates in units of the largest scale, as gaussianCosine does, so that nothing under- or overflows
  const u = Math.max(z * unit.r, z * unit.c * ybar[ybar.length - 1]!, s);
  const R = (z * unit.r) / u, Cc = (z * unit.c) / u, S2 = (s / u) ** 2;
  if (R === 0) return 0; // no signal along w⋆: the cosine is odd in it
  // gaussianCosine's range in log t around −log(mean square norm), spanning every ȳ_j's
  const scale = (y: number) => R * R + Cc * Cc * y * y + p.d * S2;
  const lo = -Math.log(scale(ybar[ybar.length - 1]!)) - 90, hi = -Math.log(scale(ybar[0]!)) + 60;
  const y0 = ybar[0]!, dy = 2 / p.n, m = ybar.length;
  let sum = 0;
  for (let sl = lo; sl <= hi; sl += step) {
    const t = Math.exp(sl), a = 1 + 2 * t * S2;
    const base = Math.sqrt(t) * Math.exp(-0.5 * p.d * Math.log(a) - (t * R * R) / a) * (R / a);
    if (base === 0) continue;
    const X = (t * Cc * Cc) / a;
    let e = Math.exp(-X * y0 * y0), r = Math.exp(-X * dy * (2 * y0 + dy)), q = Math.exp(-2 * X * dy * dy), avg = 0;
    for (let j = 0; j < m && e > 1e-17 * avg; j++) {
      avg += prob[j]! * e;
      e *= r;
      r *= q;
    }
    sum += base * avg;
  }
  // a cosine; the binomial weights sum to 1 only up to rounding
  return Math.max(-1, Math.min(1, (sum * step) / Math.sqrt(Math.PI)));
}

/** G1's deterministic equivalent ζr/√(ζ²r² + ζ²c²/n + σ²d/(nT)) (the large-d limit). */
export function cosW1Limit(p: GdParams): number {
  const z = zetaOf(p);
  return (z * p.r) / Math.sqrt(z * z * p.r * p.r + (z * z * p.c * p.c) / p.n + (p.sigma * p.sigma * p.d) / (p.n * p.T));
}

