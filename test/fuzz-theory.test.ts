/** Fuzz of `theory known-prompt` (context-clean: K1–K3) over the whole accepted domain (harness: test/fuzzHarness.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzz, lawDraw, logUniform, scale } from "./fuzzHarness.ts";
import { parseKnownPrompt } from "../src/params/point.ts";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";

test("known-prompt theory (K1–K3, context-clean): finite and in range over the whole accepted domain", () => {
  const pools = ["softmax", "linear", "uniform"] as const;
  const t = fuzz(Math.round(10000 * scale), "fuzz/k2", (rng) => ({
    ...lawDraw(rng, 1e5, 1e5),
    rho: rng.uniform() < 0.3 ? 0 : rng.uniform(),
    theta: rng.uniform() < 0.1 ? Infinity : rng.uniform() < 0.05 ? 0 : logUniform(rng, 1e-300, 1e4),
    lambda: rng.uniform() < 0.3 ? 0 : logUniform(rng, 1e-300, 1e12),
    pool: pools[Math.floor(rng.uniform() * 3)],
    noise: "context-clean",
  }), parseKnownPrompt, (p: Parameters<typeof knownPromptTheory>[0] & { n: number; d: number; lambda: number }) => {
    const th = knownPromptTheory(p);
    // LPA's weights θ⟨x_t, u⟩/T are not normalized: its S is unbounded
    return [["error", th.error, 0, 0.5], ["S", th.S, 0, p.pool === "linear" ? Infinity : 1], ["rEff", th.rEff, 0, Infinity], ["bayesPooled", th.bayesPooled, 0, 0.5]];
  }, 50);
  assert.ok(t.valid >= 10000 * scale && t.rejected > 0, JSON.stringify(t));
});
