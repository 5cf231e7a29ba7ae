/**
 * Sweeps of the known-prompt Monte Carlo (K4) over a grid of parameters, streamed to JSON Lines.
 *
 * A config names the experiment, the seed, the trials per point, `base` parameters and `grid`
 * axes (lists of values). Points are the Cartesian product of the axes in the order given, the
 * last axis varying fastest; point i is fully determined by the config, and every point runs
 * with the run seed (common random numbers across points, so curves over a grid axis are smooth).
 *
 * Output: one JSON line per finished point, written by a single write(2) on an O_APPEND
 * descriptor and fsync'ed, in index order. Each line carries a hash of the config, so a resume
 * (skip the points already in the file, drop a torn unterminated tail) or a merge can never mix
 * two different sweeps. Lines hold no timings, so a resumed, sharded-and-merged or
 * uninterrupted sweep give the same bytes.
 */
import { z } from "zod";
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { POOLS } from "../models/promptAttention.ts";
import { kFromZeta } from "../data/lawG.ts";
import { knownPromptTheory } from "../theory/knownPrompt.ts";
import type { KnownPromptSimParams } from "./knownPrompt.ts";
import { simulateKnownPromptParallel, TrialPool } from "./parallel.ts";
import { zScore } from "./stats.ts";

/** A config that does not validate; the message is one line naming the field. */
export class SweepConfigError extends Error {}
/** An output file that cannot be resumed or merged (another sweep, corrupt line, gap). */
export class SweepFileError extends Error {}

function intField(lo: number, hi: number) {
  const m = `must be an integer in [${lo}, ${hi}]`;
  return z.number(m).int(m).min(lo, m).max(hi, m);
}

function numberField(lo: number, hi: number, open: { lo?: boolean; hi?: boolean } = {}) {
  const m = `must be a number in ${open.lo ? "(" : "["}${lo}, ${hi}${open.hi ? ")" : "]"}`;
  const n = z.number(m).min(lo, m).max(hi, m);
  return n.refine((x) => !(open.lo && x === lo) && !(open.hi && x === hi), m);
}

/** The THEORY.md parameters of a point, with the command line's ranges. */
const FIELDS = {
  d: intField(2, 100000),
  n: intField(1, 10000000),
  T: intField(1, 100000),
  k: intField(1, 100000),
  zeta: numberField(0, 1, { lo: true }),
  c: numberField(0, 1e6, { lo: true }),
  r: numberField(0, 1e6),
  rho: numberField(0, 1, { hi: true }),
  sigma: numberField(0, 1e6, { lo: true }),
  noise: z.literal("context-clean", "must be 'context-clean' (the known-prompt Monte Carlo needs fixed attention weights)"),
  theta: z.union([numberField(0, 1e4), z.literal("inf")], "must be a number in [0, 10000] or 'inf'"),
  lambda: numberField(0, 1e12),
  pool: z.enum(POOLS, `must be one of ${POOLS.join("|")}`),
} as const;

type FieldName = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];
type FieldValue = string | number;
/** A point's parameters as written in a config (θ = ∞ spelled "inf"). */
export type PointSpec = { [K in FieldName]?: z.infer<(typeof FIELDS)[K]> };

const DEFAULTS: PointSpec = { d: 200, n: 400, T: 16, c: 1, r: 1.5, rho: 0, sigma: 1, noise: "context-clean", theta: 2, lambda: 0, pool: "softmax" };

const listOf = <S extends z.ZodType>(field: S) => z.array(field, "must be a non-empty list").min(1, "must be a non-empty list");

const ConfigSchema = z.strictObject({
  experiment: z.literal("known-prompt", "must be 'known-prompt'"),
  seed: intField(0, Number.MAX_SAFE_INTEGER).default(1),
  trials: intField(2, 1000000).default(40),
  base: z.strictObject(Object.fromEntries(FIELD_NAMES.map((f) => [f, FIELDS[f].optional()])) as { [K in FieldName]: z.ZodOptional<(typeof FIELDS)[K]> }, "must be an object").default({}),
  grid: z.strictObject(Object.fromEntries(FIELD_NAMES.map((f) => [f, listOf(FIELDS[f]).optional()])) as { [K in FieldName]: z.ZodOptional<z.ZodArray<(typeof FIELDS)[K]>> }, "must be an object").default({}),
}, "must be a JSON object");

export type SweepConfig = z.infer<typeof ConfigSchema>;

export interface SweepPoint {
  index: number;
  /** This point's values on the grid axes. */
  values: Record<string, FieldValue>;
  /** All parameters, config form. */
  spec: PointSpec;
  params: KnownPromptSimParams;
}

export interface SweepPlan {
  config: SweepConfig;
  /** First 16 hex digits of the SHA-256 of the normalized config. */
  hash: string;
  points: SweepPoint[];
}

function pathName(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "config";
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    return `${pathName([...issue.path, key])}: unknown field`;
  }
  const where = pathName(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return `${where}: missing; ${issue.message}`;
  const got = JSON.stringify(input);
  return `${where} ${issue.message}, got ${got.length > 60 ? `${got.slice(0, 57)}...` : got}`;
}

/** Expand and check a config; throws SweepConfigError with a one-line message. */
export function planSweep(raw: unknown): SweepPlan {
  const parsed = ConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new SweepConfigError(describeIssue(parsed.error.issues[0]!));
  const config = parsed.data;
  const axes = (Object.entries(config.grid) as [FieldName, FieldValue[] | undefined][]).filter((e): e is [FieldName, FieldValue[]] => e[1] !== undefined);
  for (const [name] of axes) if (name in config.base) throw new SweepConfigError(`grid.${name}: also given in base; give it in one place`);
  const has = (f: FieldName) => f in config.base || axes.some(([a]) => a === f);
  if (has("k") && has("zeta")) throw new SweepConfigError("k and zeta are exclusive: give one of them");

  const total = axes.reduce((m, [, values]) => m * values.length, 1);
  if (total > 1000000) throw new SweepConfigError(`grid has ${total} points; at most 1000000`);
  const points: SweepPoint[] = [];
  for (let index = 0; index < total; index++) {
    const values: Record<string, FieldValue> = {};
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      const [name, list] = axes[a]!;
      values[name] = list[rest % list.length]!;
      rest = Math.floor(rest / list.length);
    }
    const ordered = Object.fromEntries(axes.map(([name]) => [name, values[name]!]));
    const spec = { ...DEFAULTS, ...config.base, ...ordered } as PointSpec;
    points.push({ index, values: ordered, spec, params: pointParams(spec, index, ordered) });
  }
  const hash = createHash("sha256").update(JSON.stringify({ experiment: config.experiment, seed: config.seed, trials: config.trials, defaults: DEFAULTS, base: config.base, axes })).digest("hex").slice(0, 16);
  return { config, hash, points };
}

/** Resolve one point's parameters and run the cross-field checks of the command line. */
function pointParams(spec: PointSpec, index: number, values: Record<string, FieldValue>): KnownPromptSimParams {
  const at = `point ${index} ${JSON.stringify(values)}`;
  const T = spec.T!;
  const k = spec.zeta !== undefined ? kFromZeta(T, spec.zeta) : spec.k ?? Math.min(2, T);
  if (k > T) throw new SweepConfigError(`${at}: k must be an integer in [1, T=${T}], got ${k}`);
  if (spec.lambda === 0 && spec.n === spec.d) throw new SweepConfigError(`${at}: lambda must be > 0 when n equals d (${spec.n}): the least-squares system is singular there`);
  const theta = spec.theta === "inf" ? Infinity : spec.theta!;
  if (theta === Infinity && spec.pool !== "softmax") throw new SweepConfigError(`${at}: theta 'inf' is only defined for pool softmax (hardmax)`);
  const { d, n, c, r, rho, sigma, noise, lambda, pool } = spec as Required<PointSpec>;
  return { d, n, T, k, c, r, rho, sigma, noise, lambda, theta, pool };
}

/** Shard i of N holds the points whose index is i mod N (round robin balances a grid sorted by cost). */
export interface Shard {
  i: number;
  N: number;
}

export function shardPoints(plan: SweepPlan, shard?: Shard): SweepPoint[] {
  return shard ? plan.points.filter((p) => p.index % shard.N === shard.i) : plan.points;
}

/** A point's result as one JSON line (no newline). */
export async function runPoint(plan: SweepPlan, point: SweepPoint, opts: { workers?: number; pool?: TrialPool }): Promise<string> {
  const { seed, trials } = plan.config;
  const sim = await simulateKnownPromptParallel(point.params, trials, seed, opts);
  const th = knownPromptTheory(point.params, point.params);
  return JSON.stringify({
    sweep: plan.hash,
    index: point.index,
    points: plan.points.length,
    point: point.values,
    params: { ...point.spec, k: point.params.k },
    seed,
    trials,
    error: sim.error,
    S: sim.S,
    N: sim.N,
    solverFailures: sim.solverFailures,
    theory: { error: th.error, S: th.S, N: th.N, rEff: th.rEff },
    z: zScore(sim.error, th.error),
  });
}

interface LineHead {
  sweep: string;
  index: number;
  points: number;
}

/** The complete lines of a sweep file by point index, and the byte length they span. */
export function readSweepFile(path: string): { lines: Map<number, string>; head?: LineHead; validBytes: number; totalBytes: number } {
  const lines = new Map<number, string>();
  if (!existsSync(path)) return { lines, validBytes: 0, totalBytes: 0 };
  const buf = readFileSync(path);
  const end = buf.lastIndexOf(0x0a) + 1; // bytes after the last newline are a torn line
  let head: LineHead | undefined;
  const text = buf.subarray(0, end).toString("utf8");
  const rows = text === "" ? [] : text.slice(0, -1).split("\n");
  rows.forEach((row, i) => {
    let parsed: Partial<LineHead>;
    try {
      parsed = JSON.parse(row);
    } catch {
      throw new SweepFileError(`${path}:${i + 1}: not a JSON line`);
    }
    if (typeof parsed.sweep !== "string" || !Number.isInteger(parsed.index) || !Number.isInteger(parsed.points)) throw new SweepFileError(`${path}:${i + 1}: not a sweep result line`);
    const h = parsed as LineHead;
    if (head && (h.sweep !== head.sweep || h.points !== head.points)) throw new SweepFileError(`${path}:${i + 1}: belongs to another sweep than line 1`);
    head ??= h;
    const seen = lines.get(h.index);
    if (seen !== undefined && seen !== row) throw new SweepFileError(`${path}:${i + 1}: point ${h.index} appears twice with different results`);
    lines.set(h.index, row);
  });
  return head ? { lines, head, validBytes: end, totalBytes: buf.length } : { lines, validBytes: end, totalBytes: buf.length };
}

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
  /** Called after each point with the shard's points done so far (including skipped ones). */
  onPoint?: (done: number, total: number) => void;
}

/** Run (or resume) a sweep or one shard of it into `out`. */
export async function runSweep(plan: SweepPlan, opts: SweepOptions): Promise<SweepRun> {
  const mine = shardPoints(plan, opts.shard);
  const existing = readSweepFile(opts.out);
  if (existing.head && existing.head.sweep !== plan.hash) throw new SweepFileError(`${opts.out} holds another sweep (its config differs); choose another --out or delete it`);
  const wanted = new Set(mine.map((p) => p.index));
  for (const index of existing.lines.keys()) if (!wanted.has(index)) throw new SweepFileError(`${opts.out} holds point ${index}, which is not in this shard; use one output file per shard`);
  const droppedBytes = existing.totalBytes - existing.validBytes;
  if (droppedBytes > 0) truncateSync(opts.out, existing.validBytes);
  const todo = mine.filter((p) => !existing.lines.has(p.index));
  const skipped = mine.length - todo.length;
  opts.onPoint?.(skipped, mine.length);
  if (todo.length === 0) return { out: opts.out, total: mine.length, skipped, computed: 0, droppedBytes };

  mkdirSync(dirname(opts.out), { recursive: true });
  const fd = openSync(opts.out, "a");
  const workers = Math.min(opts.workers ?? 1, plan.config.trials);
  const pool = workers > 1 ? TrialPool.open(workers) : undefined;
  try {
    let done = skipped;
    for (const point of todo) {
      const line = await runPoint(plan, point, pool ? { pool } : { workers: 1 });
      writeSync(fd, line + "\n");
      fsyncSync(fd);
      opts.onPoint?.(++done, mine.length);
    }
  } finally {
    closeSync(fd);
    await pool?.close();
  }
  return { out: opts.out, total: mine.length, skipped, computed: todo.length, droppedBytes };
}

/** Merge shard files into the full sweep's JSON Lines (index order); every point must be present once. */
export function mergeSweepFiles(paths: readonly string[]): { text: string; points: number; sweep: string } {
  const all = new Map<number, string>();
  let head: LineHead | undefined;
  for (const path of paths) {
    if (!existsSync(path)) throw new SweepFileError(`${path}: no such file`);
    const f = readSweepFile(path);
    if (!f.head) continue;
    if (head && (f.head.sweep !== head.sweep || f.head.points !== head.points)) throw new SweepFileError(`${path} belongs to another sweep than ${paths[0]}`);
    head ??= f.head;
    for (const [index, row] of f.lines) {
      const seen = all.get(index);
      if (seen !== undefined && seen !== row) throw new SweepFileError(`point ${index} appears in two files with different results (${path})`);
      all.set(index, row);
    }
  }
  if (!head) throw new SweepFileError("merge: the files hold no sweep lines");
  const missing: number[] = [];
  for (let i = 0; i < head.points; i++) if (!all.has(i)) missing.push(i);
  if (missing.length > 0) throw new SweepFileError(`merge: ${missing.length} of ${head.points} points missing (indices ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", ..." : ""}); run or resume their shards first`);
  const text = [...all.keys()].sort((a, b) => a - b).map((i) => all.get(i)! + "\n").join("");
  return { text, points: head.points, sweep: head.sweep };
}
