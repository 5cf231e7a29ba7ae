/**
 * The only module through which sweeps call the gd-steps predictions (G1–G3) and the Monte
 * Carlo of the three-step algorithm. When those APIs change, this file is the one to update.
 */
import { predictedAttentionMass, predictedCosQ1, predictedCosW1, predictedTestError, type GdParams } from "../../theory/gdSteps.ts";
import { simulateGdSteps } from "../../sim/gdSteps.ts";
import { estimateMeasure } from "../experiments/measures.ts";
import type { Outcome } from "../experiments/types.ts";

export type { GdParams };

/** Plain trial means beside the predictions (the CLI's `simulate gd-steps` z-scores). */
export async function runGdSteps(p: GdParams, seed: number, trials: number): Promise<Outcome> {
  const err = predictedTestError(p);
  const { raw: _raw, ...sim } = simulateGdSteps({ ...p, debias: false }, trials, seed);
  return {
    measures: [
      estimateMeasure("cosW1", "G1", sim.cosW1, predictedCosW1(p)),
      estimateMeasure("cosQ1", "G2", sim.cosQ1, predictedCosQ1(p)),
      estimateMeasure("attentionMass", "G3", sim.attentionMass, predictedAttentionMass(p)),
      estimateMeasure("testError", "G3", sim.testError, err.error, err.stderr),
    ],
    details: {},
  };
}
