/**
 * `sweep <config.json>`: run a grid of experiment points into checksummed JSON Lines (locked,
 * resumable, shardable); `merge <files...>`: join shard files into the full sweep's file.
 * A bad config or a bad sweep file ends both with one line and exit code 2.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../usage.ts";
import { printJson, progress, type Progress } from "../output.ts";
import { addWorkersOption } from "../workers.ts";
import { EXPERIMENT_NAMES, installStopHandlers, mergeSweepFiles, planSweep, runSweep, SweepConfigError, SweepFileError, writeFileAtomic, writeMeta, type Shard, type SweepPlan } from "../../sweep/index.ts";

/** --shard i/N, or i alone with N from the config's `shards` (never SLURM_ARRAY_TASK_COUNT: docs/sweeps.md). */
function parseShard(raw: string): { i: number; N?: number } {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(raw.trim());
  const i = m ? Number(m[1]) : NaN, N = m?.[2] !== undefined ? Number(m[2]) : undefined;
  if (!(Number.isSafeInteger(i) && (N === undefined || (Number.isSafeInteger(N) && N >= 1 && i < N)))) throw new InvalidArgumentError(`--shard must be i/N with integers 0 <= i < N (or i with shards in the config), got '${raw}'`);
  return N === undefined ? { i } : { i, N };
}

function resolveShard(plan: SweepPlan, raw?: { i: number; N?: number }): Shard | undefined {
  if (!raw) return undefined;
  const N = raw.N ?? plan.config.shards;
  if (N === null) throw new UsageError(`--shard ${raw.i} needs the shard count: write --shard ${raw.i}/N or set "shards" in the config`);
  if (plan.config.shards !== null && N !== plan.config.shards) throw new UsageError(`--shard must be i/${plan.config.shards} (the config's shards), got ${raw.i}/${N}`);
  if (raw.i >= N) throw new UsageError(`--shard must be i/N with integers 0 <= i < N=${N}, got ${raw.i}`);
  return { i: raw.i, N };
}

function loadPlan(path: string): SweepPlan {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read config '${path}': ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`config '${path}' is not valid JSON: ${(err as Error).message.split("\n")[0]}`);
  }
  try {
    return planSweep(raw);
  } catch (err) {
    if (err instanceof SweepConfigError) throw new UsageError(`config '${path}': ${err.message}`);
    throw err;
  }
}

/** Refusals about files (lock held, edited line, foreign build, missing points) are usage errors: exit 2. */
function asUsage(err: unknown): never {
  if (err instanceof SweepFileError) throw new UsageError(err.message);
  throw err;
}

/** sweeps/foo.json → sweeps/foo.jsonl, or sweeps/foo.shard-2-of-8.jsonl for shard 2/8. */
function defaultOut(configPath: string, shard?: Shard): string {
  const stem = basename(configPath).replace(/\.json$/i, "");
  return join(dirname(configPath), `${stem}${shard ? `.shard-${shard.i}-of-${shard.N}` : ""}.jsonl`);
}

interface SweepFlags {
  out?: string;
  shard?: { i: number; N?: number };
  workers: number;
  allowMixed?: boolean;
  plan?: boolean;
  json?: boolean;
}

export function registerSweep(program: Command): void {
  const sweep = program
    .command("sweep")
    .description(`run a grid of points of one experiment (${EXPERIMENT_NAMES.join(", ")}) into JSON Lines, each point's simulation beside its prediction; resumes where a previous run stopped`)
    .argument("<config>", "sweep config (JSON); see docs/sweeps.md")
    .option("--out <file>", "JSON Lines output (default: the config's name with .jsonl, or .shard-i-of-N.jsonl)")
    .addOption(new Option("--shard <i/N>", "run only points with index ≡ i (mod N), 0 <= i < N; i alone takes N from the config's shards").argParser(parseShard))
    .option("--allow-mixed", "resume a file written by another build (recorded in its metadata)")
    .option("--plan", "only validate the config and print its point count and hash")
    .option("--json", "print a JSON summary on stdout");
  addWorkersOption(sweep).action(async (configPath: string, f: SweepFlags) => {
    const plan = loadPlan(configPath);
    const shard = resolveShard(plan, f.shard);
    if (f.plan) {
      const info = { experiment: plan.config.experiment, sweep: plan.hash, points: plan.points.length, shards: plan.config.shards };
      return f.json ? printJson(info) : console.log(`${info.experiment} sweep ${info.sweep}: ${info.points} points${info.shards ? ` in ${info.shards} shards` : ""}`);
    }
    installStopHandlers();
    const out = f.out ?? defaultOut(configPath, shard);
    let bar: Progress | undefined; // points done / total and time left, once the total is known
    const run = await runSweep(plan, {
      out,
      workers: f.workers,
      allowMixed: f.allowMixed ?? false,
      ...(shard ? { shard } : {}),
      onPoint: (done, total) => {
        bar ??= progress("sweep points", total, !f.json);
        bar.tick(done);
      },
    }).catch(asUsage);
    bar?.stop();
    const summary = { out: run.out, sweep: plan.hash, points: plan.points.length, shard: shard ?? null, shardPoints: run.total, skipped: run.skipped, computed: run.computed, droppedBytes: run.droppedBytes };
    if (f.json) printJson(summary);
    else console.log(`sweep ${plan.hash}: ${run.total} points${shard ? ` (shard ${shard.i}/${shard.N} of ${plan.points.length})` : ""}, ${run.skipped} already done, ${run.computed} computed → ${run.out}`);
  });

  program
    .command("merge")
    .description("merge the shard files of one sweep into its full JSON Lines; fails naming missing points, and on shards of different builds")
    .argument("<files...>", "shard files (JSON Lines written by sweep --shard)")
    .requiredOption("--out <file>", "merged JSON Lines output (its metadata goes to <file>.meta.json)")
    .option("--allow-mixed", "merge shards written by different builds")
    .option("--json", "print a JSON summary on stdout")
    .action((files: string[], f: { out: string; allowMixed?: boolean; json?: boolean }) => {
      try {
        const merged = mergeSweepFiles(files, { allowMixed: f.allowMixed ?? false });
        writeFileAtomic(f.out, merged.text);
        writeMeta(f.out, merged.meta);
        if (f.json) printJson({ out: f.out, sweep: merged.sweep, points: merged.points, files: files.length, mixed: "mixed" in merged.meta });
        else console.log(`merge ${merged.sweep}: ${merged.points} points from ${files.length} files → ${f.out}`);
      } catch (err) {
        asUsage(err);
      }
    });
}
