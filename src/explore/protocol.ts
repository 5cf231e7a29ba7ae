/** Messages between the page and its workers: a job is a list of evaluations, answered one by one. */
import type { GdStepsPoint, KnownPromptPoint } from "../params/point.ts";
import type { GdQuantity, K5Optimum } from "./adapter.ts";

export type Task =
  /** K5's error at a point (with its integration stderr when `stderr`: overlay points need it). */
  | { kind: "k5"; point: KnownPromptPoint; stderr: boolean }
  | { kind: "k5-optimum"; point: KnownPromptPoint }
  | { kind: "gd"; quantity: GdQuantity; point: GdStepsPoint };

export type Stage = "preview" | "exact";

export interface Job {
  id: number;
  tasks: Task[];
  /** K5 tasks run at "preview" (a cheap rule), then again at "exact"; G tasks only at "exact". */
  stage: Stage;
}

export type Reply =
  | { id: number; index: number; stage: Stage; value: number; stderr: number; optimum?: K5Optimum }
  | { id: number; index: number; stage: Stage; error: string }
  | { id: number; done: Stage };
