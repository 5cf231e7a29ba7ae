import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Q, logQ, Qinv } from "../src/special/normal.ts";

const ref = JSON.parse(readFileSync(new URL("./reference/normal-tail.json", import.meta.url), "utf8")) as { values: { x: number; Q: number; logQ: number }[] };

test("Q and log Q match 50-digit reference values to 1e-14 relative, out to the subnormal range", () => {
  assert.ok(ref.values.length >= 20);
  for (const { x, Q: q, logQ: lq } of ref.values) {
    assert.ok(Math.abs(Q(x) - q) <= 1e-14 * q, `Q(${x}) = ${Q(x)}, reference ${q}`);
    assert.ok(Math.abs(logQ(x) - lq) <= 1e-14 * Math.abs(lq) + 1e-300, `logQ(${x}) = ${logQ(x)}, reference ${lq}`);
  }
});

test("Q(9), Q(20), Q(37) meet the 1e-12 tail requirement and Q does not underflow before 1e-300", () => {
  for (const x of [9, 20, 37]) {
    const r = ref.values.find((v) => v.x === x)!;
    assert.ok(Math.abs(Q(x) / r.Q - 1) <= 1e-12);
  }
  assert.ok(Q(37.5) > 0 && Q(38) > 0);
  assert.ok(Number.isFinite(logQ(1e4)) && logQ(1e4) < -4.9e7);
});

test("Q is symmetric, monotone, and Qinv inverts it in both tails", () => {
  for (const x of [-6, -1.3, 0, 0.7, 2.5, 8]) assert.ok(Math.abs(Q(x) + Q(-x) - 1) < 1e-15);
  let prev = 1;
  for (let x = -10; x <= 40; x += 0.25) {
    const q = Q(x);
    assert.ok(q <= prev);
    prev = q;
  }
  for (const p of [1e-300, 1e-20, 1e-3, 0.2, 0.5, 0.9, 1 - 1e-12]) assert.ok(Math.abs(Q(Qinv(p)) / p - 1) < 1e-12, `p=${p}`);
  assert.throws(() => Q(NaN), /NaN/);
});
