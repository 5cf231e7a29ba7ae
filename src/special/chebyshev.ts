/**
 * Chebyshev interpolation of a smooth function on [a, b]: the coefficients come from its values
 * at the n Chebyshev points of the first kind (a discrete cosine transform), the series is cut
 * where its coefficients reach `cut` times the largest, and the sum is evaluated by Clenshaw's recurrence,
 * whose rounding error is a few ulps of Σ|c_j| (the coefficients of an analytic function decay
 * geometrically, so that is a few ulps of the value when the value is not near 0).
 */

export interface Chebyshev {
  a: number;
  b: number;
  /** c_0/2, c_1, …, c_m: f ≈ Σ c_j T_j(y), y = (2x − a − b)/(b − a) */
  c: Float64Array;
}

/** The n Chebyshev coefficients c_0/2, c_1, …, c_{n−1} of f on [a, b], from its values at the n Chebyshev points (no truncation). */
export function chebyshevCoefficients(f: (x: number) => number, a: number, b: number, n: number): number[] {
  const fx = Array.from({ length: n }, (_, k) => f(0.5 * (a + b) + 0.5 * (b - a) * Math.cos((Math.PI * (k + 0.5)) / n)));
  // cos(π j (k + ½)/n) with the angle reduced exactly (an unreduced angle of ~150 rad carries 1e-14 of rounding)
  const c = Array.from({ length: n }, (_, j) => (2 / n) * fx.reduce((s, v, k) => s + v * Math.cos((Math.PI * ((j * (2 * k + 1)) % (4 * n))) / (2 * n)), 0));
  c[0]! /= 2;
  return c;
}

export function chebyshevFit(f: (x: number) => number, a: number, b: number, n = 40, cut = 1e-15): Chebyshev {
  const c = chebyshevCoefficients(f, a, b, n);
  // the coefficients of an analytic function fall geometrically to the rounding noise of the
  // values (~1e-16 of the largest): the series ends where two in a row are below `cut`
  const big = Math.max(...c.map(Math.abs));
  const m = c.findIndex((v, j) => j > 0 && j + 1 < n && Math.abs(v) < cut * big && Math.abs(c[j + 1]!) < cut * big);
  if (m < 0) throw new Error(`chebyshevFit: ${n} points do not resolve the function on [${a}, ${b}]`);
  return { a, b, c: Float64Array.from(c.slice(0, m)) };
}

/** Clenshaw's recurrence for Σ c_j T_j(y); x must lie in [a, b]. */
export function chebyshevEval(ch: Chebyshev, x: number): number {
  const y = (2 * x - ch.a - ch.b) / (ch.b - ch.a), y2 = 2 * y, c = ch.c;
  let b1 = 0, b2 = 0;
  for (let j = c.length - 1; j >= 1; j--) {
    const t = c[j]! + y2 * b1 - b2;
    b2 = b1;
    b1 = t;
  }
  return c[0]! + y * b1 - b2;
}
