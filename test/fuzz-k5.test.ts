/**
 * Fuzz of `theory known-prompt --noise isotropic` (K5) over the accepted domain (harness:
 * test/fuzzHarness.ts): T up to the schema's 100 000, σ, c, θ, r and λ down to 1e-300 and up to
 * their caps, softmax and linear pooling, θ = ∞.
 *
 * At the default rule (49 116 points) a point costs about P·T exponentials, up to a minute at
 * T = 100 000, so the 10 000-point run integrates with a small rule instead (the rule's size is a
 * user-facing option: `contextRule(T, { draws, batches })`, `optimal-theta --draws`): a 2 042-point
 * lattice (2 shifts) for T ≤ 64 and 8 Monte Carlo draws beyond, which take the same code paths
 * (Gauss–Hermite for T ≤ 3, lattice, Monte Carlo in blocks) at every T. A separate 200-point run
 * uses the default rule for T ≤ 64 (its lattice range). Both assert each point's cost bound
 * (k5CostBoundMs, stated in src/theory/k5.ts) in CPU time, building the rule included, after one
 * warm-up call has compiled the code: the machine is shared, and wall time would measure the
 * other processes. The theory's refusals, a law whose N = σ‖s‖ spans more than 1e75 (N⁴ out of
 * range) and a head whose coefficients a, b, ν leave the doubles, are one-line RangeErrors,
 * counted as refusedRange.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fuzz, lawDraw, logUniform, scale, type Tally } from "./fuzzHarness.ts";
import { parseKnownPrompt } from "../src/params/point.ts";
import { contextRule, k5CostBoundMs, k5Theory, type K5Point, type RuleOptions } from "../src/theory/k5.ts";
import type { Rng } from "../src/random/rng.ts";

const draw = (maxT: number) => (rng: Rng) => ({
  ...lawDraw(rng, maxT, 1e5),
  rho: rng.uniform() < 0.3 ? 0 : rng.uniform(),
  theta: rng.uniform() < 0.1 ? Infinity : logUniform(rng, 1e-300, 1e4),
  lambda: rng.uniform() < 0.3 ? 0 : logUniform(rng, 1e-300, 1e12),
  pool: rng.uniform() < 0.8 ? "softmax" : "linear",
  noise: "isotropic",
});

let refused = 0;

/** Evaluate one point with the given rule options, checking its range and its cost bound. */
function run(rule: (T: number) => RuleOptions) {
  for (const [T, theta] of [[8, 1], [2, 1], [3, Infinity]]) k5Theory({ d: 100, n: 200, T, k: 1, c: 1, r: 1, rho: 0, sigma: 1, theta, lambda: 0, pool: "softmax" }, contextRule(T, rule(T)));
  return (p: K5Point): [string, number, number, number][] => {
    const t0 = process.cpuUsage();
    const r = contextRule(p.T, rule(p.T));
    let th;
    try {
      th = k5Theory(p, r);
    } catch (e) {
      // the theory's refusals: N varying over more than 1e75 within one law, or a head whose
      // coefficients leave the double range (a pooled feature of scale ≲ 1e-230)
      assert.ok(e instanceof RangeError && /^K5: (the pooled noise N = σ‖s‖ spans [^\n]* N⁴ moments|the head's coefficients [^\n]* is too small)$/.test(e.message), String(e));
      refused++;
      return [];
    }
    const used = process.cpuUsage(t0), ms = (used.user + used.system) / 1000;
    const bound = k5CostBoundMs(r, p.T);
    assert.ok(ms <= bound, `${ms.toFixed(1)} ms of CPU > cost bound ${bound.toFixed(1)} ms (${r.points} points × T = ${p.T})`);
    const big = Number.MAX_VALUE;
    return [["error", th.error, 0, 1], ["stderr", th.stderr.error, 0, 1], ["bayesPooled", th.bayesPooled, 0, 1], ["nu", th.nu, 0, big], ["a", th.a, -big, big], ["b", th.b, 0, big], ...(["nu", "a", "b", "bayesPooled"] as const).map((f) => [`stderr.${f}`, th.stderr[f], 0, big] as [string, number, number, number])];
  };
}

test("K5 theory (isotropic noise), small rule: finite and in range over the whole accepted domain, within its cost bound", (t) => {
  const tally: Tally = fuzz(Math.round(10000 * scale), "fuzz/k5", draw(100000), parseKnownPrompt, run((T) => (T <= 64 ? { draws: 2042, batches: 2 } : { draws: 8, batches: 2 })), Infinity);
  t.diagnostic(JSON.stringify({ ...tally, refusedRange: refused }));
  assert.ok(tally.valid >= 10000 * scale, JSON.stringify(tally));
});

test("K5 theory (isotropic noise), default rule, T ≤ 64: finite and in range, within its cost bound", (t) => {
  refused = 0;
  const tally = fuzz(Math.round(200 * scale), "fuzz/k5-default-rule", draw(64), parseKnownPrompt, run(() => ({})), Infinity);
  t.diagnostic(JSON.stringify({ ...tally, refusedRange: refused }));
  assert.ok(tally.valid >= 200 * scale, JSON.stringify(tally));
});
