/**
 * The one known-prompt pipeline (src/sim/knownPrompt.ts): dropContext means the same for both
 * noise models, failed ridge solves are counted and left out (warning, or an error above 1%),
 * and sizes that cannot fit in memory are refused before anything is allocated.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { axisLaw, knownPromptTrial, sampleAxes, solverFailureMessage, summarizeKnownPrompt, trialMemoryBytes, type KnownPromptSimParams, type TrialResult } from "../src/sim/knownPrompt.ts";
import { sampleG } from "../src/data/lawG.ts";
import { Rng, STREAM_VERSION } from "../src/random/rng.ts";

const base: KnownPromptSimParams = { d: 40, n: 80, T: 8, k: 2, c: 2, r: 1.5, rho: 0.2, sigma: 1, noise: "context-clean", lambda: 0, theta: 1, pool: "softmax", testDraws: 200 };

test("dropContext fits the head on u⊥ for both noise models, also at λ = 0 with n > d and n < d", () => {
  for (const noise of ["context-clean", "isotropic"] as const) for (const n of [20, 80]) {
    const p = { ...base, noise, n };
    const full = knownPromptTrial(p, 3, 0), drop = knownPromptTrial({ ...p, dropContext: true }, 3, 0);
    assert.ok(full.solverOk && drop.solverOk, `${noise} n=${n}`);
    assert.equal(drop.wu, 0);
    assert.notEqual(full.wu, 0);
    assert.ok(drop.error > 0 && drop.error < 0.5 && full.error > 0 && full.error < 0.5, `${noise} n=${n}: ${full.error}, ${drop.error}`);
  }
});

const trial = (error: number, solverOk = true): TrialResult => ({ error, S: 0.5, N: 0.3, mu: 1, wv: 1, wu: 0, wPerp: 1, solverOk });

test("failed solves are excluded from the mean and counted; over 1% of trials is an error, all failed has no estimate", () => {
  const ok = Array.from({ length: 199 }, (_, i) => trial(0.1 + 0.001 * (i % 7)));
  const sim = summarizeKnownPrompt(base, [...ok, trial(NaN, false)], 1);
  assert.equal(sim.solverFailures, 1);
  assert.equal(sim.error.trials, 199);
  assert.ok(Math.abs(sim.error.mean - ok.reduce((s, t) => s + t.error, 0) / 199) < 1e-15);
  assert.equal(sim.streamVersion, STREAM_VERSION);
  assert.equal(solverFailureMessage(sim)?.level, "warning"); // 0.5% of trials
  const many = summarizeKnownPrompt(base, [...ok.slice(0, 97), trial(NaN, false), trial(NaN, false)], 1);
  assert.equal(solverFailureMessage(many)?.level, "error"); // 2% of trials
  assert.match(solverFailureMessage(many)!.message, /2 of 99 ridge solves failed/);
  assert.equal(solverFailureMessage(summarizeKnownPrompt(base, ok, 1)), undefined);
  assert.throws(() => summarizeKnownPrompt(base, [trial(NaN, false)], 1), /all 1 ridge solves failed/);
  assert.throws(() => summarizeKnownPrompt(base, [trial(0.1), trial(NaN)], 1), /trial 1: the conditional test error is not finite/);
});

test("CLI: a run too large for the free memory is refused in one line with exit 2, before allocating", () => {
  assert.ok(trialMemoryBytes({ n: 1e7, d: 1e5, T: 16 }) > 1e12);
  const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "simulate", "known-prompt", "--d", "100000", "--n", "10000000", "--workers", "1"], { encoding: "utf8" });
  assert.equal(res.status, 2, res.stderr);
  assert.equal(res.stdout, "");
  assert.match(res.stderr, /^error: --n 10000000 and --d 100000 need about \d+\.\d GiB .* free; lower --n, --d or --workers\n$/);
});

test("sampleAxes draws what sampleG draws on the axis law, touching two coordinates per token", () => {
  for (const noise of ["context-clean", "isotropic"] as const) {
    const law = axisLaw({ d: 13, T: 9, k: 3, c: 1.3, r: 1.5, rho: 0.4, sigma: 0.8, noise });
    const a = Rng.derive(4, "test/axes"), b = Rng.derive(4, "test/axes");
    const X = new Float64Array(9 * 13), Y = new Float64Array(9 * 13);
    for (let rep = 0; rep < 5; rep++) {
      const s = sampleAxes(law, a, X), g = sampleG(law, b, Y);
      assert.equal(s.y, g.y);
      assert.deepEqual(s.R, g.R);
      assert.deepEqual(X, Y);
    }
  }
});
