/**
 * The self-sufficient data file of one figure: its parameters, the theory curves as drawn, the
 * simulated rows (mean, stderr, trials) and the provenance, enough to replot it without the page.
 */
import type { Figure, Provenance } from "./types.ts";

export interface Curve {
  name: string;
  x: unknown[];
  y: unknown[];
}

/** The curves a figure draws as lines (the dense theory curves and reference levels). */
export function theoryCurves(f: Figure): Curve[] {
  return f.traces
    .filter((t) => t.type === "scatter" && t.mode === "lines" && Array.isArray(t.x) && Array.isArray(t.y) && (t.x as unknown[]).some((v) => v !== null))
    .map((t) => ({ name: String(t.name ?? ""), x: t.x as unknown[], y: t.y as unknown[] }));
}

export function dataFile(f: Figure, provenance: Provenance) {
  return {
    id: f.id, title: f.title, caption: f.caption, claims: f.claims, params: f.params,
    provenance: { ...provenance, figureSeed: f.seed, trials: f.trials },
    theory: theoryCurves(f),
    rows: f.rows,
  };
}
