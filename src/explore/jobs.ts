/**
 * A worker panel's job: the list of evaluations (every series point, every probe, θ*), the
 * preview's share of it, and where each answer goes in the panel's values.
 */
import type { GdStepsPoint, KnownPromptPoint } from "../params/point.ts";
import type { PanelPlan } from "./plan.ts";
import type { Task } from "./protocol.ts";
import type { Values } from "./render.ts";

/** Put the answer to task `index` in its place: a series point (in plan order), else a probe. */
export function fill(v: Values, plan: PanelPlan, index: number, value: number, stderr: number): void {
  let i = index;
  for (const s of plan.series) {
    if (i < s.xs.length) {
      v.y[s.key]![i] = value;
      v.stderr[s.key]![i] = stderr;
      return;
    }
    i -= s.xs.length;
  }
  const probe = v.probes[i];
  if (probe) Object.assign(probe, { value, stderr });
}

/**
 * The preview's share of a job, as indices into it: every other point of each series (its first
 * and last finite points and θ = ∞ always), every probe and θ*. The exact stage then computes every point.
 */
export function previewIndices(plan: PanelPlan, tasks: Task[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const s of plan.series) {
    const lastFinite = s.xs.reduce((last, x, i) => (x !== Infinity ? i : last), -1);
    s.xs.forEach((x, i) => { if (i % 2 === 0 || i === lastFinite || x === Infinity) out.push(at + i); });
    at += s.xs.length;
  }
  for (let i = at; i < tasks.length; i++) out.push(i);
  return out;
}

/** A worker job: every series point, then every probe (with its integration stderr), then θ*. */
export function tasksOf(plan: PanelPlan, v: Values): Task[] {
  const kind = plan.engine;
  const task = (s: { quantity: string }, point: Task["point"], stderr: boolean): Task =>
    kind === "gd" ? { kind: "gd", quantity: s.quantity as never, point: point as GdStepsPoint } : { kind: "k5", point: point as KnownPromptPoint, stderr };
  const out = plan.series.flatMap((s) => s.points.map((p) => task(s, p, false)));
  out.push(...v.probes.map((p) => task(p.probe.series, p.probe.point, true)));
  if (plan.optimum) out.push({ kind: "k5-optimum", point: plan.optimum });
  return out;
}

