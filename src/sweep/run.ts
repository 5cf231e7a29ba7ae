/**
 * Run (or resume) a sweep, or one shard of it, into a JSON Lines file.
 *
 * One line per finished point, written by a single write(2) on an O_APPEND descriptor and
 * fsync'ed, in index order. The output is locked for the run; a resume keeps the verified lines,
 * drops a torn unterminated tail and computes the rest. Lines hold no timings or build details
 * (those go to the metadata sidecar), so a resumed, sharded-and-merged or uninterrupted sweep
 * give the same bytes.
 */
import { closeSync, fsyncSync, openSync, truncateSync, writeSync } from "node:fs";
import { TrialPool } from "../sim/parallel.ts";
import { inShard, shardPoints, type Shard, type SweepPlan } from "./config.ts";
import { SweepFileError } from "./errors.ts";
import { readSweepFile } from "./file.ts";
import { formatLine } from "./line.ts";
import { acquireLock, releaseLock } from "./lock.ts";
import { buildDifference, currentBuild, newRun, readMeta, writeMeta, type Meta } from "./provenance.ts";
import { ensureParentDir } from "./atomic.ts";
import { atStop } from "./stop.ts";

export interface SweepRun {
  out: string;
  /** Points of this shard. */
  total: number;
  /** Already in the file when the run started. */
  skipped: number;
  computed: number;
  /** Bytes of a torn last line that were dropped. */
  droppedBytes: number;
}

export interface SweepOptions {
  out: string;
  shard?: Shard;
  workers?: number;
  /** Resume a file written by another build (recorded in the metadata as mixed). */
  allowMixed?: boolean;
  /** Called after each point with the shard's points done so far (including skipped ones). */
  onPoint?: (done: number, total: number) => void;
}

/** The metadata for this run, refusing a file written by another build unless allowMixed. */
function resumeMeta(plan: SweepPlan, opts: SweepOptions, hasLines: boolean): Meta {
  const build = currentBuild();
  const meta = readMeta(opts.out);
  const shard = opts.shard ?? null;
  if (!meta) {
    if (hasLines && !opts.allowMixed) throw new SweepFileError(`${opts.out} has lines but no metadata sidecar (${opts.out}.meta.json), so its build is unknown; pass --allow-mixed to resume it anyway`);
    return { build, config: plan.hash, shard, runs: [] };
  }
  if (meta.config !== plan.hash) throw new SweepFileError(`${opts.out}.meta.json belongs to another sweep (config ${meta.config}, not ${plan.hash}); choose another --out or delete both files`);
  if (JSON.stringify(meta.shard ?? null) !== JSON.stringify(shard)) throw new SweepFileError(`${opts.out} was written as shard ${meta.shard ? `${meta.shard.i}/${meta.shard.N}` : "none"}, not ${shard ? `${shard.i}/${shard.N}` : "none"}; use one output file per shard`);
  const diff = buildDifference(meta.build, build);
  if (diff && !opts.allowMixed) throw new SweepFileError(`${opts.out} was written by another build (${diff}); pass --allow-mixed to resume it anyway`);
  if (diff) meta.mixed = [...(meta.mixed ?? []), build];
  return meta;
}

export async function runSweep(plan: SweepPlan, opts: SweepOptions): Promise<SweepRun> {
  const { out } = opts;
  ensureParentDir(out);
  acquireLock(out);
  let meta: Meta | undefined;
  const run = newRun();
  const unregister = atStop((signal) => {
    if (meta) writeMeta(out, { ...meta, runs: meta.runs.map((r) => (r === run ? { ...r, end: new Date().toISOString(), stopped: signal } : r)) });
    releaseLock(out);
  });
  try {
    const mine = shardPoints(plan, opts.shard);
    const existing = readSweepFile(out);
    const first = existing.rows[0]?.line;
    if (first && (first.sweep !== plan.hash || first.points !== plan.points.length)) throw new SweepFileError(`${out} holds another sweep (its config differs); choose another --out or delete it`);
    const foreign = existing.rows.find((r) => !inShard(r.line.index, opts.shard));
    if (foreign) throw new SweepFileError(`${out} holds point ${foreign.line.index}, which is not in this shard; use one output file per shard`);
    meta = resumeMeta(plan, opts, existing.rows.length > 0);
    const droppedBytes = existing.totalBytes - existing.validBytes;
    if (droppedBytes > 0) truncateSync(out, existing.validBytes);
    const done = new Set(existing.rows.map((r) => r.line.index));
    const todo = mine.filter((p) => !done.has(p.index));
    const skipped = mine.length - todo.length;
    opts.onPoint?.(skipped, mine.length);
    if (todo.length === 0) return { out, total: mine.length, skipped, computed: 0, droppedBytes };

    meta.runs.push(run);
    writeMeta(out, meta);
    const fd = openSync(out, "a");
    const trials = plan.config.trials ?? 1;
    const workers = plan.experiment.threaded ? Math.min(opts.workers ?? 1, trials) : 1;
    const pool = workers > 1 ? TrialPool.open(workers) : undefined;
    try {
      for (const point of todo) {
        const outcome = await plan.experiment.run(point.params, plan.config.seed, trials, pool ? { pool } : {}).catch((err: Error) => {
          throw new Error(`point ${point.index} ${JSON.stringify(point.values)}: ${err.message.split("\n")[0]}`);
        });
        writeSync(fd, formatLine(plan, point, outcome) + "\n");
        fsyncSync(fd);
        run.computed++;
        opts.onPoint?.(skipped + run.computed, mine.length);
        // let a pending signal or a vanished wrapper stop the run between points
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      closeSync(fd);
      await pool?.close();
      run.end = new Date().toISOString();
      writeMeta(out, meta);
    }
    return { out, total: mine.length, skipped, computed: todo.length, droppedBytes };
  } finally {
    unregister();
    releaseLock(out);
  }
}
