/**
 * Shared harness of the theory fuzz tests (test/fuzz-*.test.ts): points are drawn log-uniformly over
 * each parameter's whole range (σ, c, θ down to 1e-300 and up to their caps), the schema decides
 * which are valid, and every valid point must end in a finite result inside its documented range,
 * or in a one-line error of a known kind (a domain or convergence error) — never NaN, never an
 * internal message, never over its cost bound.
 * FUZZ_POINTS scales the number of points (the CI run uses each file's defaults); FUZZ_STREAM
 * names other random streams, so that separate runs draw separate points.
 */
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { ParamError } from "../src/params/fields.ts";
import { QuadratureError } from "../src/theory/g3AttentionMass.ts";

export const scale = Number(process.env.FUZZ_POINTS ?? 1);
const stream = process.env.FUZZ_STREAM ?? "";

/** A value spread over many decades: log-uniform on [lo, hi] (lo > 0), with the ends themselves sometimes. */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  const u = rng.uniform();
  if (u < 0.05) return lo;
  if (u > 0.95) return hi;
  return Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo)));
}
export const intLog = (rng: Rng, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(logUniform(rng, lo, hi))));

export function lawDraw(rng: Rng, maxT: number, maxD: number) {
  const T = intLog(rng, 1, maxT);
  return { d: intLog(rng, 2, maxD), n: intLog(rng, 1, 1e7), T, k: intLog(rng, 1, T), c: logUniform(rng, 1e-300, 1e6), r: rng.uniform() < 0.05 ? 0 : logUniform(rng, 1e-300, 1e6), sigma: logUniform(rng, 1e-300, 1e6) };
}

export interface Tally {
  valid: number;
  rejected: number;
  knownErrors: number;
  worstMs: number;
}

/** Draw until `count` schema-valid points have been evaluated; `run` returns the numbers to check, each with its range. */
export function fuzz(count: number, seed: string, draw: (rng: Rng) => unknown, parse: (x: unknown) => unknown, run: (p: never) => [string, number, number, number][], boundMs: number): Tally {
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

