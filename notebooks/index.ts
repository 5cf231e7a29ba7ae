/** The report's sections, in order. Each notebook is also runnable alone (see notebooks/run.ts). */
import type { Notebook } from "../src/report/types.ts";
import { knownPromptNotebook } from "./knownPrompt.ts";
import { mnistNotebook } from "./mnist.ts";
import { expressivityNotebook } from "./expressivity.ts";
import { k5Notebook } from "./k5.ts";
import { gdStepsNotebook } from "./gdSteps.ts";

export const NOTEBOOKS: { id: string; title: string; build: Notebook }[] = [
  { id: "known-prompt", title: "Known prompt, learned head (K1–K4)", build: knownPromptNotebook },
  { id: "k5", title: "Known prompt under isotropic noise: random attention weights (K5)", build: k5Notebook },
  { id: "mnist", title: "Real data: contextual MNIST (R1)", build: mnistNotebook },
  { id: "expressivity", title: "Expressivity of softmax prompt-attention (E1–E4)", build: expressivityNotebook },
  { id: "gd-steps", title: "The first steps of gradient descent (G1–G5)", build: gdStepsNotebook },
];
