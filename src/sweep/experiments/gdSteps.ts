/** gd-steps: the three-step algorithm's Monte Carlo beside G1–G3 (law G, isotropic noise, ρ = 0). */
import { GD_SPECS, GD_STEPS_DEFAULTS, GD_STEPS_NAMES, checkGdSteps, type GdStepsPoint } from "../../params/point.ts";
import { pointFields, type PointSpec } from "../fields.ts";
import { runGdSteps } from "../adapters/gdSteps.ts";
import type { Experiment } from "./types.ts";

export const gdSteps: Experiment<GdStepsPoint> = {
  name: "gd-steps",
  summary: "Monte Carlo of the three gradient steps beside G1 (cos w1), G2 (cos q1) and G3 (attention mass, test error)",
  fields: pointFields(GD_STEPS_NAMES, GD_SPECS),
  defaults: GD_STEPS_DEFAULTS,
  trials: { default: 20, lo: 2, hi: 1000000 },
  threaded: false,
  resolve(spec: PointSpec) {
    const c = checkGdSteps(spec);
    if (!c.ok) throw c.error;
    return { params: c.point, block: { ...spec, k: c.point.k } };
  },
  run: (p, seed, trials) => runGdSteps(p, seed, trials),
};
