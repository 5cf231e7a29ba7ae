/** The one agreement rule, its z-score, the rows a check's evidence holds, and readable log ticks. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { agreement, collectAgreementRows, summarize, zScore } from "../src/stats/agreement.ts";
import { logTicks, tickLabel } from "../src/report/plot.ts";

test("agreement: |sim − theory| ≤ 3·√(se² + theory se²) + allowance, on both sides of the boundary", () => {
  const est = (mean: number) => ({ mean, stderr: 0.03, trials: 10 });
  // se = √(0.03² + 0.04²) = 0.05, tolerance = 0.15 + 0.01 = 0.16
  assert.equal(agreement(1, est(1.159), 0.01, 0.04).pass, true);
  assert.equal(agreement(1, est(1.161), 0.01, 0.04).pass, false);
  assert.equal(agreement(1, est(0.839), 0.01, 0.04).pass, false);
  const r = agreement(1, est(1.1), 0.01, 0.04);
  assert.ok(Math.abs(r.tolerance - 0.16) < 1e-15 && Math.abs(r.z - 2) < 1e-12, JSON.stringify(r));
  assert.equal(zScore({ mean: 3, stderr: 0.5 }, 2), 2);
  assert.equal(zScore({ mean: 3, stderr: 0.3 }, 2, 0.4), 2);
});

test("collectAgreementRows finds the rows anywhere in a check's evidence, and only them", () => {
  const rows = [agreement(0.5, { mean: 0.51, stderr: 0.01, trials: 5 }, 0), agreement(0.2, { mean: 0.3, stderr: 0.01, trials: 5 }, 0)];
  const evidence = { allowance: "0", rows: [{ point: { n: 1 }, ...rows[0]! }], nested: { log: rows[1]! }, perturbed: [{ scale: 1.05, z: 9, pass: false }] };
  const found = collectAgreementRows(evidence);
  assert.equal(found.length, 2);
  const s = summarize(found);
  assert.deepEqual([s.agree, s.total, s.pass], [1, 2, false]);
  assert.ok(Math.abs(s.maxAbsZ - 10) < 1e-9);
});

test("log ticks are data-scale values, never abbreviated minor labels", () => {
  assert.deepEqual(logTicks(16, 256), [20, 50, 100, 200]);
  assert.deepEqual(logTicks(0.001, 1000), [0.001, 0.01, 0.1, 1, 10, 100, 1000]);
  assert.deepEqual(logTicks(1e-6, 1e6), [1e-6, 1e-4, 0.01, 1, 100, 1e4, 1e6]);
  assert.deepEqual(logTicks(40, 1200), [100, 300, 1000]);
  assert.deepEqual(logTicks(0.5, 2), [0.5, 1, 2]);
  assert.deepEqual([0.001, 0.25, 8, 1000, 1e5].map(tickLabel), ["0.001", "0.25", "8", "1000", "1e+5"]);
});
