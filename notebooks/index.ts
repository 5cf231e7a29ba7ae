/** The report's sections, in order. Each notebook is also runnable alone (see notebooks/run.ts). */
import type { Notebook } from "../src/report/types.ts";
import { knownPromptNotebook } from "./knownPrompt.ts";
import { mnistNotebook } from "./mnist.ts";

export const NOTEBOOKS: { id: string; title: string; build: Notebook }[] = [
  { id: "known-prompt", title: "Known prompt, learned head (K1–K4)", build: knownPromptNotebook },
  { id: "mnist", title: "Real data: contextual MNIST (R1)", build: mnistNotebook },
];
