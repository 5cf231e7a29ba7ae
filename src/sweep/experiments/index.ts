/** The experiments a sweep can run, by the name a config gives in its `experiment` field. */
import type { Experiment } from "./types.ts";
import { knownPrompt } from "./knownPrompt.ts";
import { gdSteps } from "./gdSteps.ts";
import { expressivity } from "./expressivity.ts";

export const EXPERIMENTS: Record<string, Experiment> = {
  [knownPrompt.name]: knownPrompt as Experiment,
  [gdSteps.name]: gdSteps as Experiment,
  [expressivity.name]: expressivity as Experiment,
};

export const EXPERIMENT_NAMES = Object.keys(EXPERIMENTS);
