/**
 * The only module through which sweeps call the known-prompt simulation and theory: K4's Monte
 * Carlo beside K2 (context-clean noise) or beside K5 (isotropic noise): one pipeline for both. When those
 * APIs change, this file is the one to update.
 */
import { knownPromptTheory } from "../../theory/knownPrompt.ts";
import { k5Theory } from "../../theory/k5.ts";
import type { KnownPromptSimParams } from "../../sim/knownPrompt.ts";
import { simulateKnownPromptParallel } from "../../sim/parallel.ts";
import { estimateMeasure } from "../experiments/measures.ts";
import type { Outcome, RunOptions } from "../experiments/types.ts";

export type { KnownPromptSimParams };

export async function runKnownPrompt(p: KnownPromptSimParams, seed: number, trials: number, opts: RunOptions): Promise<Outcome> {
  const parallel = opts.pool ? { pool: opts.pool } : { workers: 1 };
  if (p.noise === "isotropic") {
    const th = k5Theory(p);
    if (!th.converged) throw new Error(`K5's fixed point did not converge (residual ${th.residual.toExponential(2)} after ${th.iterations} iterations)`);
    const sim = await simulateKnownPromptParallel(p, trials, seed, parallel);
    return {
      measures: [estimateMeasure("error", "K5", sim.error, th.error, th.stderr.error)],
      details: { solverFailures: sim.solverFailures, testDraws: sim.testDraws ?? null, theory: { S: th.S, N: th.N, nu: th.nu, a: th.a, b: th.b, method: th.method, converged: th.converged } },
    };
  }
  const th = knownPromptTheory(p);
  const sim = await simulateKnownPromptParallel(p, trials, seed, parallel);
  return {
    measures: [estimateMeasure("error", "K2", sim.error, th.error)],
    details: { S: sim.S, N: sim.N, solverFailures: sim.solverFailures, theory: { S: th.S, N: th.N, rEff: th.rEff } },
  };
}
