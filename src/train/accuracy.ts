/**
 * Test accuracy, with its tie rule stated once. A tie is an input where the model's output is
 * exactly 0 (y·f = 0): sign(0) names no label, so the model abstains. SSA with the mean readout
 * on law EC is the case that matters: every pair (a, −a) cancels, the pooled input is 0 and so
 * is every output. Counting ties as errors scored that model at 0.416 on E4's test set, which
 * looked significantly below chance; counting them as correct would score it 1. The rule a
 * statistician uses is the accuracy of the classifier that breaks a tie by a fair coin: its
 * expectation counts each tie ½, so an abstaining model sits at chance, where it belongs.
 * Ties are also counted separately, so a table can say how many there were.
 */
import { predict, type ModelKind, type Params, type Readout } from "./gd.ts";
import type { Dataset } from "../data/dataset.ts";

/** How a model's outputs fall on a data set: y·f > 0 correct, < 0 wrong, = 0 a tie. */
export interface Outcomes {
  correct: number;
  ties: number;
  wrong: number;
  n: number;
}

export function outcomes(model: ModelKind, params: Params, data: Dataset, readout: Readout = "mean"): Outcomes {
  const o: Outcomes = { correct: 0, ties: 0, wrong: 0, n: data.X.length };
  for (let i = 0; i < data.X.length; i++) {
    const m = data.y[i]! * predict(model, params, data.X[i]!, data.T, data.d, readout);
    if (m > 0) o.correct++;
    else if (m < 0) o.wrong++;
    else o.ties++;
  }
  return o;
}

/** Correct outputs plus half the ties: the expected count of the fair-coin tie-break. */
export const successes = (o: Outcomes): number => o.correct + o.ties / 2;

/** Accuracy with each tie counted ½ (see the module comment). */
export function accuracy(model: ModelKind, params: Params, data: Dataset, readout: Readout = "mean"): number {
  const o = outcomes(model, params, data, readout);
  return successes(o) / o.n;
}
