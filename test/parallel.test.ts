import { test } from "node:test";
import assert from "node:assert/strict";
import { runTrialsParallel, simulateKnownPromptParallel, TrialPool } from "../src/sim/parallel.ts";
import { simulateKnownPrompt, type KnownPromptSimParams } from "../src/sim/knownPrompt.ts";
import { cli } from "./cliHarness.ts";
import { Rng } from "../src/random/rng.ts";
import { makeLawG, sampleG } from "../src/data/lawG.ts";
import { gemvT, gramT } from "../src/linalg/kernels.ts";
import { cholesky } from "../src/linalg/cholesky.ts";
import * as naive from "../bench/naive.ts";

const base = { T: 8, k: 2, c: 1, r: 1.5, rho: 0.2, sigma: 1, noise: "context-clean" as const };
/** Primal and dual ridge, λ = 0 and > 0, every pooling rule, hardmax (θ = ∞ must survive the message passing). */
const POINTS: KnownPromptSimParams[] = [
  { ...base, d: 24, n: 60, lambda: 0, theta: 2, pool: "softmax" },
  { ...base, d: 24, n: 12, lambda: 0, theta: Infinity, pool: "softmax" },
  { ...base, d: 20, n: 30, lambda: 0.5, theta: 1, pool: "linear" },
  { ...base, d: 20, n: 10, lambda: 2, theta: 0, pool: "uniform" },
];

test("1, 2 and 3 workers give bit-identical trials and summaries, equal to the sequential run", async () => {
  const pool = TrialPool.open(2);
  try {
    for (const p of POINTS) {
      const trials = 11; // not a multiple of the chunking, so chunks are uneven
      const one = await runTrialsParallel("known-prompt", p, 5, trials, { workers: 1 });
      const two = await runTrialsParallel("known-prompt", p, 5, trials, { pool });
      const three = await runTrialsParallel("known-prompt", p, 5, trials, { workers: 3 });
      assert.deepEqual(two, one);
      assert.deepEqual(three, one);
      const sequential = simulateKnownPrompt(p, trials, 5);
      assert.deepEqual(await simulateKnownPromptParallel(p, trials, 5, { pool }), sequential);
      assert.deepEqual(await simulateKnownPromptParallel(p, trials, 5, { workers: 1 }), sequential);
      // the comparison has teeth: another seed changes every trial
      const other = await runTrialsParallel("known-prompt", p, 6, trials, { pool });
      assert.ok(other.every((r, i) => r.error !== one[i]!.error));
    }
  } finally {
    await pool.close();
  }
});

test("progress counts every trial once; a trial's error in a worker rejects the run with its message", async () => {
  const pool = TrialPool.open(2);
  try {
    const seen: number[] = [];
    await pool.run("known-prompt", POINTS[0]!, 1, 9, (done) => seen.push(done));
    assert.equal(seen.at(-1), 9);
    assert.ok(seen.every((v, i) => i === 0 || v > seen[i - 1]!));
    await assert.rejects(pool.run("known-prompt", { ...POINTS[0]!, d: 1 }, 1, 4), /d must be >= 2/);
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.run("known-prompt", POINTS[0]!, 1, 4), /closed/);
});

test("CLI: simulate known-prompt --workers 1 and --workers 2 print the same JSON; --workers 0 exits 2", () => {
  const args = ["simulate", "known-prompt", "--d", "30", "--n", "60", "--T", "8", "--trials", "9", "--seed", "4", "--json"];
  const one = cli([...args, "--workers", "1"]);
  const two = cli([...args, "--workers", "2"]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  assert.equal(two.stdout, one.stdout);
  assert.equal(JSON.parse(one.stdout).trials, 9);
  const bad = cli([...args, "--workers", "0"]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /^error: .*--workers must be an integer in \[1, 256\], got '0'\n$/);
});

test("the tuned kernels keep every trial's numbers: same normal stream, same sums in the same order", () => {
  for (let seed = 0; seed < 20; seed++) {
    const a = new Rng(seed, 1), b = new Rng(seed, 1);
    for (const len of [0, 1, 2, 5, 64, 1, 3]) {
      assert.deepEqual(a.fillNormal(new Float64Array(len), 1.7), naive.fillNormal(b, new Float64Array(len), 1.7));
      assert.equal(a.uniform(), b.uniform()); // the generators stay in step
    }
  }
  const rng = new Rng(9);
  for (const [m, n] of [[7, 5], [33, 18], [16, 40]] as const) {
    const A = rng.fillNormal(new Float64Array(m * n));
    assert.deepEqual(gramT(A, m, n), naive.gramT(A, m, n)); // row outer products summed in row order
    const x = rng.fillNormal(new Float64Array(m)).map((v, i) => (i % 3 === 1 ? 0 : v));
    const rows = new Float64Array(n);
    for (let i = 0; i < m; i++) if (x[i] !== 0) for (let j = 0; j < n; j++) rows[j] += x[i]! * A[i * n + j]!;
    assert.deepEqual(gemvT(A, m, n, x), rows); // one axpy per nonzero row, in order
    const S = gramT(A, m, n);
    for (let i = 0; i < n; i++) S[i * n + i] += 1;
    assert.deepEqual(cholesky(S, n).L, naive.cholesky(S, n));
  }
  // law G: the fused row pass matches per-entry draws and one axpy per term up to the
  // rounding of the projection's dot product (naive sums it in one accumulator, not four)
  for (const noise of ["context-clean", "isotropic"] as const) {
    const law = makeLawG({ d: 37, T: 9, k: 3, c: 1.3, r: 1.5, rho: 0.4, sigma: 0.8, noise }, new Rng(3));
    const X = new Float64Array(9 * 37), Y = new Float64Array(9 * 37);
    const ra = new Rng(4), rb = new Rng(4);
    for (let rep = 0; rep < 5; rep++) {
      assert.equal(sampleG(law, ra, X).y, naive.sampleG(law, rb, Y));
      for (let i = 0; i < X.length; i++) assert.ok(Math.abs(X[i]! - Y[i]!) <= 1e-14 * (1 + Math.abs(Y[i]!)));
      if (noise === "isotropic") assert.deepEqual(X, Y); // no projection: bit-identical
    }
  }
});
