/**
 * The report's work — every claim's check and every section — as tasks, run in this thread
 * (1 worker) or on worker threads (`report --workers`). Each task is a pure function of the
 * report's (quick, seed), and a check runs once wherever it runs: a section that needs a check
 * asks this thread, which sends the result, queues the asker behind the worker already
 * computing it, or tells the asker to compute it itself (and share it). So the sections and
 * the claims table are bit-identical for any worker count (test/report-pool.test.ts).
 *
 * Checks are queued before sections, the slowest first (SLOWEST_CHECKS), and sections in page
 * order, whose last, gd-steps, waits for the slowest check, G3. So one thread computes G3 while
 * the others do the rest. The order changes only the wall time, never a result.
 */
import { Worker } from "node:worker_threads";
import { tsWorkerBootstrap } from "../sim/parallel.ts";
import { NOTEBOOKS } from "../../notebooks/index.ts";
import { CLAIMS } from "../../theorems/index.ts";
import { checkOf, setCheckSource, type CheckContext } from "../../notebooks/checks.ts";
import type { CheckResult, Claim } from "../../theorems/types.ts";
import type { Section } from "./types.ts";

export interface ReportTask {
  kind: "check" | "section";
  id: string;
}

/** Wall seconds of one task on one thread (a section's time includes any check it computed itself). */
export interface TaskTiming extends ReportTask {
  seconds: number;
  /** 0: this thread; 1..n: worker threads. */
  worker: number;
}

export type ToWorker =
  | { type: "task"; task: ReportTask; ctx: CheckContext }
  /** The answer to "need": the result, or none (compute it and share it). */
  | { type: "check"; claim: string; result?: CheckResult<unknown> };

export type FromWorker =
  | { type: "need"; claim: string }
  | { type: "computed"; claim: string; result: CheckResult<unknown>; seconds: number }
  | { type: "progress"; fraction: number }
  | { type: "done"; section?: Section; seconds: number }
  | { type: "failed"; error: string };

export interface ReportRunOptions {
  ctx: CheckContext;
  /** Section ids, in page order. */
  sections: readonly string[];
  /** Claims whose checks run as tasks of their own (others run when a section needs them). */
  checks: readonly string[];
  workers: number;
  /** Tasks done (fractions of running sections included) out of the task count, and what runs. */
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface ReportRun {
  sections: Section[];
  timings: TaskTiming[];
}

export function claimById(id: string): Claim<unknown> {
  const claim = CLAIMS.find((c) => c.id === id);
  if (!claim) throw new RangeError(`no claim ${id}`);
  return claim;
}

export function notebookById(id: string): (typeof NOTEBOOKS)[number] {
  const nb = NOTEBOOKS.find((n) => n.id === id);
  if (!nb) throw new RangeError(`no report section ${id}`);
  return nb;
}

/** The slowest checks, slowest first, from `report --quick`'s timings on 2 cores (2026-11-29): G3 took 4/5 of the wall time. */
const SLOWEST_CHECKS = ["G3", "G5", "K5", "G2", "K4", "G4", "K3"];

function taskList(o: ReportRunOptions): ReportTask[] {
  const rank = (id: string) => (SLOWEST_CHECKS.includes(id) ? SLOWEST_CHECKS.indexOf(id) : SLOWEST_CHECKS.length);
  const checks = CLAIMS.filter((c) => o.checks.includes(c.id)).sort((a, b) => rank(a.id) - rank(b.id)); // stable: the rest in verify's order
  return [...checks.map((c) => ({ kind: "check" as const, id: c.id })), ...o.sections.map((id) => ({ kind: "section" as const, id }))];
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/**
 * Run the report's checks and sections. Afterwards `checkOf` in this thread serves every check
 * that ran (anywhere) from memory, so the claims table computes nothing twice.
 */
export async function runReport(o: ReportRunOptions): Promise<ReportRun> {
  return o.workers <= 1 ? runHere(o) : runOnWorkers(o);
}

async function runHere(o: ReportRunOptions): Promise<ReportRun> {
  const tasks = taskList(o);
  const timings: TaskTiming[] = [];
  setCheckSource(async (claim, ctx) => {
    const t0 = performance.now();
    const result = await claim.check({ quick: ctx.quick, seed: ctx.seed });
    timings.push({ kind: "check", id: claim.id, seconds: seconds(t0), worker: 0 });
    return result;
  });
  const sections: Section[] = [];
  for (const [i, task] of tasks.entries()) {
    o.onProgress?.(i, tasks.length, task.id);
    if (task.kind === "check") await checkOf(claimById(task.id), o.ctx);
    else {
      const t0 = performance.now();
      sections.push(await notebookById(task.id).build({ ...o.ctx, onProgress: (x) => o.onProgress?.(i + x, tasks.length, task.id) }));
      timings.push({ ...task, seconds: seconds(t0), worker: 0 });
    }
  }
  return { sections, timings };
}

interface Shared {
  result?: CheckResult<unknown>;
  /** Workers waiting for the result. */
  waiting: Worker[];
}

function runOnWorkers(o: ReportRunOptions): Promise<ReportRun> {
  const tasks = taskList(o);
  const code = tsWorkerBootstrap(new URL("./poolWorker.ts", import.meta.url).href);
  const shared = new Map<string, Shared>();
  const sections = new Map<string, Section>();
  const timings: TaskTiming[] = [];
  const workers: Worker[] = [];
  const running = new Map<Worker, { task: ReportTask; fraction: number }>();
  let next = 0, done = 0, settled = false;
  return new Promise<ReportRun>((resolve, reject) => {
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      void Promise.all(workers.map((w) => w.terminate())).then(() => {
        if (err) return reject(err);
        const known = new Map([...shared].map(([id, s]) => [id, s.result!]));
        setCheckSource((claim, ctx) => known.get(claim.id) ? Promise.resolve(known.get(claim.id)!) : claim.check({ quick: ctx.quick, seed: ctx.seed }));
        resolve({ sections: o.sections.map((id) => sections.get(id)!), timings });
      });
    };
    const progress = (label: string) => o.onProgress?.(done + [...running.values()].reduce((s, r) => s + r.fraction, 0), tasks.length, label);
    const dispatch = (w: Worker) => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        if (task.kind === "check") {
          if (shared.has(task.id)) { done++; continue; } // already asked for by a section
          shared.set(task.id, { waiting: [] });
        }
        running.set(w, { task, fraction: 0 });
        progress(task.id);
        w.postMessage({ type: "task", task, ctx: o.ctx } satisfies ToWorker);
        return;
      }
      if (running.size === 0) finish();
    };
    const onMessage = (w: Worker, index: number, m: FromWorker) => {
      const current = running.get(w);
      switch (m.type) {
        case "need": {
          const s = shared.get(m.claim);
          if (s?.result) w.postMessage({ type: "check", claim: m.claim, result: s.result } satisfies ToWorker);
          else if (s) s.waiting.push(w);
          else {
            shared.set(m.claim, { waiting: [] });
            w.postMessage({ type: "check", claim: m.claim } satisfies ToWorker);
          }
          return;
        }
        case "computed": {
          const s = shared.get(m.claim)!;
          s.result = m.result;
          for (const other of s.waiting) other.postMessage({ type: "check", claim: m.claim, result: m.result } satisfies ToWorker);
          s.waiting = [];
          timings.push({ kind: "check", id: m.claim, seconds: m.seconds, worker: index });
          return;
        }
        case "progress":
          if (current) current.fraction = m.fraction;
          progress(current?.task.id ?? "");
          return;
        case "done":
          if (!current) return;
          running.delete(w);
          done++;
          if (current.task.kind === "section") {
            sections.set(current.task.id, m.section!);
            timings.push({ ...current.task, seconds: m.seconds, worker: index });
          }
          dispatch(w);
          return;
        case "failed":
          finish(new Error(current ? `${current.task.kind} ${current.task.id}: ${m.error}` : m.error));
      }
    };
    const size = Math.min(o.workers, tasks.length);
    for (let i = 0; i < size; i++) {
      const w = new Worker(code, { eval: true, execArgv: [] });
      workers.push(w);
      w.on("message", (m: FromWorker) => onMessage(w, i + 1, m));
      w.on("error", (err) => finish(err));
      w.on("exit", (exit) => finish(new Error(`report worker exited (code ${exit})`)));
    }
    if (size === 0) finish();
    for (const w of workers) dispatch(w);
  });
}

/** "report: check G3 97.1 s (worker 2)", one line per task, slowest first. */
export function timingLines(timings: readonly TaskTiming[]): string[] {
  return [...timings].sort((a, b) => b.seconds - a.seconds).map((t) => `report: ${t.kind} ${t.id} ${t.seconds.toFixed(1)} s (${t.worker === 0 ? "main thread" : `worker ${t.worker}`})`);
}
