/** Files written whole or not at all, into a folder that must be (or become) a directory. */
import { mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { SweepFileError } from "./errors.ts";

/**
 * Create the folder of `path`, or explain in one line why it cannot be: a path component that
 * is a file (`--out results.txt/x.jsonl`) would otherwise surface as a bare EEXIST or ENOTDIR.
 */
export function ensureParentDir(path: string, flag = "--out"): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let blocker = dir;
    while (blocker !== dirname(blocker) && !isFile(blocker)) blocker = dirname(blocker);
    if (code === "EEXIST" || code === "ENOTDIR") throw new SweepFileError(`${flag} '${path}': '${isFile(blocker) ? blocker : dir}' is a file, not a folder`);
    throw new SweepFileError(`${flag} '${path}': cannot create folder '${dir}' (${code ?? String(err)})`);
  }
  if (!statSync(dir).isDirectory()) throw new SweepFileError(`${flag} '${path}': '${dir}' is a file, not a folder`);
}

function isFile(p: string): boolean {
  try {
    return !statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function writeFileAtomic(path: string, contents: string): void {
  ensureParentDir(path);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}
