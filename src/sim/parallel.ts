/**
 * A pool of worker threads for Monte Carlo trials (`--workers`, default = cores).
 *
 * Trial i of a run is a pure function of (params, seed, i) — its generator is
 * Rng.derive(seed, label, i) —
 * and results are gathered by trial index, so a run's summary is bit-identical for any number
 * of workers and any chunking.
 *
 * Workers must load TypeScript. On Node 20 a Worker given a .ts entry fails ("Unknown file
 * extension") even with execArgv ["--import", "tsx"]: the entry is resolved before the loader
 * hooks are active in the new thread. So each worker starts from a one-line bootstrap that
 * registers tsx's hooks and then imports the entry; tsx is resolved from this file, so it works
 * from any working directory. The parent's execArgv (tsx's own --import) is not inherited: the
 * hooks would be registered twice, and start-up is about a quarter slower.
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { runTrials, type TrialOutput, type TrialParams, type TrialTask } from "./trialTasks.ts";
import type { ChunkReply, ChunkRequest } from "./trialWorker.ts";
import { summarizeKnownPrompt, type KnownPromptSim, type KnownPromptSimParams } from "./knownPrompt.ts";

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

const ENTRY = new URL("./trialWorker.ts", import.meta.url).href;

/** Code for `new Worker(code, { eval: true })` that registers tsx and imports the TypeScript module `entry` (a URL). */
export function tsWorkerBootstrap(entry: string): string {
  const tsx = import.meta.resolve("tsx/esm/api");
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

/** One worker with at most one chunk in flight. */
class Slot {
  private pending: { resolve: (r: unknown[]) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  readonly worker: Worker;

  constructor(code: string) {
    this.worker = new Worker(code, { eval: true, execArgv: [] });
    this.worker.on("message", (reply: ChunkReply) => {
      const p = this.pending;
      this.pending = undefined;
      if ("error" in reply) p?.reject(new Error(reply.error));
      else p?.resolve(reply.results);
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`trial worker exited (code ${code})`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }

  run(req: ChunkRequest): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(req);
    });
  }
}

export class TrialPool {
  private nextId = 0;
  private closed = false;

  private constructor(private readonly slots: Slot[]) {}

  /** Start `size` workers (they load in the background; work sent meanwhile is queued). */
  static open(size: number): TrialPool {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`TrialPool size must be an integer >= 1, got ${size}`);
    const code = tsWorkerBootstrap(ENTRY);
    return new TrialPool(Array.from({ length: size }, () => new Slot(code)));
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * Trials 0..trials−1 of `task`, in trial order. Chunks of consecutive trials (about four per
   * worker, for balance) go to whichever worker is free, and with `local` this thread runs
   * trials too; `onTrial` gets the count done so far.
   */
  async run<K extends TrialTask>(task: K, params: TrialParams<K>, seed: number, trials: number, onTrial?: (done: number) => void, local = false): Promise<TrialOutput<K>[]> {
    if (this.closed) throw new Error("TrialPool is closed");
    const results = new Array<TrialOutput<K>>(trials);
    const chunk = Math.max(1, Math.ceil(trials / (4 * (this.slots.length + (local ? 1 : 0)))));
    let next = 0;
    let done = 0;
    const drive = async (slot: Slot): Promise<void> => {
      while (next < trials) {
        const from = next;
        const to = Math.min(trials, from + chunk);
        next = to;
        const out = await slot.run({ id: this.nextId++, task, params, seed, from, to });
        for (let i = from; i < to; i++) results[i] = out[i - from] as TrialOutput<K>;
        done += to - from;
        onTrial?.(done);
      }
    };
    // this thread as one more worker, one trial at a time (so that a worker's finished chunk
    // waits at most one trial for its next): it starts at once, while the workers still load
    const here = async (): Promise<void> => {
      while (next < trials) {
        const i = next++;
        results[i] = runTrials(task, params, seed, i, i + 1)[0]!;
        onTrial?.(++done);
        await new Promise((resolve) => setImmediate(resolve)); // let the workers' replies in
      }
    };
    await Promise.all([...this.slots.map(drive), ...(local ? [here()] : [])]);
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

export interface ParallelOptions {
  /** Worker threads; 1 runs in this thread. Ignored when `pool` is given. */
  workers?: number;
  /** An open pool to reuse across runs (e.g. the points of a sweep). */
  pool?: TrialPool;
  onTrial?: (done: number) => void;
}

/** Trials of `task` on `workers` threads (or an open pool); 1 worker runs them here. */
export async function runTrialsParallel<K extends TrialTask>(task: K, params: TrialParams<K>, seed: number, trials: number, opts: ParallelOptions = {}): Promise<TrialOutput<K>[]> {
  if (opts.pool) return opts.pool.run(task, params, seed, trials, opts.onTrial);
  const workers = Math.min(opts.workers ?? defaultWorkers(), trials);
  if (workers <= 1) {
    const out: TrialOutput<K>[] = [];
    for (let i = 0; i < trials; i++) {
      out.push(...runTrials(task, params, seed, i, i + 1));
      opts.onTrial?.(i + 1);
    }
    return out;
  }
  // workers − 1 threads plus this one: no core waits for a thread to load
  const pool = TrialPool.open(workers - 1);
  try {
    return await pool.run(task, params, seed, trials, opts.onTrial, true);
  } finally {
    await pool.close();
  }
}

/** The known-prompt Monte Carlo (simulateKnownPrompt, K4 and K5) with its trials spread over worker threads. */
export async function simulateKnownPromptParallel(p: KnownPromptSimParams, trials: number, seed: number, opts: ParallelOptions = {}): Promise<KnownPromptSim> {
  return summarizeKnownPrompt(p, await runTrialsParallel("known-prompt", p, seed, trials, opts), seed);
}
