/**
 * Every command's output goes through `emit`: one place that refuses non-finite results (exit 1,
 * one line naming the quantity and the parameters), echoes the parameters, and prints text,
 * JSON (`--json`) or CSV (`--csv`). Also atomic file writes and progress bars.
 */
import { writeFileSync, renameSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Command, Option } from "commander";
import cliProgress from "cli-progress";
import { toCsv } from "../report/write.ts";

/** JSON with ±Infinity written as the strings "Infinity"/"-Infinity" (JSON has no such number). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) && !Number.isNaN(v) ? (v > 0 ? "Infinity" : "-Infinity") : v), 2);
}

export function printJson(value: unknown): void {
  process.stdout.write(toJson(value) + "\n");
}

/** Write a file whole or not at all: write a sibling temporary file, then rename over the target. */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

export interface FormatFlags {
  json?: boolean;
  csv?: boolean;
}

/** Declare --json and --csv (exclusive: stdout holds one document of one kind). */
export function addFormatOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--json", "print one JSON document on stdout").conflicts("csv"))
    .addOption(new Option("--csv", "print CSV on stdout: a header row, then one row per result"));
}

/** Machine-readable output: progress bars and chatter stay off. */
export const machineReadable = (f: FormatFlags) => !!(f.json || f.csv);

/** A command's result, ready for any of the three formats. */
export interface Output {
  /** Header line of the text output, e.g. "known-prompt theory (K1–K3)". */
  title: string;
  /** The inputs as the command used them (defaults resolved); echoed in every format. */
  params: object;
  /** The results. Every number in here must be finite (see `checkFinite`). */
  values: object;
  /** Text body in place of the default aligned list of `values`. */
  lines?: string[];
  /** CSV rows in place of the default single row (params and values flattened). */
  rows?: Record<string, unknown>[];
  /** JSON document in place of the default `{ params, ...values, verdict, notes }`. */
  json?: unknown;
  /** One-line judgement, e.g. "agree at |sim − theory| ≤ 3·stderr + 0.5/d". */
  verdict?: string;
  notes?: string[];
}

/** Keys whose value may be +∞ by meaning (θ = ∞ is hardmax); anything else non-finite is an error. */
// +∞ is a value, not an overflow, for these: θ = ∞ is hardmax; a sample size (and its ratios)
// that a grid never reached is "beyond the grid", as the claims' evidence says
const INFINITE_OK = new Set(["theta", "nToFactor", "nToFactorOracle", "nToFactorPerD", "growth", "spa", "ssa", "ratio", "nStar"]);

/** `d=200 n=400 theta=inf pool=softmax`: the parameter echo of text output and error messages. */
export function paramLine(params: object): string {
  return Object.entries(flatten(params))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v === Infinity ? "inf" : String(v)}`)
    .join(" ");
}

/** Throw (→ exit 1) on the first NaN or ±∞ among the results, naming it and the parameters. */
export function checkFinite(values: object, params: object): void {
  const visit = (v: unknown, path: string, key: string): void => {
    if (typeof v === "number") {
      if (Number.isFinite(v) || (v === Infinity && INFINITE_OK.has(key))) return;
      throw new Error(`non-finite result: ${path} = ${v} at ${paramLine(params)}`);
    }
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`, key));
    else if (v && typeof v === "object" && !ArrayBuffer.isView(v)) for (const [k, x] of Object.entries(v)) visit(x, path ? `${path}.${k}` : k, k);
  };
  visit(values, "", "");
}

type Cell = string | number | boolean | null;

/** Nested objects as dotted keys; numeric arrays as one space-separated cell. */
function flatten(obj: object, prefix = ""): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (v === undefined) continue;
    if (Array.isArray(v)) out[key] = v.map((x) => (x === Infinity ? "inf" : String(x))).join(" ");
    else if (v !== null && typeof v === "object") Object.assign(out, flatten(v, `${key}.`));
    else out[key] = v as Cell;
  }
  return out;
}

/** A number as a person reads it: integers whole, others to 6 significant digits. */
function fmt(v: unknown): string {
  if (typeof v !== "number") return String(v);
  if (v === Infinity) return "inf";
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

/** The default text body: one aligned line per value; {mean, stderr} estimates as "mean ± stderr". */
function valueLines(values: object): string[] {
  const entries: [string, string][] = [];
  const add = (k: string, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.mean === "number" && typeof o.stderr === "number") return entries.push([k, `${fmt(o.mean)} ± ${o.stderr.toPrecision(2)}`]);
      for (const [kk, vv] of Object.entries(o)) add(`${k}.${kk}`, vv);
      return;
    }
    if (v !== undefined) entries.push([k, Array.isArray(v) ? v.map(fmt).join(", ") : fmt(v)]);
  };
  for (const [k, v] of Object.entries(values)) add(k, v);
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
}

/** Print a result in the format the flags ask for, after refusing any non-finite number in it. */
export function emit(o: Output, f: FormatFlags): void {
  checkFinite(o.values, o.params);
  if (f.json) return printJson(o.json ?? { params: o.params, ...o.values, ...(o.verdict ? { verdict: o.verdict } : {}), ...(o.notes?.length ? { notes: o.notes } : {}) });
  if (f.csv) {
    const rows = o.rows ?? [{ ...flatten(o.params, "params."), ...flatten(o.values) }];
    return void process.stdout.write(toCsv(rows.map((r) => flatten(r))));
  }
  const lines = [o.title, `  parameters  ${paramLine(o.params)}`, ...(o.lines ?? valueLines(o.values))];
  if (o.verdict) lines.push(`verdict: ${o.verdict}`);
  for (const n of o.notes ?? []) lines.push(`note: ${n}`);
  process.stdout.write(lines.join("\n") + "\n");
}

export interface Progress {
  /** Progress so far; `section` names the part now running (shown before the bar). */
  tick(done: number, section?: string): void;
  stop(): void;
}

/**
 * Time left, shown only once it has settled: after 5% of the work and 3 s, when the last three
 * estimates of the total duration (taken a second apart) agree within 25%. Early estimates swing
 * from seconds to minutes because the first items of a run are rarely typical.
 */
export class EtaEstimator {
  private history: number[] = [];
  private lastSample = -Infinity;
  private stable = false;

  constructor(private readonly total: number, private readonly start: number) {}

  /** The text to show at `now` (ms) after `done` of `total` items. */
  update(done: number, now: number): string {
    if (done >= this.total) return "done";
    if (done <= 0) return "eta …";
    const elapsed = (now - this.start) / 1000;
    const duration = (elapsed * this.total) / done;
    if (now - this.lastSample >= 1000) {
      this.lastSample = now;
      this.history = [...this.history.slice(-2), duration];
      const lo = Math.min(...this.history), hi = Math.max(...this.history);
      if (this.history.length === 3 && done / this.total >= 0.05 && elapsed >= 3 && hi <= 1.25 * lo) this.stable = true;
    }
    return this.stable ? `eta ${formatSeconds(duration - elapsed)}` : "eta …";
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/**
 * A progress bar on stderr, labelled with its section, that appears only once the run has lasted
 * a second, and never when `enabled` is false (under --json/--csv, or when stderr is not a terminal).
 */
export function progress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { tick() {}, stop() {} };
  const start = Date.now();
  const eta = new EtaEstimator(total, start);
  let section = label;
  let bar: cliProgress.SingleBar | undefined;
  return {
    tick(done, now = section) {
      section = now;
      const payload = { section, eta: eta.update(done, Date.now()) };
      if (!bar && Date.now() - start > 1000) {
        bar = new cliProgress.SingleBar({ format: "{section} [{bar}] {value}/{total} | {eta}", hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        bar.start(total, done, payload);
      }
      bar?.update(done, payload);
    },
    stop() {
      bar?.stop();
    },
  };
}
