/** Small builders for Plotly traces and measured agreement captions, shared by the notebooks. */

export type Trace = Record<string, unknown>;

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
export const color = (i: number) => PALETTE[i % PALETTE.length]!;

/** A theory curve. */
export function line(name: string, x: number[], y: number[], i: number, extra: Trace = {}): Trace {
  return { type: "scatter", mode: "lines", name, x, y, line: { color: color(i), width: 2 }, ...extra };
}

/** Simulation markers with ±2·stderr bars. */
export function markers(name: string, x: number[], mean: number[], stderr: number[], i: number, extra: Trace = {}): Trace {
  return {
    type: "scatter", mode: "markers", name, x, y: mean,
    marker: { color: color(i), size: 7, symbol: "circle-open", line: { width: 2 } },
    error_y: { type: "data", array: stderr.map((s) => 2 * s), visible: true, color: color(i) },
    ...extra,
  };
}

/** Evenly spaced grid (linear or logarithmic). */
export function grid(lo: number, hi: number, count: number, log = false): number[] {
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
  });
}

export interface Comparison {
  theory: number;
  mean: number;
  stderr: number;
  allowance: number;
}

/** "theory and simulation agree at 14/15 points (|sim − theory| ≤ 3·stderr + allowance; max |z| = 2.1)". */
export function agreementSentence(points: Comparison[], allowanceText: string): string {
  const ok = points.filter((p) => Math.abs(p.mean - p.theory) <= 3 * p.stderr + p.allowance).length;
  const maxZ = Math.max(...points.map((p) => Math.abs(p.mean - p.theory) / p.stderr));
  const verdict = ok === points.length ? "theory and simulation agree at all" : `theory and simulation agree at only ${ok} of`;
  return `${verdict} ${points.length} simulated points (|sim − theory| ≤ 3·stderr + ${allowanceText}; max |z| = ${maxZ.toFixed(1)})`;
}
