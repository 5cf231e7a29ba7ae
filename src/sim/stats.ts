/** Monte Carlo summaries: every estimate carries its mean, standard error and trial count. */

export interface Estimate {
  mean: number;
  stderr: number;
  trials: number;
}

/** Mean and standard error (sample standard deviation / √trials) of a list of trial values. */
export function estimate(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError("estimate: no trials");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const stderr = n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN;
  return { mean, stderr, trials: n };
}

/** The one z-score (optionally with the prediction's own stderr) lives with the agreement rule. */
export { zScore } from "../stats/agreement.ts";
