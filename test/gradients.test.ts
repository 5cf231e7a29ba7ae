import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { forward, gradQ, gradW, valueAndGrads, POOLS } from "../src/models/promptAttention.ts";
import { softmax } from "../src/models/softmax.ts";
import { numericGrad } from "./numericGrad.ts";


test("SPA, LPA and UNI gradients in q and w match central finite differences", () => {
  const rng = new Rng(5);
  for (const pool of POOLS) for (let rep = 0; rep < 5; rep++) {
    const T = 3 + rep, d = 4 + rep;
    const X = rng.fillNormal(new Float64Array(T * d));
    const q = rng.fillNormal(new Float64Array(d), 0.8);
    const w = rng.fillNormal(new Float64Array(d));
    const gq = gradQ(pool, X, T, d, q, w), gw = gradW(pool, X, T, d, q);
    const nq = numericGrad((qq) => forward(pool, X, T, d, qq, w), q);
    const nw = numericGrad((ww) => forward(pool, X, T, d, q, ww), w);
    for (let i = 0; i < d; i++) {
      assert.ok(Math.abs(gq[i]! - nq[i]!) < 1e-7 * Math.max(1, Math.abs(nq[i]!)), `${pool} ∂q[${i}]: ${gq[i]} vs ${nq[i]}`);
      assert.ok(Math.abs(gw[i]! - nw[i]!) < 1e-7 * Math.max(1, Math.abs(nw[i]!)), `${pool} ∂w[${i}]: ${gw[i]} vs ${nw[i]}`);
    }
  }
});

test("softmax is overflow-safe for scores of order 1e4 and more, and sums to one", () => {
  for (const scale of [1, 1e4, 1e300]) {
    const s = softmax(Float64Array.from([scale, scale * 0.5, -scale, scale]));
    assert.ok(s.every((v) => Number.isFinite(v)));
    assert.ok(Math.abs(s.reduce((a, b) => a + b, 0) - 1) < 1e-15);
    if (scale >= 1e4) assert.deepEqual([...s], [0.5, 0, 0, 0.5]);
  }
  assert.throws(() => softmax(Float64Array.from([Infinity, 0])), /finite/);
});

test("valueAndGrads (the trainers' fused pass) is bit-identical to forward, gradW and gradQ", () => {
  const rng = new Rng(6);
  for (const pool of POOLS) {
    const T = 7, d = 5;
    const X = rng.fillNormal(new Float64Array(T * d));
    const q = rng.fillNormal(new Float64Array(d)), w = rng.fillNormal(new Float64Array(d));
    const fused = valueAndGrads(pool, X, T, d, q, w);
    assert.equal(fused.f, forward(pool, X, T, d, q, w));
    assert.deepEqual(fused.gw, gradW(pool, X, T, d, q));
    assert.deepEqual(fused.gq, gradQ(pool, X, T, d, q, w));
  }
});
