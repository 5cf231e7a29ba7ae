/**
 * Fuzz of `theory gd-steps` (G1–G3) over the accepted domain (harness: test/fuzzHarness.ts).
 *
 * What runs, and why. At fuzz points the four predictions cost ~20 ms of CPU per point on average
 * with the test error at 4 draws (G2's 216 cosine integrals ~10 ms, G3's mass ~7 ms with a heavy
 * tail to ~1.7 s), so issue 16's 10,000 points do not fit npm test's budget (~120 s for this file),
 * and at the command's defaults the test error's 4000 draws alone take 0.2–6 s a point. This falls
 * short of the issue (4000 points, not 10,000). What runs (3008 points took 66–76 s of CPU):
 * - 4000 points with the test error at 4 score draws (the draw count is a user-facing option of the
 *   prediction, so this is still its accepted domain; its cost is linear in the draws, and every
 *   other prediction runs at full size), each within 30 s;
 * - 8 further points with everything at the command's defaults (4000 draws), each within 180 s.
 * The bounds are wall time on a shared 2-core machine, where a load of ~15 makes wall time 5–10×
 * CPU time: the slowest points measured (G3's mass with τ ≫ 1, the test error at T = 1024 and 4000
 * draws) take ~1.7 s and ~6 s of CPU; the doc comments state each formula's bound in operations.
 * FUZZ_POINTS scales both counts (e.g. FUZZ_POINTS=10 for a long run), FUZZ_STREAM draws other points.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzz, lawDraw, logUniform, scale } from "./fuzzHarness.ts";
import { parseGdSteps } from "../src/params/point.ts";
import { predictedCosW1 } from "../src/theory/g1.ts";
import { predictedCosQ1 } from "../src/theory/g2.ts";
import { predictedAttentionMass } from "../src/theory/g3AttentionMass.ts";
import { predictedTestError } from "../src/theory/g3TestError.ts";

const draw = (rng: Parameters<typeof lawDraw>[0]) => ({ ...lawDraw(rng, 1024, 400), eta: logUniform(rng, 1e-300, 1e6), beta: logUniform(rng, 1e-300, 1e6) });

const predictions = (draws?: number) => (p: Parameters<typeof predictedCosW1>[0]): [string, number, number, number][] => {
  const e = predictedTestError(p, draws === undefined ? {} : { draws });
  return [["cosW1", predictedCosW1(p), -1, 1], ["cosQ1", predictedCosQ1(p), -1, 1], ["attentionMass", predictedAttentionMass(p), 0, 1], ["testError", e.error, 0, 1], ["testErrorStderr", e.stderr, 0, 1]];
};

test("gd-steps theory (G1–G3), test error at 4 draws: finite and in range over the accepted domain, within 30 s a point", () => {
  const count = Math.round(4000 * scale);
  const t = fuzz(count, "fuzz/gd", draw, parseGdSteps, predictions(4), 30000);
  console.log(`# gd-steps fuzz, 4 draws: ${JSON.stringify(t)}`);
  assert.ok(t.valid >= count, JSON.stringify(t));
});

test("gd-steps theory (G1–G3) at the command's defaults: finite and in range, within 180 s a point", () => {
  const count = Math.round(8 * scale);
  const t = fuzz(count, "fuzz/gd-defaults", draw, parseGdSteps, predictions(), 180000);
  console.log(`# gd-steps fuzz, defaults: ${JSON.stringify(t)}`);
  assert.ok(t.valid >= count, JSON.stringify(t));
});
