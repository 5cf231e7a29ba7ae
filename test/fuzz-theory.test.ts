/**
 * Fuzz of the theory over everything the parameter schema accepts (src/params): points are drawn
 * log-uniformly over each parameter's whole range (σ, c, θ down to 1e-300 and up to their caps),
 * the schema decides which are valid, and every valid point must end in a finite result inside its
 * documented range, or in a one-line error of a known kind (a domain or convergence error) —
 * never NaN, never an internal message, never over its cost bound.
 * FUZZ_POINTS scales the number of points (the CI run uses the defaults below); FUZZ_STREAM
 * names other random streams, so that separate runs draw separate points.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { parseGdSteps, parseKnownPrompt } from "../src/params/point.ts";
import { ParamError } from "../src/params/fields.ts";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";
import { k5Theory } from "../src/theory/k5.ts";
import { predictedCosW1 } from "../src/theory/g1.ts";
import { predictedCosQ1 } from "../src/theory/g2.ts";
import { predictedAttentionMass, QuadratureError } from "../src/theory/g3AttentionMass.ts";
import { predictedTestError } from "../src/theory/g3TestError.ts";

const scale = Number(process.env.FUZZ_POINTS ?? 1);
const stream = process.env.FUZZ_STREAM ?? "";

/** A value spread over many decades: log-uniform on [lo, hi] (lo > 0), with the ends themselves sometimes. */
function logUniform(rng: Rng, lo: number, hi: number): number {
  const u = rng.uniform();
  if (u < 0.05) return lo;
  if (u > 0.95) return hi;
  return Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo)));
}
const intLog = (rng: Rng, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(logUniform(rng, lo, hi))));

function lawDraw(rng: Rng, maxT: number, maxD: number) {
  const T = intLog(rng, 1, maxT);
  return { d: intLog(rng, 2, maxD), n: intLog(rng, 1, 1e7), T, k: intLog(rng, 1, T), c: logUniform(rng, 1e-300, 1e6), r: rng.uniform() < 0.05 ? 0 : logUniform(rng, 1e-300, 1e6), sigma: logUniform(rng, 1e-300, 1e6) };
}

interface Tally {
  valid: number;
  rejected: number;
  knownErrors: number;
  worstMs: number;
}

/** Draw until `count` schema-valid points have been evaluated; `run` returns the numbers to check, each with its range. */
function fuzz(count: number, seed: string, draw: (rng: Rng) => unknown, parse: (x: unknown) => unknown, run: (p: never) => [string, number, number, number][], boundMs: number): Tally {
  const rng = Rng.derive(20261129, seed + stream);
  const t: Tally = { valid: 0, rejected: 0, knownErrors: 0, worstMs: 0 };
  while (t.valid < count) {
    const raw = draw(rng);
    let p: unknown;
    try {
      p = parse(raw);
    } catch (e) {
      assert.ok(e instanceof ParamError && !e.message.includes("\n"), `schema error must be one line: ${String(e)}`);
      t.rejected++;
      continue;
    }
    t.valid++;
    const t0 = performance.now();
    try {
      for (const [name, v, lo, hi] of run(p as never)) {
        assert.ok(Number.isFinite(v) && v >= lo && v <= hi, `${name} = ${v} outside [${lo}, ${hi}] at ${JSON.stringify(p)}`);
      }
    } catch (e) {
      if (!(e instanceof QuadratureError)) throw new Error(`${(e as Error).message} at ${JSON.stringify(p)}`);
      assert.ok(!e.message.includes("\n"));
      t.knownErrors++;
    }
    const ms = performance.now() - t0;
    t.worstMs = Math.max(t.worstMs, ms);
    assert.ok(ms < boundMs, `${ms.toFixed(0)} ms > cost bound ${boundMs} ms at ${JSON.stringify(p)}`);
  }
  return t;
}

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
    const th = knownPromptTheory(p, p);
    // LPA's weights θ⟨x_t, u⟩/T are not normalized: its S is unbounded
    return [["error", th.error, 0, 0.5], ["S", th.S, 0, p.pool === "linear" ? Infinity : 1], ["rEff", th.rEff, 0, Infinity], ["bayesPooled", th.bayesPooled, 0, 0.5]];
  }, 50);
  assert.ok(t.valid >= 10000 * scale && t.rejected > 0, JSON.stringify(t));
});

test("K5 theory (isotropic noise): finite and in range over the accepted domain, within its cost bound", () => {
  const t = fuzz(Math.round(300 * scale), "fuzz/k5", (rng) => ({
    ...lawDraw(rng, 256, 1e5),
    rho: rng.uniform() < 0.3 ? 0 : rng.uniform(),
    theta: rng.uniform() < 0.1 ? Infinity : logUniform(rng, 1e-300, 1e4),
    lambda: rng.uniform() < 0.3 ? 0 : logUniform(rng, 1e-300, 1e12),
    pool: rng.uniform() < 0.8 ? "softmax" : "linear",
    noise: "isotropic",
  }), parseKnownPrompt, (p: Parameters<typeof k5Theory>[0] & { n: number; d: number; lambda: number }) => {
    const th = k5Theory(p, p);
    return [["error", th.error, 0, 1], ["stderr", th.stderr.error, 0, 1]];
  }, 5000);
  assert.ok(t.valid >= 300 * scale, JSON.stringify(t));
});

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
