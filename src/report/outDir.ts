/**
 * The report's output folder, handled so that nothing the report did not write is ever deleted:
 *
 * - `openReportOut` runs before any computation: it refuses a target that is a file, or a
 *   non-empty folder that is not a previous report (unless `force`), and creates the staging
 *   folder beside the target, which proves the location writable at once. Staging folders left
 *   by a killed run (their process is gone) are removed then.
 * - The report is written into the staging folder; `install` then renames it into place. A
 *   previous report (marked by its manifest, listing every file it wrote) is replaced whole only
 *   when it holds nothing but those files; with `force`, files are moved in one by one and
 *   everything else in the folder is kept.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";

/** The manifest a report leaves in its folder: the files it wrote, relative to the folder. */
export const MANIFEST = ".prompt-attention-report.json";

/** A user error about the output folder (the CLI turns it into exit 2). */
export class ReportOutError extends Error {}

export interface ReportOut {
  /** The final folder. */
  target: string;
  /** Where the report is written first (beside the target). */
  staging: string;
  /** Rename the staged report into place; returns the final folder. */
  install(): string;
  /** Remove the staging folder (after a failure). */
  abandon(): void;
}

/** Every file under `dir`, as paths relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The files a previous report lists in its manifest, or undefined if `dir` holds no report. */
function manifestFiles(dir: string): string[] | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  try {
    const m = JSON.parse(readFileSync(path, "utf8")) as { files?: unknown };
    return Array.isArray(m.files) && m.files.every((f) => typeof f === "string") ? (m.files as string[]) : undefined;
  } catch {
    return undefined;
  }
}

type TargetState = "absent" | "empty" | "report" | "foreign";

/** What is at the target now; throws if it is not a folder. */
function targetState(target: string): TargetState {
  if (!existsSync(target)) return "absent";
  if (!statSync(target).isDirectory()) throw new ReportOutError(`--out '${target}' is a file, not a folder`);
  if (readdirSync(target).length === 0) return "empty";
  const listed = manifestFiles(target);
  if (!listed) return "foreign"; // decided without walking the folder, which may be large
  const ours = new Set([...listed, MANIFEST]);
  return listFiles(target).every((f) => ours.has(f)) ? "report" : "foreign";
}

/** Why a folder cannot be made at `path`: a file in the way, or the system's error code. */
function whyNotWritable(path: string, e: unknown): string {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    if (existsSync(p)) return statSync(p).isDirectory() ? ((e as NodeJS.ErrnoException).code ?? String(e)) : `'${p}' is a file`;
  }
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** Staging folders are named `.<target>.staging-<pid>-<random>`, so a killed run's can be recognized. */
const stagingPrefix = (target: string) => `.${basename(target)}.staging-`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove the staging folders of earlier runs for this target whose process is gone (killed mid-run). */
function removeStaleStaging(target: string): void {
  const prefix = stagingPrefix(target);
  for (const name of readdirSync(dirname(target))) {
    const pid = name.startsWith(prefix) ? Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]) : NaN;
    if (Number.isSafeInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(join(dirname(target), name), { recursive: true, force: true });
  }
}

/** Check the target and create the staging folder beside it, before anything is computed. */
export function openReportOut(targetPath: string, opts: { force?: boolean } = {}): ReportOut {
  const target = resolve(targetPath);
  if (targetState(target) === "foreign" && !opts.force) {
    const legacy = existsSync(join(target, "index.html")) && !existsSync(join(target, MANIFEST)) ? " (a report written before reports carried a manifest? delete it yourself)" : "";
    throw new ReportOutError(`--out '${targetPath}' is a non-empty folder that is not a previous report (no ${MANIFEST} listing its files)${legacy}: choose another folder, or pass --force to write into it and keep its other files`);
  }
  let staging: string;
  try {
    mkdirSync(dirname(target), { recursive: true });
    removeStaleStaging(target);
    staging = mkdtempSync(join(dirname(target), `${stagingPrefix(target)}${process.pid}-`));
  } catch (e) {
    throw new ReportOutError(`--out '${targetPath}' is not writable (${whyNotWritable(target, e)})`);
  }
  const abandon = () => rmSync(staging, { recursive: true, force: true });

  const install = (): string => {
    const files = listFiles(staging);
    writeFileSync(join(staging, MANIFEST), JSON.stringify({ tool: "prompt-attention-theory", files }, null, 1) + "\n");
    const state = targetState(target); // again: the folder may have changed while the report ran
    if (state === "foreign" && !opts.force) {
      abandon();
      throw new ReportOutError(`--out '${targetPath}' received other files while the report ran; nothing was written (pass --force to write into it)`);
    }
    if (state === "absent" || state === "empty") {
      if (state === "empty") rmdirSync(target);
      renameSync(staging, target);
    } else if (state === "report") {
      // the old folder holds only files an earlier report wrote: set it aside, put the new one in place, drop the old
      const old = `${staging}.old`;
      renameSync(target, old);
      renameSync(staging, target);
      rmSync(old, { recursive: true });
    } else {
      // --force into a foreign folder: the earlier report's own files go, every other file stays
      for (const f of manifestFiles(target) ?? []) {
        const path = resolve(target, f);
        if (!files.includes(f) && path.startsWith(target + "/")) rmSync(path, { force: true });
      }
      for (const f of [...files, MANIFEST]) {
        mkdirSync(dirname(join(target, f)), { recursive: true });
        renameSync(join(staging, f), join(target, f));
      }
      abandon();
    }
    return target;
  };
  return { target, staging, install, abandon };
}
