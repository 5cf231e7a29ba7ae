/**
 * Where a shard's lines came from: the build (package version, git commit, Node version, random
 * stream version when the generator exposes one), the config hash, and the start and end of
 * every run that wrote to the file. Kept in a sidecar `<out>.meta.json` so that the JSON Lines
 * themselves stay byte-identical however the sweep was run; `merge` refuses shards of different
 * builds unless told --allow-mixed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { fileURLToPath } from "node:url";
import * as rng from "../random/rng.ts";
import { SweepFileError } from "./errors.ts";
import { writeFileAtomic } from "./atomic.ts";

export interface Build {
  package: string;
  version: string;
  /** HEAD of the checkout, with "-dirty" when tracked files differ from it; null outside git. */
  gitCommit: string | null;
  node: string;
  /** The random generator's stream version, if src/random exports STREAM_VERSION. */
  streamVersion: string | number | null;
}

export interface RunRecord {
  start: string;
  /** null while running, or when the run was killed. */
  end: string | null;
  host: string;
  pid: number;
  slurmJob: string | null;
  computed: number;
  /** The signal that stopped the run, if one did. */
  stopped?: string;
}

export interface Meta {
  build: Build;
  /** The sweep's config hash (the `sweep` field of every line). */
  config: string;
  /** The shard this file holds (null: the whole sweep). */
  shard: { i: number; N: number } | null;
  /** Set when runs of different builds wrote to this file (--allow-mixed). */
  mixed?: Build[];
  runs: RunRecord[];
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function gitCommit(): string | null {
  try {
    const git = (args: string[]) => execFileSync("git", ["-C", ROOT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const head = git(["rev-parse", "HEAD"]);
    return git(["status", "--porcelain", "--untracked-files=no"]) === "" ? head : `${head}-dirty`;
  } catch {
    return null; // not a git checkout, or git not installed
  }
}

let cached: Build | undefined;

export function currentBuild(): Build {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { name: string; version: string };
    const stream = (rng as Record<string, unknown>).STREAM_VERSION;
    cached = { package: pkg.name, version: pkg.version, gitCommit: gitCommit(), node: process.version, streamVersion: typeof stream === "string" || typeof stream === "number" ? stream : null };
  }
  return cached;
}

/** The first field in which two builds differ, as "field a vs b", or undefined. */
export function buildDifference(a: Build, b: Build): string | undefined {
  for (const key of Object.keys(a) as (keyof Build)[]) {
    if (a[key] !== b[key]) return `${key} ${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])}`;
  }
  return undefined;
}

export const metaPath = (out: string) => `${out}.meta.json`;

export function readMeta(out: string): Meta | undefined {
  const path = metaPath(out);
  if (!existsSync(path)) return undefined;
  try {
    const meta = JSON.parse(readFileSync(path, "utf8")) as Meta;
    if (!meta.build || typeof meta.config !== "string" || !Array.isArray(meta.runs)) throw new Error("missing build or runs");
    return meta;
  } catch (err) {
    throw new SweepFileError(`${path}: not a sweep metadata file (${(err as Error).message.split("\n")[0]})`);
  }
}

/** Write a metadata sidecar (a merged file's may have no known build: null). */
export function writeMeta(out: string, meta: Omit<Meta, "build"> & { build: Build | null }): void {
  writeFileAtomic(metaPath(out), JSON.stringify(meta, null, 1) + "\n");
}

export function newRun(): RunRecord {
  const job = process.env.SLURM_ARRAY_JOB_ID ? `${process.env.SLURM_ARRAY_JOB_ID}_${process.env.SLURM_ARRAY_TASK_ID}` : process.env.SLURM_JOB_ID ?? null;
  return { start: new Date().toISOString(), end: null, host: hostname(), pid: process.pid, slurmJob: job, computed: 0 };
}
