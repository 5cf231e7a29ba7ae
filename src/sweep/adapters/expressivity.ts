/**
 * The only module through which sweeps call the expressivity experiment (E4's training recipe)
 * and the claims' prediction of which cells are blind (E2, E3).
 */
import { runExpressivity, type LawName, type TrainingRecipe } from "../../sim/expressivity.ts";
import type { ModelKind, Readout } from "../../train/gd.ts";
import { isBlind } from "../../../theorems/E4.ts";
import { intervalMeasure } from "../experiments/measures.ts";
import type { Outcome } from "../experiments/types.ts";

export interface ExpressivityPoint {
  law: LawName;
  model: ModelKind;
  readout?: Readout;
  sigma?: number;
  recipe: Pick<TrainingRecipe, "n" | "nTest" | "steps">;
}

/** Test accuracy with its 95% Clopper–Pearson interval; a blind cell predicts accuracy ≤ 1/2. */
export async function runExpressivityPoint(p: ExpressivityPoint, seed: number): Promise<Outcome> {
  const run = runExpressivity({ law: p.law, model: p.model, readout: p.readout, seed, sigma: p.sigma, recipe: p.recipe });
  const blind = isBlind(p.law, p.model);
  // LPA on GT is E2, SSA on EC is E3; UNI on EC is blind because every pair cancels in x̄ (E4)
  const claim = blind && p.model === "lpa" ? "E2" : blind && p.model === "ssa" ? "E3" : "E4";
  const bound = blind ? { prediction: 0.5, relation: "<=" as const } : null;
  const t = run.training;
  return {
    measures: [intervalMeasure("accuracy", claim, run.accuracy, bound)],
    details: { trainAccuracy: t.trainAccuracy, finalLoss: t.finalLoss, stepsTaken: t.stepsTaken, converged: t.converged, diverged: t.diverged },
  };
}
