/**
 * One-dimensional solvers shared by the theory modules; each reports whether it converged and
 * how much work it did, and caps that work.
 */

export interface RootResult {
  x: number;
  converged: boolean;
  iterations: number;
  /** |f(x)| at the returned x. */
  residual: number;
}

/**
 * Root of f on the bracket [lo, hi] (f(lo) ≤ 0 ≤ f(hi), or the reverse) by Newton's method from
 * `start`, with a bisection step whenever Newton would leave the shrinking bracket. Stops when
 * |f| ≤ rtol·scale (f's own magnitude scale, returned with the value) or the step is below
 * 1e-15 relative; at most `maxIterations` evaluations.
 */
export function newtonBracketed(f: (x: number) => { value: number; slope: number; scale: number }, lo: number, hi: number, start: number, opts: { rtol?: number; maxIterations?: number } = {}): RootResult {
  const rtol = opts.rtol ?? 1e-14, max = opts.maxIterations ?? 200;
  const increasing = f(hi).value >= f(lo).value;
  let x = start;
  for (let it = 1; it <= max; it++) {
    const { value, slope, scale } = f(x);
    if ((value > 0) === increasing) hi = x;
    else lo = x;
    if (Math.abs(value) <= rtol * scale) return { x, converged: true, iterations: it, residual: Math.abs(value) };
    let next = slope !== 0 ? x - value / slope : NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x)) return { x: next, converged: true, iterations: it, residual: Math.abs(f(next).value) };
    x = next;
  }
  return { x, converged: false, iterations: max, residual: Math.abs(f(x).value) };
}

export interface MinimumResult {
  x: number;
  value: number;
  converged: boolean;
  iterations: number;
  bracket: [number, number];
}

/** Golden-section search for a minimum of a unimodal f on [lo, hi], to hi − lo ≤ rtol·(lo + hi)/2; at most `maxIterations` steps. */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, opts: { rtol?: number; maxIterations?: number } = {}): MinimumResult {
  const rtol = opts.rtol ?? 1e-4, max = opts.maxIterations ?? 200;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo);
  let f1 = f(x1), f2 = f(x2);
  let iterations = 0, converged = hi - lo <= rtol * 0.5 * (lo + hi);
  while (iterations < max && !converged) {
    iterations++;
    if (f1 <= f2) {
      hi = x2; x2 = x1; f2 = f1;
      x1 = hi - ratio * (hi - lo); f1 = f(x1);
    } else {
      lo = x1; x1 = x2; f1 = f2;
      x2 = lo + ratio * (hi - lo); f2 = f(x2);
    }
    converged = hi - lo <= rtol * 0.5 * (lo + hi);
  }
  const [x, value] = f1 <= f2 ? [x1, f1] : [x2, f2];
  return { x, value, converged, iterations, bracket: [lo, hi] };
}
