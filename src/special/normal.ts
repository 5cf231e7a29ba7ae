/**
 * Standard normal tail Q(x) = P(Z > x), log Q(x) and the inverse Qinv, on every double.
 *
 * - |x| < 2: Q = 1/2 − erf(x/√2)/2 from the Taylor series of erf (no cancellation
 *   worse than one digit there, since Q(2) ≈ 0.023).
 * - 2 ≤ x ≤ 40: Q = φ(x) / CF(x), with CF the Laplace continued fraction
 *   x + 1/(x + 2/(x + 3/(x + ...))), evaluated by the modified Lentz method.
 *   x² is split exactly (Dekker), so the exponent carries no rounding error of size x²·ε.
 * - Q itself (an inner loop of the G3 and K5 integrals) does not run the continued fraction,
 *   which takes up to ~100 divisions near x = 2: it evaluates Chebyshev interpolants of CF(x)/x
 *   on six pieces of [2, 40], built once at load from laplaceCF (12–24 terms each). Against
 *   mpmath on 18,000 random x in [2, 40] its relative error is ≤ 1.7e-15 (the Lentz CF: ≤ 2.9e-15),
 *   and it is monotone across the piece edges (test/gd-steps-speed.test.ts).
 * - x > 40: Q(x) < 1e-349, below half the smallest subnormal, so Q = 0 (and e^{−x²/2} is
 *   never formed: for x > 2³² its split product would be 0·∞).
 * - x ≤ −2: Q = 1 − Q(−x).
 *
 * log Q for x ≥ 2 is log φ − log CF; for x ≥ 1e8 it is −x²/2 − log(x√(2π)), since the next
 * term, log(CF/x) = log(1 + 1/x² − …) < 1e-16, is below the rounding of the rest. Beyond
 * x = √(2·MAX_VALUE) ≈ 1.896e154 the true log Q is below −MAX_VALUE and logQ returns −∞,
 * the IEEE rounding of that value (not an error: no finite double is closer).
 */

import { chebyshevEval, chebyshevFit } from "./chebyshev.ts";

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SPLITTER = 134217729; // 2^27 + 1, for Dekker's exact product
/** Q(40) ≈ 3.7e-350: every larger argument rounds to 0. */
const Q_ZERO_BEYOND = 40;
/** Above this, log(CF/x) < 1e-16 and x² needs no split. */
const LOGQ_ASYMPTOTIC = 1e8;

/** erf(z) by its Maclaurin series; accurate for |z| ≤ √2. */
function erfSeries(z: number): number {
  const z2 = z * z;
  let term = z; // z^(2n+1) (-1)^n / n!
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= -z2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** Exact split x*x = hi + lo (Dekker); valid for |x| ≤ 1e150. */
function squareSplit(x: number): [number, number] {
  const hi = x * x;
  const c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return [hi, lo];
}

/** Laplace continued fraction CF(x) = x + 1/(x + 2/(x + ...)), x ≥ 2 (modified Lentz). */
function laplaceCF(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let j = 1; j < 500; j++) {
    D = x + j * D;
    if (D === 0) D = tiny;
    C = x + j / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) return f;
  }
  return f; // converges in < 100 steps for x ≥ 2; reaching here would still be accurate to ~1e-14
}

/** CF(x)/x on pieces of [2, 40]. */
const CF_EDGES = [2, 2.75, 3.75, 5.25, 8, 14, Q_ZERO_BEYOND];
const CF_OVER_X = CF_EDGES.slice(1).map((b, i) => chebyshevFit((x) => laplaceCF(x) / x, CF_EDGES[i]!, b));

/** CF(x) from its interpolants, 2 ≤ x ≤ Q_ZERO_BEYOND. */
function fastCF(x: number): number {
  let i = 0;
  while (x > CF_EDGES[i + 1]!) i++;
  return x * chebyshevEval(CF_OVER_X[i]!, x);
}

/** Q(x) for 2 ≤ x ≤ Q_ZERO_BEYOND, with a single rounding into the subnormal range. */
function upperTail(x: number): number {
  const [hi, lo] = squareSplit(x);
  const half = 0.5 * hi; // exact
  // e^{−lo/2} = 1 − lo/2 to rounding: |lo| ≤ ulp(x²)/2 ≤ 2e-13, so the next term is below 1e-26
  if (half < 700) return (Math.exp(-half) * (1 - 0.5 * lo)) / (SQRT_2PI * fastCF(x)); // the result is normal
  const n = Math.floor(half);
  const frac = half - n; // exact: n and half share the exponent range
  const mantissa = (Math.exp(-frac) * (1 - 0.5 * lo)) / (SQRT_2PI * fastCF(x));
  const n1 = Math.min(n, 700); // e^{-700} ≈ 1e-304 is still normal
  return mantissa * Math.exp(-n1) * Math.exp(n1 - n);
}

/** Standard normal upper tail P(Z > x), in [0, 1] for every double except NaN (which throws). */
export function Q(x: number): number {
  if (Number.isNaN(x)) throw new RangeError("Q: argument is NaN");
  if (x >= 2) return x > Q_ZERO_BEYOND ? 0 : upperTail(x);
  if (x <= -2) return 1 - Q(-x);
  return 0.5 - 0.5 * erfSeries(x / Math.SQRT2);
}

/**
 * Natural log of Q(x): finite for x ≤ 1.896e154, −∞ beyond (where the true value is
 * below −MAX_VALUE) and at +∞; 0 at −∞.
 */
export function logQ(x: number): number {
  if (Number.isNaN(x)) throw new RangeError("logQ: argument is NaN");
  if (x >= LOGQ_ASYMPTOTIC) return -(0.5 * x) * x - (Math.log(x) + LOG_SQRT_2PI);
  if (x >= 2) {
    const [hi, lo] = squareSplit(x);
    return -0.5 * hi - 0.5 * lo - LOG_SQRT_2PI - Math.log(laplaceCF(x));
  }
  if (x <= -2) return Math.log1p(-Q(-x));
  return Math.log(Q(x));
}

/** Standard normal density. */
export function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Inverse of Q: the x with Q(x) = p, for p in [0, 1]; Qinv(0) = +∞, Qinv(1) = −∞ (the
 * exact limits). Starts from a rational guess in t = √(−2 log p) and polishes with Newton
 * steps on log Q, so it is accurate in both tails, down to the smallest subnormal p.
 */
export function Qinv(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`Qinv: p must be in [0, 1], got ${p}`);
  if (p === 0) return Infinity;
  if (p === 1) return -Infinity;
  if (p > 0.5) return -Qinv(1 - p); // 1 − p is exact for p ≥ 1/2
  if (p === 0.5) return 0;
  const lp = Math.log(p);
  const t = Math.sqrt(-2 * lp);
  let x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  let last = Infinity;
  for (let i = 0; i < 50; i++) {
    // g(x) = log Q(x) − log p, g'(x) = −φ(x)/Q(x) (minus the inverse Mills ratio)
    const lq = logQ(x);
    const mills = Math.exp(-0.5 * x * x - LOG_SQRT_2PI - lq);
    const step = (lq - lp) / mills;
    // converged: a step at rounding level, or (Newton being quadratic) a step no smaller than the
    // last one, which only happens once log Q's own rounding (~1e-14 near x = 2) is reached
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x)) || (Math.abs(step) >= last && Math.abs(step) <= 1e-12 * Math.max(1, Math.abs(x)))) return x + step;
    last = Math.abs(step);
    x += step;
  }
  throw new Error(`Qinv: Newton iteration did not converge in 50 steps for p = ${p}`);
}
