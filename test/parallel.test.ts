import { test } from "node:test";
import assert from "node:assert/strict";
import { runTrialsParallel, simulateKnownPromptParallel, TrialPool } from "../src/sim/parallel.ts";
import { simulateKnownPrompt, type KnownPromptSimParams } from "../src/sim/knownPrompt.ts";
import { cli } from "./cliHarness.ts";

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
    const isotropic = { ...POINTS[0]!, noise: "isotropic" as const };
    await assert.rejects(pool.run("known-prompt", isotropic, 1, 4), /only noise = context-clean/);
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
