/** known-prompt: K4's Monte Carlo beside K2 (context-clean noise) or K5 (isotropic noise). */
import { z } from "zod";
import { POOLS } from "../../models/promptAttention.ts";
import { LAW_G_FIELDS, numberField, oneOfField, resolveK, type PointSpec } from "../fields.ts";
import { runKnownPrompt, type KnownPromptSimParams } from "../adapters/knownPrompt.ts";
import type { Experiment } from "./types.ts";

export const knownPrompt: Experiment<KnownPromptSimParams> = {
  name: "known-prompt",
  summary: "K4 Monte Carlo of the ridge head on pooled tokens beside K2 (noise context-clean) or K5 (noise isotropic)",
  fields: {
    ...LAW_G_FIELDS,
    rho: numberField(0, 1, { hi: true }),
    noise: oneOfField(["context-clean", "isotropic"] as const),
    theta: z.union([numberField(0, 1e4), z.literal("inf")], "must be a number in [0, 10000] or 'inf'"),
    lambda: numberField(0, 1e12),
    pool: oneOfField(POOLS),
  },
  defaults: { d: 200, n: 400, T: 16, c: 1, r: 1.5, rho: 0, sigma: 1, noise: "context-clean", theta: 2, lambda: 0, pool: "softmax" },
  trials: { default: 40, lo: 2, hi: 1000000 },
  threaded: true,
  resolve(spec: PointSpec) {
    const s = spec as Record<string, never>;
    const k = resolveK(spec);
    if (s.lambda === 0 && s.n === s.d) throw new Error(`lambda must be > 0 when n equals d (${s.n}): the least-squares system is singular there`);
    const theta = s.theta === "inf" ? Infinity : (s.theta as number);
    if (theta === Infinity && s.pool !== "softmax") throw new Error("theta 'inf' is only defined for pool softmax (hardmax)");
    const { d, n, T, c, r, rho, sigma, noise, lambda, pool } = s;
    return { params: { d, n, T, k, c, r, rho, sigma, noise, lambda, theta, pool }, block: { ...spec, k } };
  },
  run: (p, seed, trials, opts) => runKnownPrompt(p, seed, trials, opts),
};
