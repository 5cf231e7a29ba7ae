/** Builders of the measures of a sweep line; a non-finite value is an error, never a silent null. */
import type { Estimate } from "../../sim/stats.ts";
import type { ProportionInterval } from "../../sim/binomial.ts";
import type { EstimateMeasure, IntervalMeasure } from "./types.ts";

function finite(name: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) if (!Number.isFinite(v)) throw new Error(`${name}: ${k} is ${v} (non-finite)`);
}

export function estimateMeasure(name: string, claim: string, sim: Estimate, prediction: number, predictionStderr = 0): EstimateMeasure {
  const z = (sim.mean - prediction) / Math.hypot(sim.stderr, predictionStderr);
  finite(name, { mean: sim.mean, stderr: sim.stderr, prediction, predictionStderr, z });
  return { name, claim, mean: sim.mean, stderr: sim.stderr, trials: sim.trials, prediction, predictionStderr, z };
}

export function intervalMeasure(name: string, claim: string, ci: ProportionInterval, bound: { prediction: number; relation: "<=" | ">=" } | null): IntervalMeasure {
  finite(name, { mean: ci.mean, low: ci.low, high: ci.high });
  const consistent = bound === null ? null : bound.relation === "<=" ? ci.low <= bound.prediction : ci.high >= bound.prediction;
  return {
    name, claim, mean: ci.mean, low: ci.low, high: ci.high, level: ci.level, successes: ci.successes, trials: ci.trials,
    prediction: bound?.prediction ?? null, relation: bound?.relation ?? null, consistent,
  };
}
