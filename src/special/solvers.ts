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
 * Roots of m functions at once, f_i on the bracket [lo_i, hi_i] with f_i(lo_i) ≤ 0 ≤ f_i(hi_i), by
 * Newton's method from start_i, with a bisection step whenever Newton would leave the shrinking
 * bracket. `f` evaluates every f_i in one call (value, slope and a magnitude scale of f_i's own
 * terms), so a solver whose functions share one pass over data pays one pass per step. Element i
 * stops when |f_i| ≤ rtol·scale_i or its step is below 1e-15 relative; at most `maxIterations`
 * calls of f in all.
 */
export function newtonBracketedMany(f: (x: Float64Array, value: Float64Array, slope: Float64Array, scale: Float64Array) => void, lo: Float64Array, hi: Float64Array, start: Float64Array, opts: { rtol?: number; maxIterations?: number } = {}): RootResult[] {
  const rtol = opts.rtol ?? 1e-14, max = opts.maxIterations ?? 200, m = start.length;
  const x = Float64Array.from(start), value = new Float64Array(m), slope = new Float64Array(m), scale = new Float64Array(m);
  const out: (RootResult | undefined)[] = new Array(m).fill(undefined);
  let open = m;
  for (let it = 1; it <= max && open > 0; it++) {
    f(x, value, slope, scale);
    for (let i = 0; i < m; i++) {
      if (out[i]) continue;
      const v = value[i]!;
      if (v > 0) hi[i] = x[i]!;
      else lo[i] = x[i]!;
      let next = slope[i] !== 0 ? x[i]! - v / slope[i]! : NaN;
      if (!(next > lo[i]! && next < hi[i]!)) next = 0.5 * (lo[i]! + hi[i]!);
      if (Math.abs(v) <= rtol * scale[i]! || Math.abs(next - x[i]!) <= 1e-15 * Math.abs(x[i]!)) {
        out[i] = { x: x[i]!, converged: true, iterations: it, residual: Math.abs(v) };
        open--;
      } else x[i] = next;
    }
  }
  if (open > 0) f(x, value, slope, scale);
  return out.map((r, i) => r ?? { x: x[i]!, converged: false, iterations: max, residual: Math.abs(value[i]!) });
}

/** One root of f on [lo, hi] (f(lo) ≤ 0 ≤ f(hi), or the reverse), as newtonBracketedMany. */
export function newtonBracketed(f: (x: number) => { value: number; slope: number; scale: number }, lo: number, hi: number, start: number, opts: { rtol?: number; maxIterations?: number } = {}): RootResult {
  const sign = f(hi).value >= f(lo).value ? 1 : -1;
  const one = (x: Float64Array, value: Float64Array, slope: Float64Array, scale: Float64Array) => {
    const r = f(x[0]!);
    [value[0], slope[0], scale[0]] = [sign * r.value, sign * r.slope, r.scale];
  };
  return newtonBracketedMany(one, Float64Array.of(lo), Float64Array.of(hi), Float64Array.of(start), opts)[0]!;
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
