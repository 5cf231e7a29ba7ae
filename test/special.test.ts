import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
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

// ---------------------------------------------------------------- every double (issue 16, item 1)

const wide = JSON.parse(readFileSync(new URL("./reference/normal-tail-wide.json", import.meta.url), "utf8")) as {
  values: { x: number; Q: number; logQ: number | null; logQ50: string }[];
  inverse: { p: number; x: number; x50: string }[];
};
/** Smallest positive subnormal: the resolution of Q below 2.2e-308. */
const TINY = 5e-324;
const EPS = Number.EPSILON;
/** Past √(2·MAX_VALUE) ≈ 1.8961504e154 the true log Q is below −MAX_VALUE (either side allowed within 1e-6 of it). */
const LOGQ_OVERFLOW = Math.SQRT2 * Math.sqrt(Number.MAX_VALUE);
const FC = { seed: 20231116, numRuns: 20000 };
const anyDouble = fc.double({ noNaN: true });

test("Q and log Q match mpmath reference values across the whole double range (1391 points, |x| up to 1.8e308)", () => {
  assert.ok(wide.values.length > 1000 && wide.values.some((v) => v.x >= 1e308) && wide.values.some((v) => v.x <= -1e308));
  for (const { x, Q: q, logQ: lq, logQ50 } of wide.values) {
    // 1e-14 relative; below 2.2e-308 the double grid itself is coarser, so one subnormal step
    assert.ok(Math.abs(Q(x) - q) <= 1e-14 * q + TINY, `Q(${x}) = ${Q(x)}, reference ${q}`);
    if (lq === null) {
      assert.ok(Number(logQ50) < -Number.MAX_VALUE && logQ(x) === -Infinity, `logQ(${x}) = ${logQ(x)}, reference ${logQ50}`);
    } else {
      assert.ok(Math.abs(logQ(x) - lq) <= 1e-14 * Math.abs(lq), `logQ(${x}) = ${logQ(x)}, reference ${lq}`);
    }
  }
});

test("Qinv matches mpmath inverse values from p = 1/2 down to the smallest subnormal", () => {
  for (const { p, x } of wide.inverse) assert.ok(Math.abs(Qinv(p) - x) <= 1e-14 * Math.abs(x) + 1e-300, `Qinv(${p}) = ${Qinv(p)}, reference ${x}`);
  assert.equal(Qinv(0), Infinity);
  assert.equal(Qinv(1), -Infinity);
  for (const bad of [-TINY, 1 + EPS, NaN, Infinity]) assert.throws(() => Qinv(bad), /Qinv: p must be in \[0, 1\]/);
});

test("property over every double: Q in [0, 1], log Q ≤ 0 and finite below 1.896e154, and they agree", () => {
  fc.assert(
    fc.property(anyDouble, (x) => {
      const q = Q(x), lq = logQ(x);
      if (!(q >= 0 && q <= 1) || !(lq <= 0)) return false;
      // −∞ exactly where the true value is below −MAX_VALUE
      if ((x < LOGQ_OVERFLOW * (1 - 1e-6) && !Number.isFinite(lq)) || (x > LOGQ_OVERFLOW * (1 + 1e-6) && lq !== -Infinity)) return false;
      // where Q is a normal double, log Q is its logarithm (up to Q's relative rounding)
      return !(q >= 2.3e-308) || Math.abs(lq - Math.log(q)) <= 1e-14 * Math.max(1, Math.abs(lq));
    }),
    FC,
  );
});

test("property over every double: Q and log Q are monotone and Q(−x) = 1 − Q(x)", () => {
  fc.assert(
    fc.property(anyDouble, anyDouble, (a, b) => {
      const [x, y] = a <= b ? [a, b] : [b, a];
      return Q(x) >= Q(y) && logQ(x) >= logQ(y) && Math.abs(Q(x) + Q(-x) - 1) <= 2 * EPS;
    }),
    FC,
  );
  // neighbours across the branch points (series / continued fraction / zero / asymptotic log)
  for (const b of [-2, 2, 40, 1e8]) {
    const lo = b - Math.abs(b) * EPS, hi = b + Math.abs(b) * EPS;
    assert.ok(Q(lo) >= Q(b) && Q(b) >= Q(hi) && logQ(lo) >= logQ(b) && logQ(b) >= logQ(hi), `monotone across ${b}`);
  }
});

test("property: Qinv inverts Q wherever Q resolves x, and Q(Qinv(p)) = p for every p in [0, 1]", () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 37.5, noNaN: true }), (x) => {
      // Q(x) ≥ 1e-308 is a normal double; dx = dQ/φ(x) ≈ (ε Q/φ) ≤ ε/x, so 1e-14 (1 + x) absolute
      return Math.abs(Qinv(Q(x)) - x) <= 1e-14 * (1 + x);
    }),
    FC,
  );
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (p) => {
      const back = Q(Qinv(p));
      // conditioning: a 1-ulp change of x = Qinv(p) moves Q by ≈ x·ulp(x)·Q ≤ 3e-13 Q for x ≤ 38.5
      return Math.abs(back - p) <= 1e-12 * Math.min(p, 1 - p) + 2 * EPS * p + 2 * TINY;
    }),
    FC,
  );
});

test("regressions: Q above 2³² and above 1.34e154 is 0, not NaN (issue 16)", () => {
  for (const x of [2 ** 32 + 1, 4294967297.5, 1.34e154, 1.5e154, 1e308, Number.MAX_VALUE]) {
    assert.equal(Q(x), 0);
    assert.equal(Q(-x), 1);
  }
  assert.equal(logQ(1e8), -(0.5 * 1e8) * 1e8 - Math.log(1e8 * Math.sqrt(2 * Math.PI)));
  assert.equal(logQ(Infinity), -Infinity);
  assert.ok(logQ(-Infinity) === 0 && Q(-Infinity) === 1 && Q(Infinity) === 0);
});
