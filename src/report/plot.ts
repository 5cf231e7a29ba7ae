/**
 * Small builders for Plotly traces and axes, shared by the notebooks, with one colour per model
 * and per named series across the whole page.
 */

import { summarize, type AgreementRow } from "../stats/agreement.ts";

export type Trace = Record<string, unknown>;

/** Okabe–Ito colours for the models (colour-blind safe); the SSA readouts are shades of SSA's. */
export const MODEL_COLOR = {
  SPA: "#0072B2",
  LPA: "#009E73",
  UNI: "#E69F00",
  SSA: "#D55E00",
  "SSA-mean": "#D55E00",
  "SSA-first": "#F0A070",
  "SSA-last": "#8F3D00",
  oracle: "#000000",
} as const;
export type ModelName = keyof typeof MODEL_COLOR;

/** Ordinal series (parameter values such as ζ, γ, an axis of a sweep): hues no model uses. */
const SERIES = ["#332288", "#CC6677", "#44AA99", "#999933", "#882255", "#88CCEE", "#6A3D9A"];
export const seriesColor = (i: number): string => SERIES[i % SERIES.length]!;

/** A reference level (chance, uniform attention, a threshold). */
export const REFERENCE_COLOR = "#555555";

/** A theory curve; a non-finite value is an error, never a silent gap in the line. */
export function line(name: string, x: number[], y: number[], color: string, extra: Trace = {}): Trace {
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`figure curve '${name}': non-finite value ${y[bad]} at x = ${x[bad]}`);
  const { line: style, ...rest } = extra as { line?: Record<string, unknown> };
  return { type: "scatter", mode: "lines", name, x, y, line: { color, width: 2, ...style }, ...rest };
}

/** Simulation markers with ±2·stderr bars (and the same colour on any connecting line). */
export function markers(name: string, x: number[], mean: number[], stderr: number[], color: string, extra: Trace = {}): Trace {
  const { line: style, ...rest } = extra as { line?: Record<string, unknown> };
  return {
    type: "scatter", mode: "markers", name, x, y: mean,
    marker: { color, size: 8, symbol: "circle-open", line: { width: 2, color } },
    line: { color, width: 1.5, ...style },
    error_y: { type: "data", array: stderr.map((s) => 2 * s), visible: true, color, thickness: 1.5 },
    ...rest,
  };
}

/** A legend-only entry explaining the simulation markers of a figure whose markers share their curves' colours. */
export function simulationKey(text = "simulation: mean ± 2·stderr"): Trace {
  return { type: "scatter", mode: "markers", name: text, x: [null], y: [null], marker: { color: REFERENCE_COLOR, size: 8, symbol: "circle-open", line: { width: 2, color: REFERENCE_COLOR } }, hoverinfo: "skip" };
}

/** Evenly spaced grid (linear or logarithmic). */
export function grid(lo: number, hi: number, count: number, log = false): number[] {
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    return log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
  });
}

/** A tick label without float noise: 0.001, 0.25, 8, 1000, 1e+5. */
export function tickLabel(v: number): string {
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

/**
 * Readable ticks for a log axis over [lo, hi]: the sparsest of 1·10^j, {1, 3}·10^j, {1, 2, 5}·10^j
 * giving at least three ticks (every other decade when there are more than eight).
 */
export function logTicks(lo: number, hi: number): number[] {
  const inRange = (m: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
      for (const a of m) {
        const v = Number((a * 10 ** e).toPrecision(3));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  for (const m of [[1], [1, 3], [1, 2, 5]]) {
    const t = inRange(m);
    if (t.length >= 3) return t.length > 8 ? t.filter((_, i) => i % 2 === 0) : t;
  }
  return inRange([1, 2, 3, 4, 5, 6, 8]);
}

/**
 * A log axis ticked at readable values: the given values (e.g. the simulated sizes, when few)
 * or the 1-2-5 ticks of their range.
 */
export function logAxis(title: string, values: number[], opts: { exact?: boolean } & Trace = {}): Trace {
  const { exact, ...extra } = opts;
  const pos = values.filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.min(...pos), hi = Math.max(...pos);
  const tickvals = exact ? [...new Set(pos)].sort((a, b) => a - b) : logTicks(lo, hi);
  return { title: { text: title }, type: "log", tickvals, ticktext: tickvals.map(tickLabel), ...extra };
}

/** Legends sit below the plot area, never on it or on a right-hand axis. */
export const LEGEND_BELOW = { orientation: "h", x: 0, xanchor: "left", y: -0.22, yanchor: "top" } as const;

/** "by K4's rule (|sim − theory| ≤ 3·stderr + 0.5/d), 17 of these 18 points agree (max |z| = 2.1)". */
export function agreementSentence(rows: readonly Pick<AgreementRow, "z" | "pass">[], rule: string): string {
  const { agree, total, maxAbsZ, pass } = summarize(rows);
  const count = pass ? `all ${total} of this figure's simulated points agree` : `only ${agree} of this figure's ${total} simulated points agree`;
  return `by ${rule}, ${count} (max |z| = ${maxAbsZ.toFixed(1)})`;
}

/** Parameter block as caption text: "T = 16, d = 200, c = 1". */
export function paramText(params: Record<string, string | number | boolean | null>): string {
  return Object.entries(params).map(([k, v]) => `${k} = ${v}`).join(", ");
}
