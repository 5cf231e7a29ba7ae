/**
 * Figure conventions shared by every panel: one colour per model across the page (SPA, LPA, UNI
 * as in the report), other colours for the G quantities, readable log ticks, legends that sit
 * below the plot so they never cover a curve.
 */
import type { Pool } from "../models/promptAttention.ts";

export type Trace = Record<string, unknown>;
export type Layout = Record<string, unknown>;

export const MODEL: Record<Pool, { name: string; color: string }> = {
  softmax: { name: "SPA", color: "#1f77b4" },
  linear: { name: "LPA", color: "#d62728" },
  uniform: { name: "UNI", color: "#2ca02c" },
};

export const QUANTITY_COLORS = ["#9467bd", "#ff7f0e", "#8c564b", "#17becf"];

/** Log-axis ticks at 1, 2, 5 × 10^j inside [lo, hi], labelled without exponent notation where short. */
export function logTicks(lo: number, hi: number): { tickvals: number[]; ticktext: string[] } {
  const vals: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of hi / lo > 1e4 ? [1] : hi / lo > 100 ? [1, 3] : [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) vals.push(v);
    }
  }
  // across many decades every label is a power of ten (never 10000 beside 10⁵)
  return { tickvals: vals, ticktext: vals.map((v) => tickText(v, hi / lo > 1e4)) };
}

export function tickText(v: number, powers = false): string {
  if (v === 0) return "0";
  const e = Math.floor(Math.log10(Math.abs(v)) + 1e-9);
  if (!powers && e >= -3 && e <= 4) return String(Number(v.toPrecision(3)));
  const m = Number((v / 10 ** e).toPrecision(2));
  const sup = [...String(e)].map((ch) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(ch)] ?? "⁻").join("");
  return m === 1 ? (e === 0 ? "1" : `10${sup}`) : `${m}·10${sup}`;
}

/** Linear-axis ticks at a round step (1, 2 or 5 × 10^j), about five up to `hi`. */
export function linearTicks(hi: number): number[] {
  const raw = hi / 4, e = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * e).find((s) => s >= raw)!;
  return Array.from({ length: Math.floor(hi / step + 1e-9) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** A θ axis from 0 to `hi` with θ = ∞ drawn at `inf`, past a gap. */
export function thetaAxis(hi: number, inf: number): Record<string, unknown> {
  const ticks = linearTicks(hi);
  return { title: { text: "θ" }, range: [-0.02 * inf, inf * 1.03], tickvals: [...ticks, inf], ticktext: [...ticks.map((t) => tickText(t)), "∞"] };
}

/** Evenly spaced values, linear or logarithmic. */
export function grid(lo: number, hi: number, count: number, log = false): number[] {
  return Array.from({ length: count }, (_, i) => {
    const t = count === 1 ? 0 : i / (count - 1);
    return log ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
  });
}

/** The smallest round number (by default 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^j) at or above v > 0. */
export function niceCeil(v: number, mantissas: readonly number[] = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]): number {
  const e = 10 ** Math.floor(Math.log10(v));
  return [...mantissas, 10].map((m) => Number((m * e).toPrecision(12))).find((x) => x >= v * (1 - 1e-12))!;
}

/**
 * Each y axis meant to start at zero gets the explicit range [0, round number above its highest
 * point or error bar]: the axis holds still while a slider moves the curves a little (easier to
 * read), and an unchanged figure frame lets a redraw move only the curves.
 */
export function fixedYRanges(layout: Layout, traces: Trace[]): Layout {
  const out: Layout = { ...layout };
  for (const [key, ref] of [["yaxis", "y"], ["yaxis2", "y2"]] as const) {
    const axis = layout[key] as Layout | undefined;
    if (!axis || axis.range || axis.rangemode !== "tozero") continue;
    let hi = 0;
    for (const t of traces) {
      if ((t.yaxis ?? "y") !== ref) continue;
      const ys = t.y as (number | null)[], bars = (t.error_y as { array?: number[] } | undefined)?.array;
      ys.forEach((y, i) => { if (y !== null && Number.isFinite(y)) hi = Math.max(hi, y + (bars?.[i] ?? 0)); });
    }
    out[key] = { ...axis, range: [0, hi > 0 ? niceCeil(hi * 1.04) : 1] };
  }
  return out;
}

/** Base layout: titles, a legend under the axes, margins that leave room for tick labels. */
export function baseLayout(x: Layout, y: Layout, extra: Layout = {}): Layout {
  return {
    xaxis: { zeroline: false, ...x },
    yaxis: { zeroline: false, ...y },
    legend: { orientation: "h", x: 0, y: -0.22, xanchor: "left", yanchor: "top", font: { size: 11 } },
    margin: { l: 60, r: 60, t: 10, b: 90 },
    font: { family: "system-ui, sans-serif", size: 12 },
    hovermode: "closest",
    ...extra,
  };
}

/** A theory line; `dash` for limits and secondary quantities. */
export function lineTrace(name: string, x: number[], y: (number | null)[], color: string, extra: Trace = {}): Trace {
  return { type: "scatter", mode: "lines", name, x, y, line: { color, width: 2 }, ...extra };
}

/** SPA's line is drawn wider, under the others, so it still shows where LPA's coincides (e.g. ρ = 0, large θ). */
export function modelLineWidth(color: string): number {
  return color === MODEL.softmax.color ? 4 : 2;
}

/** Simulation points with ±2·stderr bars, hover showing |z| against the live curve. */
export function pointsTrace(name: string, x: number[], mean: number[], stderr: number[], z: number[], color: string, extra: Trace = {}): Trace {
  return {
    type: "scatter", mode: "markers", name, x, y: mean,
    marker: { color, size: 8, symbol: "circle-open", line: { width: 2, color } },
    error_y: { type: "data", array: stderr.map((s) => 2 * s), visible: true, color, thickness: 1.5 },
    text: z.map((v) => `|z| = ${Math.abs(v).toFixed(2)}`),
    hovertemplate: "%{x}: %{y:.4f}<br>%{text}<extra>%{fullData.name}</extra>",
    ...extra,
  };
}
