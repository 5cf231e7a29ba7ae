/**
 * A planned panel plus its computed values → Plotly traces and CSV rows. Values arrive all at
 * once (K2) or one by one from a worker (K5, G); a curve is drawn through what has arrived.
 */
import type { K5Optimum } from "./adapter.ts";
import type { Probe } from "./overlay.ts";
import { num, type PanelPlan } from "./plan.ts";
import { lineTrace, modelLineWidth, pointsTrace, type Trace } from "./plotting.ts";
import { optimumTraces } from "./workerPanels.ts";

export interface Values {
  /** Per series key: the value at each x, undefined until computed. */
  y: Record<string, (number | undefined)[]>;
  stderr: Record<string, (number | undefined)[]>;
  probes: { probe: Probe; value?: number; stderr?: number }[];
  optimum?: K5Optimum;
  errors: string[];
}

export function emptyValues(plan: PanelPlan, probes: Probe[]): Values {
  const y: Values["y"] = {}, stderr: Values["stderr"] = {};
  for (const s of plan.series) {
    y[s.key] = s.xs.map(() => undefined);
    stderr[s.key] = s.xs.map(() => undefined);
  }
  return { y, stderr, probes: probes.map((probe) => ({ probe })), errors: [] };
}

/** z of a simulated mean against the theory at its own x; the theory's integration stderr counts too. */
export function zOf(p: Values["probes"][number]): number | undefined {
  if (p.value === undefined) return undefined;
  return (p.probe.sim.mean - p.value) / Math.hypot(p.probe.sim.stderr, p.stderr ?? 0);
}

export function traces(plan: PanelPlan, v: Values): Trace[] {
  const out: Trace[] = [];
  for (const s of plan.series) {
    const ys = v.y[s.key]!;
    const extra: Trace = { legendgroup: s.key, line: { color: s.color, width: modelLineWidth(s.color), dash: s.dash }, ...(s.y2 ? { yaxis: "y2" } : {}) };
    // θ = ∞ sits past a gap in the axis: drawn as its own marker, not joined to the curve
    const fin = s.xs.flatMap((x, i) => (x !== Infinity && ys[i] !== undefined ? [[plan.plotX(x), ys[i]!] as const] : []));
    const atInf = s.xs.flatMap((x, i) => (x === Infinity && ys[i] !== undefined ? [[plan.plotX(x), ys[i]!] as const] : []));
    out.push(lineTrace(s.label, fin.map(([x]) => x), fin.map(([, y]) => y), s.color, extra));
    if (atInf.length) out.push({ type: "scatter", mode: "markers", name: `${s.label} at θ = ∞`, x: atInf.map(([x]) => x), y: atInf.map(([, y]) => y), marker: { color: s.color, size: 9, symbol: s.y2 ? "x" : "square" }, legendgroup: s.key, showlegend: false, ...(s.y2 ? { yaxis: "y2" } : {}) });
  }
  out.push(...plan.extras);
  if (v.optimum) out.push(...optimumTraces(v.optimum, plan.plotX, plan.plotX(Infinity) === Infinity ? 1 : plan.plotX(Infinity)));
  const bySeries = new Map<string, Values["probes"]>();
  for (const p of v.probes) bySeries.set(p.probe.series.key, [...(bySeries.get(p.probe.series.key) ?? []), p]);
  for (const [, ps] of bySeries) {
    const s = ps[0]!.probe.series;
    const z = ps.map((p) => zOf(p) ?? NaN);
    const worst = Math.max(...z.filter(Number.isFinite).map(Math.abs));
    const name = `${s.label.replace(/ \(.*\)$/, "")}: simulation${Number.isFinite(worst) ? ` (max |z| = ${worst.toFixed(2)})` : ""}`;
    out.push(pointsTrace(name, ps.map((p) => plan.plotX(p.probe.x)), ps.map((p) => p.probe.sim.mean), ps.map((p) => p.probe.sim.stderr), z, s.color, { legendgroup: s.key, ...(s.y2 ? { yaxis: "y2" } : {}) }));
  }
  return out;
}

type Row = Record<string, string | number>;

/** One row per computed value, with every parameter of its point (so each row is reproducible). */
export function csvRows(plan: PanelPlan, v: Values): Row[] {
  const rows: Row[] = [];
  const params = (p: object) => Object.fromEntries(Object.entries(p).map(([k, x]) => [k, typeof x === "number" ? num(x) : x]));
  for (const s of plan.series) {
    s.xs.forEach((_, i) => {
      const y = v.y[s.key]![i];
      if (y !== undefined) rows.push({ series: s.label, quantity: s.quantity, ...params(s.points[i]!), value: num(y), stderr: num(v.stderr[s.key]![i] ?? 0) });
    });
  }
  for (const p of v.probes) {
    if (p.value !== undefined) rows.push({ series: `${p.probe.series.label}: simulation`, quantity: p.probe.series.quantity, ...params(p.probe.point), value: num(p.value), stderr: num(p.stderr ?? 0), simMean: num(p.probe.sim.mean), simStderr: num(p.probe.sim.stderr), z: num(zOf(p)!) });
  }
  if (v.optimum && plan.optimum) {
    const o = v.optimum;
    rows.push({ series: "optimal θ", quantity: "error", ...params({ ...plan.optimum, theta: o.theta }), value: num(o.error), stderr: num(o.stderr), errorMeanPooling: num(o.errorMean), errorHardmax: num(o.errorHardmax), converged: String(o.converged) });
  }
  return rows;
}

export function toCsv(rows: Row[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (x: unknown) => (x === undefined ? "" : /[",\n]/.test(String(x)) ? `"${String(x).replace(/"/g, '""')}"` : String(x));
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell(r[c])).join(","))].join("\n") + "\n";
}
