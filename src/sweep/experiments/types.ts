/**
 * What the sweep machinery needs from an experiment: its parameter block (fields with ranges,
 * defaults, cross-field checks) and one run at a point, returning each simulated quantity
 * beside its prediction. Lines of every experiment share one format (docs/sweeps.md).
 */
import type { z } from "zod";
import type { TrialPool } from "../../sim/parallel.ts";
import type { FieldValue, PointSpec } from "../fields.ts";

export interface RunOptions {
  /** An open worker pool for experiments whose trials run on worker threads. */
  pool?: TrialPool;
}

/** A Monte Carlo mean beside a point prediction: z = (mean − prediction) / √(stderr² + predictionStderr²). */
export interface EstimateMeasure {
  name: string;
  claim: string;
  mean: number;
  stderr: number;
  trials: number;
  prediction: number;
  /** The prediction's own integration error (0 for closed forms). */
  predictionStderr: number;
  z: number;
}

/** A proportion with its Clopper–Pearson interval beside a one-sided bound (or no prediction). */
export interface IntervalMeasure {
  name: string;
  claim: string;
  mean: number;
  low: number;
  high: number;
  level: number;
  successes: number;
  trials: number;
  /** The bound the theory predicts, or null where it predicts nothing. */
  prediction: number | null;
  relation: "<=" | ">=" | null;
  /** Whether the interval reaches the predicted side of the bound; null without a prediction. */
  consistent: boolean | null;
}

export type Measure = EstimateMeasure | IntervalMeasure;

export interface Outcome {
  measures: Measure[];
  /** Experiment-specific diagnostics (attention statistics, solver failures, ...). */
  details: Record<string, FieldValue | Record<string, FieldValue | null> | null>;
}

export interface Experiment<P = unknown> {
  name: string;
  /** One line for --help and the docs. */
  summary: string;
  fields: Record<string, z.ZodType<FieldValue>>;
  defaults: PointSpec;
  /** Monte Carlo trials per point (null: the experiment has no trials field). */
  trials: { default: number; lo: number; hi: number } | null;
  /** Whether the experiment's trials run on worker threads (a pool is opened for the sweep). */
  threaded: boolean;
  /**
   * The run parameters of a point and its full parameter block (as written to the line);
   * throws an Error whose message names the field and its range when fields conflict.
   */
  resolve(spec: PointSpec): { params: P; block: PointSpec };
  run(params: P, seed: number, trials: number, opts: RunOptions): Promise<Outcome>;
}
