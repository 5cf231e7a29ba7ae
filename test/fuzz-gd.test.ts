/** Fuzz of `theory gd-steps` (G1–G3) over the accepted domain (harness: test/fuzzHarness.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzz, lawDraw, logUniform, scale } from "./fuzzHarness.ts";
import { parseGdSteps } from "../src/params/point.ts";
import { predictedCosW1 } from "../src/theory/g1.ts";
import { predictedCosQ1 } from "../src/theory/g2.ts";
import { predictedAttentionMass } from "../src/theory/g3AttentionMass.ts";
import { predictedTestError } from "../src/theory/g3TestError.ts";

test("gd-steps theory (G1–G3): finite and in range over the accepted domain, within its cost bound", () => {
  const t = fuzz(Math.round(40 * scale), "fuzz/gd", (rng) => ({
    ...lawDraw(rng, 1024, 400),
    eta: logUniform(rng, 1e-300, 1e6),
    beta: logUniform(rng, 1e-300, 1e6),
  }), parseGdSteps, (p: Parameters<typeof predictedCosW1>[0]) => {
    const e = predictedTestError(p, { draws: 200 });
    return [["cosW1", predictedCosW1(p), -1, 1], ["cosQ1", predictedCosQ1(p), -1, 1], ["attentionMass", predictedAttentionMass(p), 0, 1], ["testError", e.error, 0, 1], ["testErrorStderr", e.stderr, 0, 1]];
  }, 60000);
  assert.ok(t.valid >= 40 * scale, JSON.stringify(t));
});
