/**
 * Merge the shard files of one sweep into the file an unsharded run would have written, byte
 * for byte. Refused (SweepFileError, one line): files of different sweeps, a point in two files,
 * shards written by different builds (unless allowMixed), and missing points, which are named
 * with the shard that should hold them.
 */
import { existsSync } from "node:fs";
import { SweepFileError } from "./errors.ts";
import { readSweepFile } from "./file.ts";
import { buildDifference, readMeta, type Build, type Meta, type RunRecord } from "./provenance.ts";

export interface Merged {
  text: string;
  points: number;
  sweep: string;
  /** Metadata of the merged file: the common build (or the first, when mixed) and every shard's runs. */
  meta: Omit<Meta, "build"> & { build: Build | null; sources: string[] };
}

function missingMessage(missing: number[], points: number, metas: Meta[]): string {
  const N = metas.find((m) => m.shard)?.shard?.N;
  const list = missing.slice(0, 12).join(", ") + (missing.length > 12 ? ", ..." : "");
  const shards = N ? `; shards ${[...new Set(missing.map((i) => i % N))].sort((a, b) => a - b).map((i) => `${i}/${N}`).join(", ")}` : "";
  return `merge: ${missing.length} of ${points} points missing (indices ${list}${shards}); run or resume those shards first`;
}

export function mergeSweepFiles(paths: readonly string[], opts: { allowMixed?: boolean } = {}): Merged {
  const all = new Map<number, { text: string; path: string }>();
  const metas: Meta[] = [];
  let head: { sweep: string; points: number; path: string } | undefined;
  let build: { build: Build; path: string } | undefined;
  const builds: Build[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new SweepFileError(`merge: ${path}: no such file`);
    const file = readSweepFile(path);
    const first = file.rows[0]?.line;
    if (first && head && (first.sweep !== head.sweep || first.points !== head.points)) throw new SweepFileError(`merge: ${path} belongs to another sweep than ${head.path}`);
    if (first) head ??= { sweep: first.sweep, points: first.points, path };
    const meta = readMeta(path);
    if (!meta && !opts.allowMixed) throw new SweepFileError(`merge: ${path} has no metadata sidecar (${path}.meta.json), so its build is unknown; pass --allow-mixed to merge anyway`);
    if (meta) {
      if (head && meta.config !== head.sweep) throw new SweepFileError(`merge: ${path} belongs to another sweep than ${head.path}`);
      metas.push(meta);
      for (const b of [meta.build, ...(meta.mixed ?? [])]) {
        builds.push(b);
        build ??= { build: b, path };
        const diff = buildDifference(build.build, b);
        if (diff && !opts.allowMixed) throw new SweepFileError(`merge: ${path} was written by another build than ${build.path}: ${diff}; pass --allow-mixed to merge anyway`);
      }
    }
    for (const { text, line } of file.rows) {
      const seen = all.get(line.index);
      if (seen) throw new SweepFileError(`merge: point ${line.index} is in both ${seen.path} and ${path}`);
      all.set(line.index, { text, path });
    }
  }
  if (!head) throw new SweepFileError("merge: the files hold no sweep lines");
  const missing: number[] = [];
  for (let i = 0; i < head.points; i++) if (!all.has(i)) missing.push(i);
  if (missing.length > 0) throw new SweepFileError(missingMessage(missing, head.points, metas));
  const text = Array.from({ length: head.points }, (_, i) => all.get(i)!.text + "\n").join("");
  const runs: RunRecord[] = metas.flatMap((m) => m.runs);
  const distinct = builds.filter((b, i) => builds.findIndex((c) => !buildDifference(b, c)) === i);
  const meta = { build: build?.build ?? null, config: head.sweep, shard: null, ...(distinct.length > 1 ? { mixed: distinct.slice(1) } : {}), runs, sources: [...paths] };
  return { text, points: head.points, sweep: head.sweep, meta };
}
