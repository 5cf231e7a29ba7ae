/**
 * Which dropped simulation points belong on which panel: a point goes on a series when every
 * parameter the file gives, except the panel's x parameter, equals the series' own. Each match
 * becomes a probe: the theory is evaluated at exactly the point's x, and |z| is measured there.
 */
import type { PanelPlan, SeriesPlan } from "./plan.ts";
import { checkGdSteps, checkKnownPrompt } from "../params/point.ts";
import type { SimFile, SimPoint } from "./simData.ts";

export interface Probe {
  series: SeriesPlan;
  x: number;
  point: SeriesPlan["points"][number];
  sim: SimPoint;
}

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === "number" && typeof b === "number" && Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));

/** Law G for the gradient steps fixes these; a file may still state them. */
const GD_FIXED: Record<string, unknown> = { noise: "isotropic", rho: 0 };

function matches(params: Record<string, unknown>, base: Record<string, unknown>, param: string): boolean {
  for (const [key, value] of Object.entries(params)) {
    if (key === param) continue;
    if (key === "zeta") {
      if (!same(Math.min(base.T as number, Math.max(1, Math.round((value as number) * (base.T as number)))), base.k)) return false;
    } else if (key in base) {
      if (!same(value, base[key])) return false;
    } else if (key in GD_FIXED && "eta" in base && !same(value, GD_FIXED[key])) return false;
  }
  return true;
}

/**
 * The probes of a panel. A parameter the file does not give is taken from the controls
 * (`controls`), never from the series, so a file without `pool` lands on the controls' model
 * only. A probe whose point the schema rejects (LPA at θ = ∞, λ = 0 at n = d) is left out.
 */
export function probesFor(plan: PanelPlan, files: readonly SimFile[], controls: Record<string, unknown>): Probe[] {
  const out: Probe[] = [];
  const fill = Object.fromEntries(Object.entries(controls).filter(([k]) => k !== plan.param));
  for (const series of plan.series) {
    const base = series.points[0] as unknown as Record<string, unknown>;
    const gd = "eta" in base;
    for (const sim of files.flatMap((f) => f.points)) {
      const x = sim.params[plan.param];
      if (sim.quantity !== series.quantity || typeof x !== "number" || !matches({ ...fill, ...sim.params }, base, plan.param)) continue;
      const point = { ...base, [plan.param]: x };
      if (!(gd ? checkGdSteps(point) : checkKnownPrompt(point)).ok) continue;
      out.push({ series, x, point: point as unknown as Probe["point"], sim });
    }
  }
  return out;
}

/** The parameters of a file's first point to set on the controls so that its points show: all but the one x axis that varies most. */
export function paramsToAdopt(file: SimFile): Record<string, number | string> {
  const first = file.points[0]?.params ?? {};
  const distinct = (key: string) => new Set(file.points.map((p) => String(p.params[key]))).size;
  const axis = ["n", "theta", "lambda"].filter((k) => k in first).sort((a, b) => distinct(b) - distinct(a))[0];
  return Object.fromEntries(Object.entries(first).filter(([k]) => k !== axis || distinct(k) === 1));
}
