/**
 * Standard normal tail Q(x) = P(Z > x) and log Q(x), accurate in the far tail.
 *
 * - |x| < 2: Q = 1/2 − erf(x/√2)/2 from the Taylor series of erf (no cancellation
 *   worse than one digit there, since Q(2) ≈ 0.023).
 * - x ≥ 2: Q = φ(x) / CF(x), with CF the Laplace continued fraction
 *   x + 1/(x + 2/(x + 3/(x + ...))), evaluated by the modified Lentz method.
 *   φ(x) = exp(−x²/2)/√(2π) is computed with x² split exactly (Dekker), so the
 *   exponent carries no rounding error of size x²·ε; this keeps the relative error
 *   near 1e-15 out to the subnormal range (Q(38) ≈ 2.9e-316).
 * - x ≤ −2: Q = 1 − Q(−x).
 * log Q uses log φ − log CF for x ≥ 2, so it stays finite for any finite x.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SPLITTER = 134217729; // 2^27 + 1, for Dekker's exact product

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

/** Exact split x*x = hi + lo (Dekker). */
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

/** Standard normal upper tail P(Z > x). Never NaN for non-NaN input. */
export function Q(x: number): number {
  if (Number.isNaN(x)) throw new RangeError("Q: argument is NaN");
  if (x >= 2) {
    if (x === Infinity) return 0;
    const [hi, lo] = squareSplit(x);
    // exp(-(hi+lo)/2) split in two factors so that tiny results stay accurate
    return (Math.exp(-0.5 * hi) * Math.exp(-0.5 * lo)) / (SQRT_2PI * laplaceCF(x));
  }
  if (x <= -2) return 1 - Q(-x);
  return 0.5 - 0.5 * erfSeries(x / Math.SQRT2);
}

/** Natural log of Q(x), finite for every finite x. */
export function logQ(x: number): number {
  if (Number.isNaN(x)) throw new RangeError("logQ: argument is NaN");
  if (x >= 2) {
    if (x === Infinity) return -Infinity;
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
 * Inverse of Q: the x with Q(x) = p, for p in (0, 1). Starts from a logistic-type
 * guess and polishes with Halley steps on log Q, so it is accurate in both tails.
 */
export function Qinv(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`Qinv: p must be in (0, 1), got ${p}`);
  if (p > 0.5) return -Qinv(1 - p);
  if (p === 0.5) return 0;
  // initial guess from the tail asymptote
  const t = Math.sqrt(-2 * Math.log(p));
  let x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  const lp = Math.log(p);
  for (let i = 0; i < 50; i++) {
    // g(x) = log Q(x) − log p; g' = −φ/Q = −h (inverse Mills ratio), g'' = h(h − x)... Newton is enough
    const lq = logQ(x);
    const h = Math.exp(-0.5 * x * x - LOG_SQRT_2PI - lq);
    const step = (lq - lp) / h;
    x += step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
