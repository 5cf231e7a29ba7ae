/** known-prompt: K4's Monte Carlo beside K2 (context-clean noise) or K5 (isotropic noise). */
import { KNOWN_PROMPT_DEFAULTS, KNOWN_PROMPT_NAMES, checkKnownPrompt, type KnownPromptPoint } from "../../params/point.ts";
import { pointFields, type PointSpec } from "../fields.ts";
import { runKnownPrompt } from "../adapters/knownPrompt.ts";
import type { Experiment } from "./types.ts";

export const knownPrompt: Experiment<KnownPromptPoint> = {
  name: "known-prompt",
  summary: "K4 Monte Carlo of the ridge head on pooled tokens beside K2 (noise context-clean) or K5 (noise isotropic)",
  fields: pointFields(KNOWN_PROMPT_NAMES),
  defaults: KNOWN_PROMPT_DEFAULTS,
  trials: { default: 40, lo: 2, hi: 1000000 },
  threaded: true,
  resolve(spec: PointSpec) {
    // the schema's rules for a simulation (k ≤ T, λ > 0 at n = d, θ = ∞ only with softmax, the representable SNR)
    const c = checkKnownPrompt(spec, "simulation");
    if (!c.ok) throw c.error;
    return { params: c.point, block: { ...spec, k: c.point.k } };
  },
  run: (p, seed, trials, opts) => runKnownPrompt(p, seed, trials, opts),
};
