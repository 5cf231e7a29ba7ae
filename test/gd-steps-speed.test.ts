/**
 * The faster G1–G3 predictions against values of the code they replaced (commit bf4c81d, computed with
 * /tmp bench scripts before the change: `predictedCosW1`, `predictedCosQ1`,
 * `predictedAttentionMassWithError`, `predictedTestError(p, { draws: 4000 })` printed to 17 digits),
 * and the fast paths of Q and of the attention integral.
 * Tolerances: the deterministic quadratures moved by ≤ 2e-13 (G1: the binomial average inside one
 * integral; G2: a Jacobi eigen-solver; G3's mass: unchanged where it converged), so 1e-9, the
 * quadratures' own stated accuracy. The test error uses the same draws in the same order, and only
 * Q's rounding changed (≤ 2e-15 relative), so 1e-12, far below 0.25 of its stderr (≥ 1e-4 here).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Q } from "../src/special/normal.ts";
import { attentionMassGiven, predictedAttentionMass, predictedAttentionMassWithError, predictedCosQ1, predictedCosW1, predictedTestError, type GdParams } from "../src/theory/gdSteps.ts";

const OLD: { p: GdParams; w1: number; q1: number; mass: number; massErr: number; err?: [number, number] }[] = [
  { p: { d: 100, n: 400, T: 16, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 100 }, w1: 0.8324204473133227, q1: 0.6910457427491677, mass: 0.32381911652994155, massErr: 0.000011679359162797276, err: [0.3677877781161707, 0.0020518890378728796] },
  { p: { d: 32, T: 8, k: 2, c: 1, r: 1, sigma: 1, eta: 1, beta: 60, n: 250 }, w1: 0.8928571164238966, q1: 0.7566457962154169, mass: 0.5008077860950424, massErr: 0.000012310019466998945, err: [0.34145984808377855, 0.0018778714893373787] },
  { p: { d: 24, T: 6, k: 2, c: 1.5, r: 1, sigma: 1.2, eta: 1, beta: 30, n: 400 }, w1: 0.9404349251136794, q1: 0.8885487786786616, mass: 0.7065360885224496, massErr: 0.00003886096619454271, err: [0.2924757594800691, 0.0017155081530942802] },
  { p: { d: 4, n: 1, T: 2, k: 1, c: 1e-300, r: 1e6, sigma: 1e6, eta: 1e6, beta: 1e-300 }, w1: 0.3191108030464743, q1: 0, mass: 0.5000000000000001, massErr: 0, err: [0.4163338753054873, 0.0001318776315529895] },
  { p: { d: 300, n: 3, T: 700, k: 350, c: 3, r: 2, sigma: 50, eta: 1, beta: 1e4 }, w1: 0.05274285030023436, q1: 0.00005722021682971277, mass: 0.5000027093214382, massErr: 1.5402418829246756e-7 },
  { p: { d: 400, n: 1e7, T: 1024, k: 1, c: 1e6, r: 1e-300, sigma: 1e-100, eta: 1e-300, beta: 1e6 }, w1: 1.2459156801785367e-203, q1: 0, mass: 0.0009765625000000002, massErr: 0 },
];

test("G1, G2 and G3's attention mass equal the replaced code's values to 1e-9 (G1 to 1e-9 relative)", () => {
  for (const { p, w1, q1, mass, massErr } of OLD) {
    const cw = predictedCosW1(p);
    assert.ok(Math.abs(cw - w1) <= 1e-9 * Math.abs(w1), `cosW1 ${cw} vs ${w1} at ${JSON.stringify(p)}`);
    assert.ok(Math.abs(predictedCosQ1(p) - q1) <= 1e-9, `cosQ1 at ${JSON.stringify(p)}`);
    const m = predictedAttentionMassWithError(p);
    assert.ok(Math.abs(m.value - mass) <= 1e-9 && Math.abs(m.quadratureError - massErr) <= 1e-9, `mass at ${JSON.stringify(p)}`);
  }
});

test("G3's test error equals the replaced code's value on the same draws to 1e-12", () => {
  for (const { p, err } of OLD) {
    if (!err) continue;
    const e = predictedTestError(p, { draws: 4000 });
    assert.ok(Math.abs(e.error - err[0]) <= 1e-12 && Math.abs(e.stderr - err[1]) <= 1e-12, `${e.error} ± ${e.stderr} vs ${err} at ${JSON.stringify(p)}`);
  }
});

test("Q's interpolated continued fraction: within 2e-15 of the 60-digit reference on [2, 37], monotone across its piece edges", () => {
  const wide = JSON.parse(readFileSync(new URL("./reference/normal-tail-wide.json", import.meta.url), "utf8")) as { values: { x: number; Q: number }[] };
  const inRange = wide.values.filter(({ x }) => x >= 2 && x <= 37);
  assert.ok(inRange.length > 100);
  for (const { x, Q: q } of inRange) assert.ok(Math.abs(Q(x) - q) <= 2e-15 * q, `Q(${x}) = ${Q(x)}, reference ${q}`);
  const next = (x: number, dir: 1 | -1) => {
    const b = new Float64Array([x]), u = new BigInt64Array(b.buffer);
    u[0]! += BigInt(dir);
    return b[0]!;
  };
  // (left of 2 the erf series is not monotone between neighbours 1 ulp apart, as before this change:
  // special.test.ts checks only the branch point itself there)
  assert.ok(Q(next(2, -1)) >= Q(2) && Q(2) >= Q(next(2, 1)));
  for (const edge of [2.75, 3.75, 5.25, 8, 14, 40]) {
    let x = edge;
    for (let i = 0; i < 4; i++) x = next(x, -1);
    for (let i = 0; i < 8; i++, x = next(x, 1)) assert.ok(Q(x) >= Q(next(x, 1)), `Q not monotone at ${x}`);
  }
});

test("attention mass: far-apart label windows and vanishing spreads end fast and exact (issue 16's runaway)", () => {
  // |B| = 1e20: the two windows of ℓ are 2e20 apart; before, the trapezoid walked the gap
  const t0 = performance.now();
  assert.ok(Math.abs(attentionMassGiven(0, 1e20, 1, 16, 2) - 0.5) < 1e-9); // y = +1: all mass on R; y = −1: none
  const tiny = attentionMassGiven(0.3, -0.2, 1e-140, 8, 3), closed = 0.5 * (3 * Math.exp(0.1) / (3 * Math.exp(0.1) + 5) + 3 * Math.exp(0.5) / (3 * Math.exp(0.5) + 5));
  assert.ok(Math.abs(tiny - closed) < 1e-15, `${tiny} vs ${closed}`);
  // the fuzz point that hung (r = β = 1e6 make B huge)
  const v = predictedAttentionMass({ d: 74, n: 13706, T: 63, k: 53, c: 4.129241146471793e-120, r: 1e6, sigma: 2.4025295944864202e-27, eta: 1.3165585515852572e-17, beta: 1e6 });
  assert.ok(v >= 0 && v <= 1);
  assert.ok(performance.now() - t0 < 20000);
});
