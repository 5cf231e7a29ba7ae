import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mergeSweepFiles, planSweep, runSweep, SweepConfigError, SweepFileError } from "../src/sweep/index.ts";
import { simulateKnownPrompt } from "../src/sim/knownPrompt.ts";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";
import { simulateGdSteps } from "../src/sim/gdSteps.ts";
import { predictedCosW1 } from "../src/theory/gdSteps.ts";
import { runExpressivity } from "../src/sim/expressivity.ts";

const dir = mkdtempSync(join(tmpdir(), "sweep-test-"));
const CONFIG = { experiment: "known-prompt", seed: 7, trials: 5, base: { d: 24, T: 8, rho: 0.2 }, grid: { n: [12, 48], theta: [0.5, 2, "inf"] } };
const read = (path: string) => readFileSync(path, "utf8");
const lines = (path: string) => read(path).trimEnd().split("\n").map((l) => JSON.parse(l));

test("the grid expands in config order (last axis fastest) with defaults and cross-field checks", () => {
  const plan = planSweep(CONFIG);
  assert.equal(plan.points.length, 6);
  assert.deepEqual(plan.points.map((p) => p.values), [
    { n: 12, theta: 0.5 }, { n: 12, theta: 2 }, { n: 12, theta: "inf" },
    { n: 48, theta: 0.5 }, { n: 48, theta: 2 }, { n: 48, theta: "inf" },
  ]);
  assert.deepEqual(plan.points[5]!.params, { d: 24, n: 48, T: 8, k: 2, c: 1, r: 1.5, rho: 0.2, sigma: 1, noise: "context-clean", lambda: 0, theta: Infinity, pool: "softmax" });
  assert.equal(planSweep(structuredClone(CONFIG)).hash, plan.hash);
  // the order written, not the schema's field order
  assert.deepEqual(planSweep({ ...CONFIG, grid: { theta: [1, 2], n: [12, 48] } }).points.map((p) => p.values), [{ theta: 1, n: 12 }, { theta: 1, n: 48 }, { theta: 2, n: 12 }, { theta: 2, n: 48 }]);
  assert.notEqual(planSweep({ ...CONFIG, seed: 8 }).hash, plan.hash);
  assert.equal((planSweep({ experiment: "known-prompt", base: { T: 10, zeta: 0.25 } }).points[0]!.params as { k: number }).k, 3);
  assert.equal(planSweep({ experiment: "expressivity", grid: { model: ["ssa"] } }).points[0]!.block.readout, "mean");
});

test("a malformed config fails with one line naming the field", () => {
  const cases: [unknown, RegExp][] = [
    [{ ...CONFIG, grid: { theta: [1, "x"] } }, /^grid\.theta\[1\] must be a number in \[0, 10000\] or 'inf', got "x"$/],
    [{ ...CONFIG, base: { d: 1.5 } }, /^base\.d must be an integer in \[2, 100000\], got 1\.5$/],
    [{ ...CONFIG, base: { thetaa: 1 } }, /^base\.thetaa: unknown field$/],
    [{ ...CONFIG, trials: 1 }, /^trials must be an integer in \[2, 1000000\], got 1$/],
    [{ ...CONFIG, grid: { n: [] } }, /^grid\.n must be a non-empty list/],
    [{ ...CONFIG, grid: { pool: ["softmax", "max"] } }, /^grid\.pool\[1\] must be one of softmax\|linear\|uniform, got "max"$/],
    [{ seed: 1 }, /^experiment: missing; must be one of known-prompt\|gd-steps\|expressivity$/],
    [{ ...CONFIG, base: { d: 24, n: 12 } }, /^grid\.n: also given in base/],
    [{ ...CONFIG, base: { d: 12, T: 8 }, grid: { n: [12] } }, /^point 0 \{"n":12\}: lambda must be > 0 when n equals d/],
    [{ ...CONFIG, base: { k: 2 }, grid: { T: [1, 4] } }, /^point 0 \{"T":1\}: k must be an integer in \[1, T=1\], got '2'$/],
    [{ ...CONFIG, base: { pool: "linear" }, grid: { theta: ["inf"] } }, /theta 'inf' is only defined for pool softmax/],
    // JSON.parse reads 1e400 as Infinity; the message says so instead of "got null"
    [JSON.parse('{"experiment":"known-prompt","base":{"sigma":1e400}}'), /^base\.sigma must be a number in \(0, 1000000\], got a number beyond the double range \(\|x\| > 1\.8e308, read as Infinity\)$/],
    [{ experiment: "gd-steps", base: { d: 3 } }, /^base\.d must be an integer in \[4, 100000\], got 3$/],
    [{ experiment: "gd-steps", base: { noise: "isotropic" } }, /^base\.noise: unknown field$/],
    [{ experiment: "expressivity", trials: 10 }, /^trials: unknown field$/],
    [{ experiment: "expressivity", base: { model: "lpa", readout: "first" } }, /readout applies only to model ssa, got model lpa$/],
    [{ experiment: "expressivity", base: { law: "B", sigma: 0.1 } }, /sigma is not defined for law B/],
  ];
  for (const [config, message] of cases) {
    assert.throws(() => planSweep(config), (err: Error) => err instanceof SweepConfigError && message.test(err.message) && !err.message.includes("\n"), `expected ${message}`);
  }
});

test("known-prompt lines hold K4's Monte Carlo (as simulateKnownPrompt) beside K2, and the isotropic one beside K5; shard-and-merge is the full sweep byte for byte", async () => {
  const plan = planSweep(CONFIG);
  const full = join(dir, "full.jsonl");
  const run = await runSweep(plan, { out: full, workers: 2 });
  assert.deepEqual([run.total, run.skipped, run.computed], [6, 0, 6]);
  const rows = lines(full);
  assert.deepEqual(rows.map((l) => l.index), [0, 1, 2, 3, 4, 5]);
  const p4 = plan.points[4]!.params as Parameters<typeof simulateKnownPrompt>[0];
  const direct = simulateKnownPrompt(p4, 5, 7);
  const th = knownPromptTheory(p4);
  assert.deepEqual(rows[4].measures, [{ name: "error", claim: "K2", mean: direct.error.mean, stderr: direct.error.stderr, trials: 5, prediction: th.error, predictionStderr: 0, z: (direct.error.mean - th.error) / direct.error.stderr }]);
  assert.deepEqual(rows[4].params, { d: 24, n: 48, T: 8, c: 1, r: 1.5, rho: 0.2, sigma: 1, noise: "context-clean", theta: 2, lambda: 0, pool: "softmax", k: 2 });
  assert.equal(rows[5].params.theta, "inf");

  const shards = [0, 1, 2, 3].map((i) => join(dir, `part-${i}.jsonl`));
  for (let i = 0; i < 4; i++) await runSweep(plan, { out: shards[i]!, shard: { i, N: 4 }, workers: 1 });
  assert.deepEqual(lines(shards[1]!).map((l) => l.index), [1, 5]);
  assert.equal(mergeSweepFiles([shards[3]!, shards[0]!, shards[2]!, shards[1]!]).text, read(full));
  assert.throws(() => mergeSweepFiles([shards[0]!, shards[1]!]), (e: Error) => e instanceof SweepFileError && e.message === "merge: 2 of 6 points missing (indices 2, 3; shards 2/4, 3/4); run or resume those shards first");
  assert.throws(() => mergeSweepFiles([shards[0]!, shards[1]!, shards[0]!, shards[2]!, shards[3]!]), /point 0 is in both .*part-0\.jsonl and .*part-0\.jsonl/);
  const other = join(dir, "other.jsonl");
  await runSweep(planSweep({ ...CONFIG, seed: 8 }), { out: other, shard: { i: 2, N: 4 }, workers: 1 });
  assert.throws(() => mergeSweepFiles([shards[0]!, other]), /another sweep/);
  await assert.rejects(runSweep(plan, { out: other, shard: { i: 2, N: 4 } }), /another sweep/);
  await assert.rejects(runSweep(plan, { out: shards[0]!, shard: { i: 1, N: 4 } }), /not in this shard/);

  const iso = planSweep({ experiment: "known-prompt", seed: 4, trials: 3, base: { d: 16, n: 40, T: 6, noise: "isotropic" } });
  const isoOut = join(dir, "iso.jsonl");
  await runSweep(iso, { out: isoOut, workers: 1 });
  const [isoLine] = lines(isoOut);
  const isoSim = simulateKnownPrompt(iso.points[0]!.params as Parameters<typeof simulateKnownPrompt>[0], 3, 4);
  assert.equal(isoLine.measures[0].claim, "K5");
  assert.equal(isoLine.measures[0].mean, isoSim.error.mean);
  assert.ok(isoLine.measures[0].predictionStderr > 0, "K5's integration error enters the z-score");
});

test("gd-steps lines hold the three-step Monte Carlo beside G1–G3; expressivity lines the accuracy interval beside the blind-cell bound", async () => {
  const gd = planSweep({ experiment: "gd-steps", seed: 5, trials: 3, base: { d: 20, n: 100, T: 8 } });
  const gdOut = join(dir, "gd.jsonl");
  await runSweep(gd, { out: gdOut });
  const [g] = lines(gdOut);
  const p = gd.points[0]!.params as Parameters<typeof predictedCosW1>[0];
  const sim = simulateGdSteps({ ...p, debias: false }, 3, 5);
  assert.deepEqual(g.measures.map((m: { name: string; claim: string }) => `${m.name}:${m.claim}`), ["cosW1:G1", "cosQ1:G2", "attentionMass:G3", "testError:G3"]);
  assert.equal(g.measures[0].mean, sim.cosW1.mean);
  assert.equal(g.measures[0].prediction, predictedCosW1(p));
  assert.equal(g.measures[3].mean, sim.testError.mean);

  const ex = planSweep({ experiment: "expressivity", seed: 2, base: { law: "GT", n: 60, nTest: 80, steps: 20 }, grid: { model: ["spa", "lpa"] } });
  const exOut = join(dir, "ex.jsonl");
  await runSweep(ex, { out: exOut });
  const [spa, lpa] = lines(exOut);
  const direct = runExpressivity({ law: "GT", model: "lpa", seed: 2, recipe: { n: 60, nTest: 80, steps: 20 } });
  assert.deepEqual({ ...lpa.measures[0] }, { name: "accuracy", claim: "E2", mean: direct.accuracy.mean, low: direct.accuracy.low, high: direct.accuracy.high, level: 0.95, successes: direct.accuracy.successes, trials: 80, prediction: 0.5, relation: "<=", consistent: direct.accuracy.low <= 0.5 });
  assert.equal(spa.measures[0].prediction, null, "E4 predicts nothing for SPA on GT beyond its own check");
});
