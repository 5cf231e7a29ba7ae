import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mergeSweepFiles, planSweep, runSweep, SweepConfigError, SweepFileError } from "../src/sim/sweep.ts";
import { simulateKnownPrompt } from "../src/sim/knownPrompt.ts";
import { cli } from "./cliHarness.ts";

const dir = mkdtempSync(join(tmpdir(), "sweep-test-"));
const CONFIG = { experiment: "known-prompt", seed: 7, trials: 5, base: { d: 24, T: 8, rho: 0.2 }, grid: { n: [12, 48], theta: [0.5, 2, "inf"] } };
const read = (path: string) => readFileSync(path, "utf8");

test("the grid expands in config order (last axis fastest) with defaults and cross-field checks", () => {
  const plan = planSweep(CONFIG);
  assert.equal(plan.points.length, 6);
  assert.deepEqual(plan.points.map((p) => p.values), [
    { n: 12, theta: 0.5 }, { n: 12, theta: 2 }, { n: 12, theta: "inf" },
    { n: 48, theta: 0.5 }, { n: 48, theta: 2 }, { n: 48, theta: "inf" },
  ]);
  const p5 = plan.points[5]!.params;
  assert.deepEqual(p5, { d: 24, n: 48, T: 8, k: 2, c: 1, r: 1.5, rho: 0.2, sigma: 1, noise: "context-clean", lambda: 0, theta: Infinity, pool: "softmax" });
  assert.equal(planSweep(structuredClone(CONFIG)).hash, plan.hash);
  assert.notEqual(planSweep({ ...CONFIG, seed: 8 }).hash, plan.hash);
  assert.equal(planSweep({ experiment: "known-prompt", base: { T: 10, zeta: 0.25 } }).points[0]!.params.k, 3);
});

test("a malformed config fails with one line naming the field", () => {
  const cases: [unknown, RegExp][] = [
    [{ ...CONFIG, grid: { theta: [1, "x"] } }, /^grid\.theta\[1\] must be a number in \[0, 10000\] or 'inf', got "x"$/],
    [{ ...CONFIG, base: { d: 1.5 } }, /^base\.d must be an integer in \[2, 100000\], got 1\.5$/],
    [{ ...CONFIG, base: { thetaa: 1 } }, /^base\.thetaa: unknown field$/],
    [{ ...CONFIG, trials: 1 }, /^trials must be an integer in \[2, 1000000\], got 1$/],
    [{ ...CONFIG, grid: { n: [] } }, /^grid\.n must be a non-empty list/],
    [{ ...CONFIG, grid: { pool: ["softmax", "max"] } }, /^grid\.pool\[1\] must be one of softmax\|linear\|uniform, got "max"$/],
    [{ seed: 1 }, /^experiment: missing; must be 'known-prompt'$/],
    [{ ...CONFIG, base: { d: 24, n: 12 } }, /^grid\.n: also given in base/],
    [{ ...CONFIG, base: { d: 12, T: 8 }, grid: { n: [12] } }, /^point 0 \{"n":12\}: lambda must be > 0 when n equals d/],
    [{ ...CONFIG, base: { k: 2 }, grid: { T: [1, 4] } }, /^point 0 \{"T":1\}: k must be an integer in \[1, T=1\], got 2$/],
    [{ ...CONFIG, base: { pool: "linear" }, grid: { theta: ["inf"] } }, /theta 'inf' is only defined for pool softmax/],
  ];
  for (const [config, message] of cases) {
    assert.throws(() => planSweep(config), (err: Error) => err instanceof SweepConfigError && message.test(err.message) && !err.message.includes("\n"), `expected ${message}`);
  }
});

test("CLI: a malformed config exits 2 with one line naming the field and writes nothing", () => {
  const path = join(dir, "bad.json");
  writeFileSync(path, JSON.stringify({ ...CONFIG, grid: { sigma: [1, -1] } }));
  const r = cli(["sweep", path]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, `error: config '${path}': grid.sigma[1] must be a number in (0, 1000000], got -1\n`);
  assert.equal(existsSync(join(dir, "bad.jsonl")), false);
  writeFileSync(path, "{ not json");
  const j = cli(["sweep", path]);
  assert.equal(j.status, 2);
  assert.match(j.stderr, /^error: config '.*bad\.json' is not valid JSON: [^\n]*\n$/);
});

test("each line holds the point's Monte Carlo (as simulateKnownPrompt) and its theory; shard-and-merge equals the full sweep", async () => {
  const plan = planSweep(CONFIG);
  const full = join(dir, "full.jsonl");
  const run = await runSweep(plan, { out: full, workers: 2 });
  assert.deepEqual([run.total, run.skipped, run.computed], [6, 0, 6]);
  const lines = read(full).trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.index), [0, 1, 2, 3, 4, 5]);
  const direct = simulateKnownPrompt(plan.points[4]!.params, 5, 7);
  assert.deepEqual(lines[4].error, direct.error);
  assert.ok(lines.every((l) => l.theory.error > 0 && l.theory.error < 0.5 && l.sweep === plan.hash));

  const shards = [0, 1, 2, 3].map((i) => join(dir, `part-${i}.jsonl`));
  for (let i = 0; i < 4; i++) await runSweep(plan, { out: shards[i]!, shard: { i, N: 4 }, workers: 1 });
  assert.deepEqual(read(shards[1]!).trimEnd().split("\n").map((l) => JSON.parse(l).index), [1, 5]);
  // shards given in any order, one of them twice: the merge is the full sweep, byte for byte
  assert.equal(mergeSweepFiles([shards[3]!, shards[0]!, shards[2]!, shards[1]!, shards[0]!]).text, read(full));
  assert.throws(() => mergeSweepFiles([shards[0]!, shards[1]!]), (e: Error) => e instanceof SweepFileError && /2 of 6 points missing \(indices 2, 3\)/.test(e.message));
  const other = join(dir, "other.jsonl");
  await runSweep(planSweep({ ...CONFIG, seed: 8 }), { out: other, shard: { i: 2, N: 4 }, workers: 1 });
  assert.throws(() => mergeSweepFiles([shards[0]!, other]), /another sweep/);
  // resuming into a file of another sweep or another shard is refused, not mixed
  await assert.rejects(runSweep(plan, { out: other, shard: { i: 2, N: 4 } }), /another sweep/);
  await assert.rejects(runSweep(plan, { out: shards[0]!, shard: { i: 1, N: 4 } }), /not in this shard/);
});

/** Spawn a sweep, SIGKILL it once its first line is on disk, and return the lines written by then. */
async function killMidSweep(config: string, out: string): Promise<number> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(root, "src/cli.ts"), "sweep", config, "--out", out, "--workers", "1"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (;;) {
    await new Promise((r) => setTimeout(r, 10));
    if (existsSync(out) && read(out).includes("\n")) break;
    if (child.exitCode !== null) throw new Error("sweep finished before it could be killed");
  }
  child.kill("SIGKILL");
  await exited;
  return read(out).split("\n").length - 1;
}

test("CLI: resume after a kill mid-sweep (and a torn last line) gives the same JSON Lines as an uninterrupted run", async () => {
  // 8 points of 0.1 s or more each (1 ms per trial on a fast core), so the kill lands inside the run
  const config = { experiment: "known-prompt", seed: 2, trials: 100, base: { d: 80, n: 160, T: 16 }, grid: { theta: [0, 1, 2, 4], rho: [0, 0.5] } };
  const path = join(dir, "kill.json");
  writeFileSync(path, JSON.stringify(config));
  const reference = join(dir, "uninterrupted.jsonl");
  await runSweep(planSweep(config), { out: reference, workers: 1 });

  const out = join(dir, "kill.jsonl");
  const before = await killMidSweep(path, out);
  assert.ok(before >= 1 && before < 8, `the kill must land mid-sweep (${before} lines written)`);
  const torn = '{"sweep":"torn'; // what a crash inside a write could leave behind
  appendFileSync(out, torn);
  const r = cli(["sweep", path, "--out", out, "--workers", "2", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.skipped + summary.computed, 8);
  assert.ok(summary.skipped >= before, `${summary.skipped} points kept of ${before} written`);
  assert.equal(summary.droppedBytes, torn.length);
  assert.equal(read(out), read(reference));
  // a finished sweep resumes to a no-op
  const again = cli(["sweep", path, "--out", out, "--json"]);
  assert.equal(JSON.parse(again.stdout).computed, 0);
  assert.equal(read(out), read(reference));
});
