import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { ZIG_R, ZIG_X, zigguratClosure } from "../src/random/ziggurat.ts";
import { Q } from "../src/special/normal.ts";

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

test("subsetInto draws what subset draws, leaving the generator in the same state, into reused buffers", () => {
  const a = Rng.derive(2, "test/subset"), b = Rng.derive(2, "test/subset");
  const scratch = new Int32Array(12), R = new Int32Array(4);
  for (let i = 0; i < 500; i++) {
    assert.deepEqual(b.subsetInto(12, 4, scratch, R), a.subset(12, 4));
    assert.equal(b.nextUint32(), a.nextUint32());
  }
  assert.deepEqual(b.subsetInto(5, 0, scratch, new Int32Array(0)), new Int32Array(0));
  assert.throws(() => b.subsetInto(12, 4, new Int32Array(11), R), /scratch.length >= n/);
});

test("Rng.derive: same triple, same stream; distinct labels, indices and seeds give distinct streams", () => {
  const head = (r: Rng) => [r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()].join(",");
  assert.equal(head(Rng.derive(1, "k5/context-rule")), head(Rng.derive(1, "k5/context-rule")));
  assert.equal(head(Rng.derive(1, "trial", 7)), head(Rng.derive(1, "trial", 7)));
  // pairs an ambiguous encoding would confuse: label vs label + index, index 0 vs none, concatenations
  const names: [number, string, number?][] = [
    [1, "trial"], [1, "trial", 0], [1, "trial", 5], [1, "trial5"], [1, "trial", 5 + 2 ** 32], [1, "tria", 108],
    [2, "trial", 5], [2 ** 32 + 1, "trial", 5], [1, "k5/context-rule"], [1, "k5/context-rulf"], [1, "a\u0000"], [1, "a"],
  ];
  const heads = names.map(([s, l, i]) => head(Rng.derive(s, l, i)));
  assert.equal(new Set(heads).size, names.length);
  // 200 000 trial streams of one label: no two share their first 64 bits (a 32-bit funnel would,
  // with probability ~1 − e^{−4.7}; 2⁻¹²⁸ collisions give ~1e-29)
  const seen = new Set<string>();
  for (let i = 0; i < 200_000; i++) {
    const r = Rng.derive(1, "known-prompt/trial", i);
    seen.add(`${r.nextUint32()}:${r.nextUint32()}`);
  }
  assert.equal(seen.size, 200_000);
  assert.throws(() => Rng.derive(1, ""), /label/);
  assert.throws(() => Rng.derive(1, "x", -1), /index/);
});

test("ziggurat: the layer table closes to rounding, and fillNormal is the stream of scale·normal()", () => {
  // a few ulps accumulated over 255 steps of the recursion (the 10-digit published v misses by 2e-11)
  assert.ok(zigguratClosure() < 1e-14, `closure ${zigguratClosure()}`);
  for (let i = 1; i < 256; i++) assert.ok(ZIG_X[i + 1]! < ZIG_X[i]!);
  const a = new Rng(3), b = new Rng(3);
  const filled = a.fillNormal(new Float64Array(100_001), 2.5);
  for (let i = 0; i < filled.length; i++) assert.equal(filled[i], 2.5 * b.normal());
  assert.equal(a.nextUint32(), b.nextUint32());
});

/** Draw `total` normals in chunks and hand each chunk to `visit`. */
function eachNormal(seed: number, total: number, visit: (z: Float64Array) => void): void {
  const r = new Rng(seed);
  const buf = new Float64Array(1 << 20);
  for (let done = 0; done < total; done += buf.length) visit(r.fillNormal(done + buf.length <= total ? buf : buf.subarray(0, total - done)));
}

test("normal: first four moments (5-sigma bounds) and tail frequencies beyond 2..5σ on 5e7 draws", () => {
  const n = 50_000_000;
  const cuts = [2, 3, 4, 4.5, 5];
  const over = new Array(cuts.length).fill(0);
  let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  eachNormal(21, n, (z) => {
    for (let i = 0; i < z.length; i++) {
      const x = z[i]!, x2 = x * x, ax = Math.abs(x);
      m1 += x; m2 += x2; m3 += x2 * x; m4 += x2 * x2;
      for (let c = 0; c < cuts.length && ax > cuts[c]!; c++) over[c]++;
    }
  });
  assert.ok(Math.abs(m1 / n) < 5 * Math.sqrt(1 / n), `mean ${m1 / n}`);
  assert.ok(Math.abs(m2 / n - 1) < 5 * Math.sqrt(2 / n), `E z² ${m2 / n}`);
  assert.ok(Math.abs(m3 / n) < 5 * Math.sqrt(15 / n), `E z³ ${m3 / n}`);
  assert.ok(Math.abs(m4 / n - 3) < 5 * Math.sqrt(96 / n), `E z⁴ ${m4 / n}`);
  cuts.forEach((c, j) => {
    const p = 2 * Q(c), expected = n * p;
    assert.ok(Math.abs(over[j] - expected) < 5 * Math.sqrt(expected * (1 - p)) + 1, `|z| > ${c}: ${over[j]} vs ${expected.toFixed(1)}`);
  });
});

test("normal tail beyond r = 3.65: P(Z > 5 | Z > r), P(Z > 6 | Z > r) and P(Z > 7 | Z > r) on 1e7 tail draws", () => {
  const r = new Rng(22), n = 10_000_000;
  const cuts = [4, 5, 6, 7];
  const over = new Array(cuts.length).fill(0);
  for (let i = 0; i < n; i++) {
    const x = r.normalTail();
    assert.ok(x > ZIG_R);
    for (let c = 0; c < cuts.length && x > cuts[c]!; c++) over[c]++;
  }
  cuts.forEach((c, j) => {
    const p = Q(c) / Q(ZIG_R), expected = n * p;
    assert.ok(Math.abs(over[j] - expected) < 5 * Math.sqrt(expected * (1 - p)) + 1, `Z > ${c}: ${over[j]} vs ${expected.toFixed(1)}`);
  });
});

test("normal: chi-square goodness of fit on 400 equiprobable bins (4e6 draws) and Kolmogorov–Smirnov (1e6)", () => {
  const bins = 400, n = 4_000_000;
  const counts = new Float64Array(bins);
  eachNormal(23, n, (z) => {
    for (let i = 0; i < z.length; i++) counts[Math.min(bins - 1, Math.floor(bins * Q(z[i]!)))]!++;
  });
  const e = n / bins;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - e) ** 2 / e;
  // Wilson–Hilferty: (χ²/ν)^{1/3} ≈ N(1 − 2/(9ν), 2/(9ν)); reject at p < 1e-6 either side
  const nu = bins - 1, zWH = (Math.cbrt(chi2 / nu) - (1 - 2 / (9 * nu))) / Math.sqrt(2 / (9 * nu));
  assert.ok(Math.abs(zWH) < 4.9, `chi2 = ${chi2.toFixed(1)} on ${nu} d.o.f. (z = ${zWH.toFixed(2)})`);
  const m = 1_000_000;
  const z = new Rng(24).fillNormal(new Float64Array(m)).sort();
  let D = 0;
  for (let i = 0; i < m; i++) {
    const F = 1 - Q(z[i]!);
    D = Math.max(D, Math.abs(F - i / m), Math.abs((i + 1) / m - F));
  }
  assert.ok(Math.sqrt(m) * D < 2.3, `KS √n·D = ${(Math.sqrt(m) * D).toFixed(3)} (p ≈ 1e-4 at 2.3)`);
});
