/**
 * One benchmark case in a fresh process (so its peak RSS is its own), driven by bench/run.ts:
 *   node --import tsx bench/case.ts '<json>'
 * kinds: "trials" times `trials` known-prompt trials on this thread, cold and in steady state;
 * "workers" times the same trials on a worker pool, with and without the pool's start-up.
 * Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { knownPromptTrial, type KnownPromptSimParams } from "../src/sim/knownPrompt.ts";
import { runTrialsParallel, TrialPool } from "../src/sim/parallel.ts";

interface Case {
  kind: "trials" | "workers";
  params: KnownPromptSimParams;
  trials: number;
  seed: number;
  warmup?: boolean;
  workers?: number;
}

/**
 * Peak RSS of this process in KiB: VmHWM from /proc (Linux). getrusage's maxrss is not used
 * because Linux carries it across exec, so a child would report at least its parent's RSS.
 */
function peakRssKiB(): number {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

const c = JSON.parse(process.argv[2]!) as Case;
const p = { ...c.params, theta: c.params.theta ?? Infinity }; // JSON has no Infinity
const baseRssKiB = Math.round(process.memoryUsage().rss / 1024);
let out: Record<string, number>;
if (c.kind === "trials") {
  const pass = () => {
    const t0 = performance.now();
    let sum = 0;
    for (let i = 0; i < c.trials; i++) sum += knownPromptTrial(p, c.seed, i).error;
    return { seconds: (performance.now() - t0) / 1000, meanError: sum / c.trials };
  };
  // cold: the first pass of a fresh process, JIT compilation included; then warm-up trials
  // outside the timed set for at least 0.5 s, and the same trials again in steady state
  const cold = pass();
  if (c.warmup === false) out = { ...cold, coldSeconds: cold.seconds };
  else {
    const t0 = performance.now();
    for (let i = 0; i < 200 && performance.now() - t0 < 500; i++) knownPromptTrial(p, c.seed, 1_000_000 + i);
    out = { ...pass(), coldSeconds: cold.seconds };
  }
} else {
  const workers = c.workers ?? 1;
  let t0 = performance.now();
  await runTrialsParallel("known-prompt", p, c.seed, c.trials, { workers });
  const cold = (performance.now() - t0) / 1000;
  // warm: workers started, modules loaded and JIT-compiled by a first run
  const pool = workers > 1 ? TrialPool.open(workers) : undefined;
  await runTrialsParallel("known-prompt", p, c.seed + 1, 2 * workers, pool ? { pool } : { workers: 1 });
  t0 = performance.now();
  await runTrialsParallel("known-prompt", p, c.seed, c.trials, pool ? { pool } : { workers: 1 });
  const warm = (performance.now() - t0) / 1000;
  await pool?.close();
  out = { seconds: warm, coldSeconds: cold };
}
console.log(JSON.stringify({ ...out, peakRssKiB: peakRssKiB(), baseRssKiB }));
