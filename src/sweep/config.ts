/**
 * Sweep configs: an experiment, a seed, the trials per point, `base` parameters and `grid` axes
 * (lists of values). Points are the Cartesian product of the axes in the order given, the last
 * axis varying fastest; point i is fully determined by the config, and every point runs with the
 * run seed (common random numbers across points, so curves over a grid axis are smooth).
 */
import { z } from "zod";
import { createHash } from "node:crypto";
import { EXPERIMENTS, EXPERIMENT_NAMES } from "./experiments/index.ts";
import type { Experiment } from "./experiments/types.ts";
import { SweepConfigError } from "./errors.ts";
import { intField, type FieldValue, type PointSpec } from "./fields.ts";

/** Bumped whenever the line format or the meaning of a config changes: it enters every hash. */
export const SWEEP_FORMAT = 2;
export const MAX_POINTS = 1000000;

export interface SweepConfig {
  experiment: string;
  seed: number;
  /** Monte Carlo trials per point; null for experiments without trials. */
  trials: number | null;
  base: PointSpec;
  grid: Record<string, FieldValue[]>;
  /** The shard count N of a cluster run (array tasks 0..N−1); it does not change any result. */
  shards: number | null;
}

export interface SweepPoint {
  index: number;
  /** This point's values on the grid axes. */
  values: PointSpec;
  /** All parameters as written to the line (config form, with derived ones such as k). */
  block: PointSpec;
  params: unknown;
}

export interface SweepPlan {
  config: SweepConfig;
  experiment: Experiment;
  /** First 16 hex digits of the SHA-256 of the normalized config. */
  hash: string;
  points: SweepPoint[];
}

function pathName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "config";
}

/** The offending value as the user wrote it, as far as JSON.parse left it recognizable. */
function shown(input: unknown): string {
  if (input === Infinity || input === -Infinity) return `a number beyond the double range (|x| > 1.8e308, read as ${input})`;
  const got = JSON.stringify(input);
  return got.length > 60 ? `${got.slice(0, 57)}...` : got;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `${pathName([...issue.path, issue.keys[0]!])}: unknown field`;
  const where = pathName(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return `${where}: missing; ${issue.message}`;
  return `${where} ${issue.message}, got ${shown(input)}`;
}

const listOf = (field: z.ZodType) => z.array(field, "must be a non-empty list").min(1, "must be a non-empty list");

function configSchema(e: Experiment) {
  const names = Object.keys(e.fields);
  const trials = e.trials ? { trials: intField(e.trials.lo, e.trials.hi).default(e.trials.default) } : {};
  return z.strictObject({
    experiment: z.string(),
    seed: intField(0, Number.MAX_SAFE_INTEGER).default(1),
    ...trials,
    shards: intField(1, MAX_POINTS).optional(),
    base: z.strictObject(Object.fromEntries(names.map((f) => [f, e.fields[f]!.optional()])), "must be an object").default({}),
    grid: z.strictObject(Object.fromEntries(names.map((f) => [f, listOf(e.fields[f]!).optional()])), "must be an object").default({}),
  }, "must be a JSON object");
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new SweepConfigError(describeIssue(parsed.error.issues[0]!));
  return parsed.data;
}

/** Expand and check a config; throws SweepConfigError with a one-line message. */
export function planSweep(raw: unknown): SweepPlan {
  const head = parse(z.object({ experiment: z.enum(EXPERIMENT_NAMES as [string, ...string[]], `must be one of ${EXPERIMENT_NAMES.join("|")}`) }, "must be a JSON object"), raw);
  const experiment = EXPERIMENTS[head.experiment]!;
  const parsed = parse(configSchema(experiment), raw) as { seed: number; trials?: number; shards?: number; base: PointSpec; grid: Record<string, FieldValue[] | undefined> };
  const config: SweepConfig = { experiment: experiment.name, seed: parsed.seed, trials: parsed.trials ?? null, base: stripUndefined(parsed.base), grid: {}, shards: parsed.shards ?? null };
  // axes in the order the config writes them (zod returns the schema's field order)
  const written = Object.keys((raw as { grid?: object }).grid ?? {});
  const axes = written.filter((name) => parsed.grid[name] !== undefined).map((name): [string, FieldValue[]] => [name, parsed.grid[name]!]);
  for (const [name, values] of axes) {
    if (name in config.base) throw new SweepConfigError(`grid.${name}: also given in base; give it in one place`);
    config.grid[name] = values;
  }
  const total = axes.reduce((m, [, values]) => m * values.length, 1);
  if (total > MAX_POINTS) throw new SweepConfigError(`grid has ${total} points; at most ${MAX_POINTS}`);
  const points: SweepPoint[] = [];
  for (let index = 0; index < total; index++) {
    const values: PointSpec = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const [name, list] = axes[a]!;
      values[name] = list[rest % list.length]!;
      rest = Math.floor(rest / list.length);
    }
    const ordered = Object.fromEntries(axes.map(([name]) => [name, values[name]!]));
    const spec = { ...experiment.defaults, ...config.base, ...ordered };
    try {
      const { params, block } = experiment.resolve(spec);
      points.push({ index, values: ordered, block, params });
    } catch (err) {
      throw new SweepConfigError(`point ${index} ${JSON.stringify(ordered)}: ${(err as Error).message}`);
    }
  }
  // the shard count is left out: it changes where points run, not what they compute
  const normalized = { format: SWEEP_FORMAT, experiment: config.experiment, seed: config.seed, trials: config.trials, defaults: experiment.defaults, base: config.base, axes };
  const hash = createHash("sha256").update(JSON.stringify(normalized)).digest("hex").slice(0, 16);
  return { config, experiment, hash, points };
}

function stripUndefined(o: Record<string, FieldValue | undefined>): PointSpec {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as PointSpec;
}

/** Shard i of N holds the points whose index is i mod N (round robin balances a grid sorted by cost). */
export interface Shard {
  i: number;
  N: number;
}

export function inShard(index: number, shard?: Shard): boolean {
  return !shard || index % shard.N === shard.i;
}

export function shardPoints(plan: SweepPlan, shard?: Shard): SweepPoint[] {
  return plan.points.filter((p) => inShard(p.index, shard));
}
