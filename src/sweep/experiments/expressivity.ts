/** expressivity: E4's trained models with a Clopper–Pearson interval; blind cells (E2, E3) predict ≤ 1/2. */
import { EXPRESSIVITY_FIELDS } from "../../params/expressivity.ts";
import { configFieldSchema } from "../../params/fields.ts";
import type { PointSpec } from "../fields.ts";
import { runExpressivityPoint, type ExpressivityPoint } from "../adapters/expressivity.ts";
import type { Experiment } from "./types.ts";

export const expressivity: Experiment<ExpressivityPoint> = {
  name: "expressivity",
  summary: "train SPA, LPA, SSA or UNI on law G, B, GT or EC (E4's recipe): test accuracy with a 95% Clopper–Pearson interval",
  fields: Object.fromEntries(Object.entries(EXPRESSIVITY_FIELDS).map(([name, spec]) => [name, configFieldSchema(spec)])),
  defaults: { law: "G", model: "spa", n: 400, nTest: 1000, steps: 300 },
  trials: null,
  threaded: false,
  resolve(spec: PointSpec) {
    const s = spec as Record<string, never>;
    if (s.readout !== undefined && s.model !== "ssa") throw new Error(`readout applies only to model ssa, got model ${s.model}`);
    if (s.sigma !== undefined && s.law === "B") throw new Error("sigma is not defined for law B (its tokens are noise-free)");
    const block: PointSpec = s.model === "ssa" ? { readout: "mean", ...spec } : { ...spec };
    return { params: { law: s.law, model: s.model, readout: block.readout as never, sigma: s.sigma, recipe: { n: s.n, nTest: s.nTest, steps: s.steps } }, block };
  },
  run: (p, seed) => runExpressivityPoint(p, seed),
};
