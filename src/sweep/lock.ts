/**
 * An exclusive lock on a sweep's output: `<out>.lock`, created with O_EXCL and holding the
 * owner's pid, host and Slurm task. A second writer is refused at once. A lock is stale when
 * its owner is provably gone: a dead pid on this host, or the same Slurm array task (Slurm runs
 * one instance of a task at a time, so a requeued task may take over its own lock).
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { SweepFileError } from "./errors.ts";

interface Owner {
  pid: number;
  host: string;
  slurmTask: string | null;
  since: string;
}

const held = new Set<string>();

function slurmTask(): string | null {
  const job = process.env.SLURM_ARRAY_JOB_ID ?? process.env.SLURM_JOB_ID;
  if (!job) return null;
  return `${job}_${process.env.SLURM_ARRAY_TASK_ID ?? ""}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Owner;
  } catch {
    return undefined; // vanished meanwhile, or written halfway by a process killed in between
  }
}

function stale(o: Owner | undefined, path: string): boolean {
  if (!o) return true;
  // our own pid in a lock we do not hold is a previous process's (pids repeat across containers)
  if (o.host === hostname()) return o.pid === process.pid ? !held.has(path) : !alive(o.pid);
  return o.slurmTask !== null && o.slurmTask === slurmTask();
}

/** Take the lock of `out` or throw SweepFileError naming its holder. */
export function acquireLock(out: string): void {
  const path = `${out}.lock`;
  const me: Owner = { pid: process.pid, host: hostname(), slurmTask: slurmTask(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify(me) + "\n");
      closeSync(fd);
      held.add(path);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const owner = readOwner(path);
    if (!stale(owner, path)) {
      const o = owner!;
      throw new SweepFileError(`${out} is being written by pid ${o.pid} on ${o.host} since ${o.since} (lock ${path}); if that process is gone, delete the lock`);
    }
    try {
      unlinkSync(path);
    } catch {
      // another process removed the stale lock first; retry the exclusive create
    }
  }
  throw new SweepFileError(`${out}: could not take the lock ${path} (contended)`);
}

export function releaseLock(out: string): void {
  const path = `${out}.lock`;
  if (!held.delete(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone: nothing to release
  }
}

