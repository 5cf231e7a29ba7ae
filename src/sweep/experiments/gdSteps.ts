/** gd-steps: the three-step algorithm's Monte Carlo beside G1–G3 (law G, isotropic noise, ρ = 0). */
import { LAW_G_FIELDS, intField, numberField, resolveK, type PointSpec } from "../fields.ts";
import { runGdSteps, type GdParams } from "../adapters/gdSteps.ts";
import type { Experiment } from "./types.ts";

export const gdSteps: Experiment<GdParams> = {
  name: "gd-steps",
  summary: "Monte Carlo of the three gradient steps beside G1 (cos w1), G2 (cos q1) and G3 (attention mass, test error)",
  fields: {
    ...LAW_G_FIELDS,
    d: intField(4, 100000),
    eta: numberField(0, 1e6, { lo: true }),
    beta: numberField(0, 1e6, { lo: true }),
  },
  defaults: { d: 100, n: 400, T: 16, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 100 },
  trials: { default: 20, lo: 2, hi: 1000000 },
  threaded: false,
  resolve(spec: PointSpec) {
    const s = spec as Record<string, never>;
    const k = resolveK(spec);
    const { d, n, c, r, sigma, eta, beta } = s;
    return { params: { d, n, T: s.T, k, c, r, sigma, eta, beta }, block: { ...spec, k } };
  },
  run: (p, seed, trials) => runGdSteps(p, seed, trials),
};
