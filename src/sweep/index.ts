/** Sweeps: resumable, sharded grids of experiment points as checksummed JSON Lines (docs/sweeps.md). */
export { planSweep, shardPoints, SWEEP_FORMAT, type Shard, type SweepConfig, type SweepPlan, type SweepPoint } from "./config.ts";
export { SweepConfigError, SweepFileError } from "./errors.ts";
export { EXPERIMENTS, EXPERIMENT_NAMES } from "./experiments/index.ts";
export type { Measure, EstimateMeasure, IntervalMeasure, Outcome } from "./experiments/types.ts";
export { readSweepFile, type SweepFile } from "./file.ts";
export { formatLine, parseLine, type SweepLine } from "./line.ts";
export { mergeSweepFiles, type Merged } from "./merge.ts";
export { currentBuild, readMeta, writeMeta, metaPath, type Build, type Meta } from "./provenance.ts";
export { runSweep, type SweepOptions, type SweepRun } from "./run.ts";
export { installStopHandlers } from "./stop.ts";
export { writeFileAtomic } from "./atomic.ts";
