/**
 * Kernel microbenchmarks: each tuned kernel in src/ against its naive reference (bench/naive.ts)
 * on the shapes one known-prompt trial uses, checking that both compute the same thing.
 */
import { Rng } from "../src/random/rng.ts";
import { makeLawG, sampleG } from "../src/data/lawG.ts";
import { attentionWeights, pooled } from "../src/models/promptAttention.ts";
import { gram, gramT } from "../src/linalg/kernels.ts";
import { cholesky } from "../src/linalg/cholesky.ts";
import * as naive from "./naive.ts";

export interface KernelRow {
  kernel: string;
  d: number;
  n: number;
  /** Best of the repeats, milliseconds, for the work of one trial. */
  naiveMs: number;
  tunedMs: number;
  speedup: number;
  /** Arithmetic of the kernel (see the flop model in run.ts) over the tuned time; 0 for samplers. */
  tunedGflops: number;
  /** Largest |tuned − naive| relative to the largest |naive| entry (0: bit-identical). */
  maxRelDiff: number;
}

/** Best time of at least `reps` runs, repeated until 100 ms have passed (small kernels need many runs to be JIT-compiled). */
function best(reps: number, f: () => void): number {
  let t = Infinity;
  const start = performance.now();
  for (let r = 0; r < 10000 && (r < reps || performance.now() - start < 100); r++) {
    const t0 = performance.now();
    f();
    t = Math.min(t, performance.now() - t0);
  }
  return t;
}

function relDiff(a: Float64Array, b: Float64Array): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale > 0 ? diff / scale : diff;
}

/** Each kernel at one size (T tokens, n samples, d dimensions), for the work of one trial. */
export function benchKernels(d: number, n: number, T: number, reps: number): KernelRow[] {
  const law = makeLawG({ d, T, k: 2, c: 1, r: 1.5, rho: 0.2, sigma: 1, noise: "context-clean" }, new Rng(1));
  const q = law.u.map((x) => 2 * x);
  const rows: KernelRow[] = [];
  const add = (kernel: string, flops: number, naiveRun: () => Float64Array, tunedRun: () => Float64Array) => {
    const a = tunedRun(), b = naiveRun(); // also warms both up
    const naiveMs = best(reps, naiveRun), tunedMs = best(reps, tunedRun);
    rows.push({ kernel, d, n, naiveMs, tunedMs, speedup: naiveMs / tunedMs, tunedGflops: flops / tunedMs / 1e6, maxRelDiff: relDiff(a, b) });
  };

  const X = new Float64Array(T * d);
  const normals = new Float64Array(n * T * d);
  add("normals (n·T·d draws)", 0, () => naive.fillNormal(new Rng(2), normals, 1).slice(0, 64), () => new Rng(2).fillNormal(normals, 1).slice(0, 64));
  add("sample law G (n inputs)", 6 * n * T * d, () => {
    const rng = new Rng(3);
    for (let i = 0; i < n; i++) naive.sampleG(law, rng, X);
    return X.slice();
  }, () => {
    const rng = new Rng(3);
    for (let i = 0; i < n; i++) sampleG(law, rng, X);
    return X.slice();
  });
  sampleG(law, new Rng(4), X);
  const s = new Float64Array(T), row = new Float64Array(d);
  add("softmax attention + pooling (n inputs)", 4 * n * T * d, () => {
    for (let i = 0; i < n; i++) naive.softmaxPool(X, T, d, q, s, row);
    return row.slice();
  }, () => {
    for (let i = 0; i < n; i++) pooled(X, T, d, attentionWeights("softmax", X, T, d, q, s), row);
    return row.slice();
  });
  const F = new Rng(5).fillNormal(new Float64Array(n * d));
  if (n >= d) add("Gram FᵀF (primal, d×d)", n * d * d, () => naive.gramT(F, n, d), () => gramT(F, n, d));
  else add("Gram FFᵀ (dual, n×n)", n * n * d, () => naive.gram(F, n, d), () => gram(F, n, d));
  const m = Math.min(n, d);
  const A = n >= d ? gramT(F, n, d) : gram(F, n, d);
  for (let i = 0; i < m; i++) A[i * m + i] += 1;
  add(`Cholesky (${m}×${m})`, (m * m * m) / 3, () => naive.cholesky(A, m), () => cholesky(A, m).L);
  return rows;
}
