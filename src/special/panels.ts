/**
 * Composite Gauss–Legendre quadrature on panels: ∫_a^b f(t) dt as Σ w_i f(t_i), delivered to a
 * callback so that callers can accumulate several integrands over the same nodes. The interval is
 * cut at the given edges (where the integrand changes shape) and each piece into equal panels no
 * wider than `maxWidth`; each panel gets the 8-point rule (exact for polynomials of degree 15).
 */

// 8-point Gauss–Legendre on [−1, 1]: nodes ±x_i, weights w_i (to double precision)
const X = [0.18343464249564978, 0.525532409916329, 0.7966664774136267, 0.9602898564975362];
const W = [0.36268378337836166, 0.3137066458778869, 0.22238103445337443, 0.10122853629037706];

export function legendrePanels(edges: readonly number[], a: number, b: number, maxWidth: number, visit: (t: number, w: number) => void): void {
  if (!(b > a)) return;
  const cuts = [a, ...edges.filter((e) => e > a && e < b), b];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const lo = cuts[i]!, len = cuts[i + 1]! - lo;
    const m = Math.max(1, Math.ceil(len / maxWidth));
    const half = len / (2 * m);
    for (let j = 0; j < m; j++) {
      const mid = lo + (2 * j + 1) * half;
      for (let q = 0; q < 4; q++) {
        visit(mid - half * X[q]!, half * W[q]!);
        visit(mid + half * X[q]!, half * W[q]!);
      }
    }
  }
}
