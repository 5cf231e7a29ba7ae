import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";

test("same (seed, stream) gives a bit-identical stream; different streams differ", () => {
  const draw = (seed: number, stream: number) => {
    const r = new Rng(seed, stream);
    return [r.uniform(), r.normal(), r.normal(), r.int(7), ...r.subset(20, 5), ...r.permutation(6)];
  };
  assert.deepEqual(draw(42, 3), draw(42, 3));
  assert.notDeepEqual(draw(42, 3), draw(42, 4));
  assert.notDeepEqual(draw(42, 3), draw(43, 3));
  assert.notDeepEqual(draw(2 ** 40, 0), draw(0, 0)); // high seed bits matter
});

test("uniform, normal and sign have the right first two moments (5-sigma bounds)", () => {
  const r = new Rng(7);
  const n = 200_000;
  let su = 0, su2 = 0, sz = 0, sz2 = 0, sz4 = 0, ss = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u; su2 += u * u;
    const z = r.normal();
    sz += z; sz2 += z * z; sz4 += z ** 4;
    ss += r.sign();
  }
  assert.ok(Math.abs(su / n - 0.5) < 5 * Math.sqrt(1 / 12 / n));
  assert.ok(Math.abs(su2 / n - 1 / 3) < 5 * Math.sqrt(4 / 45 / n));
  assert.ok(Math.abs(sz / n) < 5 / Math.sqrt(n));
  assert.ok(Math.abs(sz2 / n - 1) < 5 * Math.sqrt(2 / n));
  assert.ok(Math.abs(sz4 / n - 3) < 5 * Math.sqrt(96 / n));
  assert.ok(Math.abs(ss / n) < 5 / Math.sqrt(n));
});

test("subset is a uniform sorted k-subset and permutation is a permutation", () => {
  const r = new Rng(11);
  const counts = new Array(10).fill(0);
  const reps = 40_000;
  for (let i = 0; i < reps; i++) {
    const s = r.subset(10, 3);
    assert.equal(new Set(s).size, 3);
    for (let j = 1; j < s.length; j++) assert.ok(s[j]! > s[j - 1]!);
    for (const t of s) counts[t]++;
  }
  const expected = (reps * 3) / 10, sd = Math.sqrt(reps * 0.3 * 0.7);
  for (const c of counts) assert.ok(Math.abs(c - expected) < 5 * sd, `count ${c}`);
  const p = [...r.permutation(50)].sort((a, b) => a - b);
  assert.deepEqual(p, Array.from({ length: 50 }, (_, i) => i));
  assert.throws(() => r.subset(3, 4), /k <= n/);
  assert.throws(() => new Rng(-1), /seed/);
});
