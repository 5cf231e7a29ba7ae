/**
 * Benchmark of the known-prompt Monte Carlo (`npm run bench`; writes bench/results.json).
 *
 *   npm run bench [-- --reps 3] [--only table,sampler,k5,kernels,memory,workers] [--quick]
 *
 * table    TypeScript (1 thread) against the NumPy reference bench/known_prompt.py (the same
 *          algorithm; BLAS on 1 thread), d ∈ {50,100,200,400}, T = 16, n/d ∈ {0.5, 2}, 20
 *          trials: best-of-reps time,
 *          ratio, peak RSS and effective GFLOP/s. Each run is a fresh process; TypeScript and
 *          NumPy runs alternate so that a busy machine slows both alike. TypeScript is timed in
 *          steady state (after ≥ 0.5 s of warm-up trials) and cold (the process's first 20
 *          trials, JIT compilation included); NumPy after one warm-up trial.
 * kernels  each tuned kernel against its naive reference (bench/naive.ts).
 *          NumPy runs with its native OpenBLAS kernel: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
 *          which pin an older kernel on some machines, are removed from that child's environment
 *          only (never in tests or CI), and the kernel that ran is recorded.
 * sampler  Rng.fillNormal (ziggurat) draws per second.
 * k5       K5 theory per point (lattice rule given), the rule's construction, optimal-theta.
 * memory   peak RSS against T (d = 100, n = 200, one trial): O(n·d) here, O(n·T·d) for NumPy.
 * workers  whole-process wall time of `simulate known-prompt --trials 200 --d 200 --n 400`
 *          with 1 worker and with all cores.
 *
 * Flop model of one trial (multiply and add counted separately; normal draws are not flops):
 * sampling 6·n·T·d (projection on u⊥ and mean shift), attention and pooling 4·n·T·d, Gram
 * n·d² (primal, upper triangle) or n²·d (dual), Cholesky m³/3 with m = min(n, d).
 */
import { spawnSync } from "node:child_process";
import { Worker } from "node:worker_threads";
import { cpus, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { benchKernels, type KernelRow } from "./kernels.ts";
import type { KnownPromptSimParams } from "../src/sim/knownPrompt.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes("--quick");
const reps = Number(flag("--reps") ?? (quick ? 1 : 3));
const only = new Set((flag("--only") ?? "table,sampler,k5,kernels,memory,workers").split(","));

const LAW = { T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, noise: "context-clean" as const, lambda: 0, theta: 2, pool: "softmax" as const };
const SEED = 1;
const TRIALS = 20;

function flops(d: number, n: number, T: number): number {
  const m = Math.min(n, d);
  return 10 * n * T * d + (n >= d ? n * d * d : n * n * d) + (m * m * m) / 3;
}

interface CaseResult {
  seconds: number;
  peakRssKiB: number;
  baseRssKiB?: number;
  coldSeconds?: number;
  /** NumPy only: seconds per phase (sample, attention, ridge, error). */
  phases?: Record<string, number>;
}

function runChild(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}): CaseResult {
  const r = spawnSync(cmd, argv, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!);
}

const tsx = import.meta.resolve("tsx");
const tsCase = (c: object) => runChild(process.execPath, ["--import", tsx, `${here}case.ts`, JSON.stringify(c)]);
const ONE_THREAD = { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
/** NumPy's environment: one BLAS thread, and no variables forcing an OpenBLAS kernel (this child only). */
function numpyEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ONE_THREAD };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
const pyCase = (p: KnownPromptSimParams, trials: number) => {
  const r = spawnSync("python3", [`${here}known_prompt.py`, JSON.stringify({ ...p, trials, seed: SEED })], { encoding: "utf8", env: numpyEnv(), maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`known_prompt.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as CaseResult & { blas?: Record<string, string> };
};

function numpyVersion(): string | undefined {
  const r = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const fmt = (x: number, digits = 3) => (Number.isInteger(x) || x >= 100 ? x.toFixed(0) : x.toPrecision(digits));
function table(headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => "| " + r.map((c, i) => c.padStart(widths[i]!)).join(" | ") + " |";
  console.log(line(headers));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const r of cells) console.log(line(r));
  console.log();
}

/** Write bench/results.json with what is measured so far (after every section, so an interrupted run keeps its sections). */
function save(): void {
  (results.machine as Record<string, unknown>).loadavgEnd = loadavg();
  writeFileSync(`${here}results.json`, JSON.stringify(results, null, 2) + "\n");
}

const numpy = numpyVersion();
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, numpy: numpy ?? null, loadavgStart: loadavg(), envOpenblasCoretype: process.env.OPENBLAS_CORETYPE ?? null, envOpenblasL2Size: process.env.OPENBLAS_L2_SIZE ?? null },
  settings: { reps, trials: TRIALS, seed: SEED, law: LAW, numpyThreads: 1, tsThreads: 1 },
};
console.log(`bench: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}, numpy ${numpy ?? "absent (NumPy columns skipped)"}, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}, best of ${reps}\n`);

if (only.has("table")) {
  const rows = [];
  for (const d of [50, 100, 200, 400]) {
    for (const ratio of [0.5, 2]) {
      const n = ratio * d;
      const p: KnownPromptSimParams = { ...LAW, d, n };
      let ts: CaseResult | undefined, py: CaseResult | undefined;
      for (let r = 0; r < reps; r++) {
        const t = tsCase({ kind: "trials", params: p, trials: TRIALS, seed: SEED });
        if (!ts || t.seconds < ts.seconds) ts = t;
        if (numpy) {
          const q = pyCase(p, TRIALS);
          if (!py || q.seconds < py.seconds) py = q;
        }
      }
      const f = flops(d, n, LAW.T) * TRIALS;
      if (py && "blas" in py) results.numpyBlas = py.blas;
      rows.push({ d, n, T: LAW.T, trials: TRIALS, loadavg1: loadavg()[0]!, tsSeconds: ts!.seconds, tsColdSeconds: ts!.coldSeconds!, numpySeconds: py?.seconds ?? null, ratio: py ? ts!.seconds / py.seconds : null, tsPeakRssMiB: ts!.peakRssKiB / 1024, tsBaseRssMiB: ts!.baseRssKiB! / 1024, numpyPeakRssMiB: py ? py.peakRssKiB / 1024 : null, tsGflops: f / ts!.seconds / 1e9, numpyGflops: py ? f / py.seconds / 1e9 : null, tsMnormalsPerSecond: (n * LAW.T * d * TRIALS) / ts!.seconds / 1e6, numpyPhases: py?.phases ?? null });
    }
  }
  results.table = rows;
  console.log(`NumPy's OpenBLAS kernel: ${JSON.stringify(results.numpyBlas ?? null)} (OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for that child; here they were ${process.env.OPENBLAS_CORETYPE ?? "unset"}/${process.env.OPENBLAS_L2_SIZE ?? "unset"})`);
  console.log(`known-prompt Monte Carlo, ${TRIALS} trials, T = ${LAW.T}: seconds (best of ${reps}; TS in steady state, and cold), TS/NumPy ratio, peak RSS (MiB; TS baseline after imports in parentheses), effective GFLOP/s`);
  table(["d", "n", "TS s", "NumPy s", "TS/NumPy", "TS cold s", "TS RSS", "NumPy RSS", "TS GF/s", "NumPy GF/s", "TS Mnormal/s", "load"], rows.map((r) => [r.d, r.n, r.tsSeconds, r.numpySeconds ?? "-", r.ratio ?? "-", r.tsColdSeconds, `${fmt(r.tsPeakRssMiB)} (${fmt(r.tsBaseRssMiB)})`, r.numpyPeakRssMiB ?? "-", r.tsGflops, r.numpyGflops ?? "-", r.tsMnormalsPerSecond, r.loadavg1.toFixed(1)]));
  console.log("TS Mnormal/s is the trial's normal draws over its whole time (Gram, Cholesky, pooling included), not the sampler's speed (see the sampler line). The machine may be shared: the load column is the 1-minute load average after each row; TS and NumPy runs alternate, so a busy machine slows both alike and the ratio is roughly load-robust.\n");
}

save();

if (only.has("sampler")) {
  let best: CaseResult | undefined;
  for (let r = 0; r < reps; r++) {
    const c = tsCase({ kind: "normals", params: { ...LAW, d: 2, n: 2 }, trials: 0, seed: SEED });
    if (!best || c.seconds < best.seconds) best = c;
  }
  results.sampler = best;
  console.log(`normal sampler (ziggurat, Rng.fillNormal): ${fmt((best as unknown as { mNormalsPerSecond: number }).mNormalsPerSecond)} M draws/s (best of ${reps} processes × 8 runs of 2^22 draws)\n`);
}

save();

if (only.has("k5")) {
  let best: (CaseResult & Record<string, number>) | undefined;
  for (let r = 0; r < reps; r++) {
    const c = tsCase({ kind: "k5", params: { ...LAW, d: 2, n: 2 }, trials: 0, seed: SEED }) as CaseResult & Record<string, number>;
    if (!best || c.seconds < best.seconds) best = c;
  }
  results.k5 = best;
  const b = best!;
  console.log(`K5 theory (T = 16, lattice rule of ${b.points} points): ${fmt(b.perPointMs)} ms per point (rule given; largest stated stderr ${b.maxStderr!.toExponential(2)} over θ = 0.25..3), rule ${fmt(b.ruleMs)} ms; optimal-theta ${fmt(b.optimalThetaSeconds)} s including its rule (${b.evaluations} evaluations, θ* = ${fmt(b.thetaStar)}, error ${fmt(b.errorStar, 4)} ± ${b.stderrStar!.toExponential(1)})\n`);
}

save();

if (only.has("kernels")) {
  const rows: KernelRow[] = [];
  for (const d of [50, 100, 200, 400]) for (const ratio of [0.5, 2]) rows.push(...benchKernels(d, ratio * d, LAW.T, Math.max(3, reps)));
  results.kernels = rows;
  console.log("kernels for one trial: naive reference vs tuned (ms, best of repeats), speed-up, tuned GFLOP/s, max relative difference");
  table(["kernel", "d", "n", "naive ms", "tuned ms", "speed-up", "GF/s", "rel. diff"], rows.map((r) => [r.kernel, r.d, r.n, r.naiveMs, r.tunedMs, r.speedup, r.tunedGflops || "-", r.maxRelDiff === 0 ? "0" : r.maxRelDiff.toExponential(1)]));
}

save();

if (only.has("memory")) {
  const rows = [];
  for (const T of quick ? [16, 256] : [16, 64, 256, 1024, 4096]) {
    const p: KnownPromptSimParams = { ...LAW, d: 100, n: 200, T };
    const ts = tsCase({ kind: "trials", params: p, trials: 1, seed: SEED, warmup: false });
    // NumPy holds all n·T·d tokens at once: 6.6 GB at T = 4096 would not fit, so stop at 1024
    const py = numpy && T <= 1024 ? pyCase(p, 1) : undefined;
    rows.push({ d: 100, n: 200, T, tsPeakRssMiB: ts.peakRssKiB / 1024, tsBaseRssMiB: ts.baseRssKiB! / 1024, numpyPeakRssMiB: py ? py.peakRssKiB / 1024 : null, tokensMiB: (200 * T * 100 * 8) / 2 ** 20 });
  }
  results.memory = rows;
  console.log("peak RSS (MiB) against T at d = 100, n = 200, one trial; n·T·d·8 bytes is the size of all tokens at once");
  table(["T", "TS peak", "TS baseline", "TS peak − baseline", "NumPy peak", "all tokens"], rows.map((r) => [r.T, r.tsPeakRssMiB, r.tsBaseRssMiB, r.tsPeakRssMiB - r.tsBaseRssMiB, r.numpyPeakRssMiB ?? "-", r.tokensMiB]));
}

save();

/**
 * What parallelism the machine offers right now (other processes share it): k threads each run
 * the same fixed busy loop; the result is k·t(1)/t(k), k on an idle machine with k free cores.
 */
async function parallelismProbe(k: number): Promise<number> {
  const code = `const { parentPort } = require("node:worker_threads"); let s = 0; for (let i = 0; i < 1e8; i++) s += Math.sqrt(i); parentPort.postMessage(s);`;
  const run = async (threads: number) => {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: threads }, () => new Promise<void>((resolve) => {
      const w = new Worker(code, { eval: true });
      w.once("message", () => void w.terminate().then(() => resolve()));
    })));
    return performance.now() - t0;
  };
  return (k * (await run(1))) / (await run(k));
}

if (only.has("workers")) {
  // the whole process, as a user runs it: start-up, worker pool, 200 trials, summary
  const argv = ["--import", tsx, `${here}../src/cli.ts`, "simulate", "known-prompt", "--d", "200", "--n", "400", "--trials", "200", "--json", "--workers"];
  const wall = (workers: number) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [...argv, String(workers)], { encoding: "utf8", maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`simulate --workers ${workers} failed: ${r.stderr}`);
    return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
  };
  const probeBefore = await parallelismProbe(cpus().length);
  const rows: { workers: number; seconds: number }[] = [];
  let reference: string | undefined;
  for (const workers of [1, cpus().length]) {
    let best = Infinity;
    for (let r = 0; r < reps; r++) {
      const { seconds, stdout } = wall(workers);
      reference ??= stdout;
      if (stdout !== reference) throw new Error(`--workers ${workers} printed different numbers`);
      best = Math.min(best, seconds);
    }
    rows.push({ workers, seconds: best });
  }
  const probeAfter = await parallelismProbe(cpus().length);
  results.workers = rows.map((r) => ({ ...r, speedup: rows[0]!.seconds / r.seconds }));
  results.parallelismProbe = { threads: cpus().length, before: probeBefore, after: probeAfter };
  console.log(`whole process: simulate known-prompt --d 200 --n 400 --trials 200 (output bit-identical for every worker count)`);
  console.log(`available parallelism measured by ${cpus().length} busy threads: ${probeBefore.toFixed(2)} before, ${probeAfter.toFixed(2)} after (${cpus().length} on an idle machine)`);
  table(["workers", "wall s", "speed-up"], rows.map((r) => [r.workers, r.seconds, rows[0]!.seconds / r.seconds]));
}

save();
console.log(`load at end ${loadavg().map((x) => x.toFixed(2)).join(" ")}; wrote bench/results.json`);
