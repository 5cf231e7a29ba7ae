/**
 * The Monte Carlo trials a worker thread can run, by name. A trial is a pure function of
 * (params, seed, trial index), so where it runs does not change its result.
 * To parallelize another simulation, add its trial function here.
 */
import { knownPromptTrial } from "./knownPrompt.ts";

export const TRIAL_TASKS = {
  "known-prompt": knownPromptTrial,
} as const;

export type TrialTask = keyof typeof TRIAL_TASKS;
export type TrialParams<K extends TrialTask> = Parameters<(typeof TRIAL_TASKS)[K]>[0];
export type TrialOutput<K extends TrialTask> = ReturnType<(typeof TRIAL_TASKS)[K]>;

/** Trials [from, to) of a task, in order. */
export function runTrials<K extends TrialTask>(task: K, params: TrialParams<K>, seed: number, from: number, to: number): TrialOutput<K>[] {
  const trial = TRIAL_TASKS[task] as (p: TrialParams<K>, seed: number, i: number) => TrialOutput<K>;
  const out: TrialOutput<K>[] = [];
  for (let i = from; i < to; i++) out.push(trial(params, seed, i));
  return out;
}
