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

/**
 * Brent's minimization of f on [lo, hi] from an interior point x0 with f(x0) = f0 known (e.g. the
 * best point of a scan, with its neighbours as the bracket): parabolic steps through the three best
 * points, golden-section steps whenever a parabola would leave the bracket or not shrink it fast
 * enough. For a smooth f it needs a handful of evaluations where golden section needs ~20. Stops
 * when the bracket is within about rtol·x of the minimum x; at most `maxIterations` evaluations.
 */
export function brentMinimize(f: (x: number) => number, lo: number, hi: number, x0: number, f0: number, opts: { rtol?: number; maxIterations?: number } = {}): MinimumResult {
  const rtol = opts.rtol ?? 1e-4, max = opts.maxIterations ?? 200;
  const golden = (3 - Math.sqrt(5)) / 2;
  let [a, b, x, w, v, fx, fw, fv] = [lo, hi, x0, x0, x0, f0, f0, f0];
  let d = 0, e = 0, iterations = 0;
  for (;;) {
    const m = 0.5 * (a + b), tol = 0.25 * rtol * Math.abs(x) + 1e-300;
    if (Math.abs(x - m) <= 2 * tol - 0.5 * (b - a)) return { x, value: fx, converged: true, iterations, bracket: [a, b] };
    if (iterations >= max) return { x, value: fx, converged: false, iterations, bracket: [a, b] };
    let parabolic = false;
    if (Math.abs(e) > tol) {
      // the parabola through (x, fx), (w, fw), (v, fv): its vertex is x + p/q
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw), p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const previous = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * previous) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        if (x + d - a < 2 * tol || b - (x + d) < 2 * tol) d = x < m ? tol : -tol;
        parabolic = true;
      }
    }
    if (!parabolic) {
      e = (x >= m ? a : b) - x;
      d = golden * e;
    }
    const u = Math.abs(d) >= tol ? x + d : x + (d > 0 ? tol : -tol);
    const fu = f(u);
    iterations++;
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      [v, fv, w, fw, x, fx] = [w, fw, x, fx, u, fu];
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) [v, fv, w, fw] = [w, fw, u, fu];
      else if (fu <= fv || v === x || v === w) [v, fv] = [u, fu];
    }
  }
}
