/** Fuzz of `theory known-prompt --noise isotropic` (K5) over the accepted domain (harness: test/fuzzHarness.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzz, lawDraw, logUniform, scale } from "./fuzzHarness.ts";
import { parseKnownPrompt } from "../src/params/point.ts";
import { k5Theory } from "../src/theory/k5.ts";

test("K5 theory (isotropic noise): finite and in range over the accepted domain, within its cost bound", () => {
  const t = fuzz(Math.round(300 * scale), "fuzz/k5", (rng) => ({
    ...lawDraw(rng, 256, 1e5),
    rho: rng.uniform() < 0.3 ? 0 : rng.uniform(),
    theta: rng.uniform() < 0.1 ? Infinity : logUniform(rng, 1e-300, 1e4),
    lambda: rng.uniform() < 0.3 ? 0 : logUniform(rng, 1e-300, 1e12),
    pool: rng.uniform() < 0.8 ? "softmax" : "linear",
    noise: "isotropic",
  }), parseKnownPrompt, (p: Parameters<typeof k5Theory>[0] & { n: number; d: number; lambda: number }) => {
    const th = k5Theory(p);
    return [["error", th.error, 0, 1], ["stderr", th.stderr.error, 0, 1]];
  }, 5000);
  assert.ok(t.valid >= 300 * scale, JSON.stringify(t));
});
