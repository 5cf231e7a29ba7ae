/**
 * K5's integration (src/theory/k5Law.ts, src/special/lattice.ts): the randomized lattice's stated
 * standard error is small and honest, and its building blocks are accurate. Kept apart from
 * test/k5.test.ts, whose module-level simulations take minutes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { contextRule, k5Theory } from "../src/theory/k5.ts";
import { K5_POINTS } from "../theorems/K5.ts";
import { korobovVector, normalQuantile } from "../src/special/lattice.ts";
import { Q, Qinv } from "../src/special/normal.ts";
import { fastQ } from "../src/special/millsRatio.ts";

test("the lattice rule's stated error is honest: ≤ 2e-4, consistent across seeds, and against a long Monte Carlo run", () => {
  const long = contextRule(16, { method: "monte-carlo", draws: 1_600_000, batches: 40, seed: 77 });
  const seeds = [11, 12, 13, 14, 15, 16, 17, 18];
  const rules = seeds.map((seed) => contextRule(16, { seed }));
  for (const p of [K5_POINTS[0]!, K5_POINTS[2]!, K5_POINTS[6]!]) {
    const ref = k5Theory(p, long);
    const runs = rules.map((rule) => k5Theory(p, rule));
    assert.equal(runs[0]!.method, "lattice");
    for (const r of runs) {
      assert.ok(r.stderr.error <= 2e-4, `stated stderr ${r.stderr.error}`);
      // against the long run (its stderr ≈ 1e-4 at 1.6e6 draws), within 4 combined standard errors
      assert.ok(Math.abs(r.error - ref.error) <= 4 * Math.hypot(r.stderr.error, ref.stderr.error), `${r.error} ± ${r.stderr.error} vs long ${ref.error} ± ${ref.stderr.error}`);
    }
    // the spread over independent seeds matches the stated stderr: their ratio has a χ-like law with
    // 7 degrees of freedom (99.9% range ≈ [0.30, 1.9]); a stderr stated 3× too small or large fails
    const m = runs.reduce((sum, r) => sum + r.error, 0) / runs.length;
    const sd = Math.sqrt(runs.reduce((sum, r) => sum + (r.error - m) ** 2, 0) / (runs.length - 1));
    const stated = Math.sqrt(runs.reduce((sum, r) => sum + r.stderr.error ** 2, 0) / runs.length);
    assert.ok(sd / stated > 0.3 && sd / stated < 1.9, `spread ${sd} against stated ${stated} at θ = ${p.theta}`);
  }
});

test("the lattice's normal quantile is accurate to 1.2e-9 relative, and Korobov vectors are full-period", () => {
  for (let i = 1; i < 20000; i++) {
    const u = i / 20000, x = normalQuantile(u), ref = -Qinv(u);
    assert.ok(Math.abs(x - ref) <= 1.2e-9 * Math.max(1, Math.abs(ref)), `u=${u}: ${x} vs ${ref}`);
  }
  for (const u of [1e-300, 1e-100, 1e-20, 1e-10]) assert.ok(Math.abs(normalQuantile(u) + Qinv(u)) <= 1.2e-9 * Math.abs(Qinv(u)));
  const z = korobovVector(1021, 8);
  assert.equal(z[0], 1);
  for (const zj of z) assert.ok(zj > 0 && zj < 1021);
});


test("fastQ (Chebyshev Mills ratio) agrees with Q to 2e-13 relative on normal results, and both give 0 beyond 40", () => {
  for (let i = -400000; i <= 400000; i++) {
    const x = i / 10000 + 1.234e-5, ref = Q(x), fast = fastQ(x);
    if (ref >= 1e-300) assert.ok(Math.abs(fast - ref) <= 2e-13 * ref, `x=${x}: ${fast} vs ${ref}`);
    else assert.ok(fast <= 1e-299, `x=${x}: ${fast} vs ${ref}`);
  }
  for (const x of [40.5, 1e10, Infinity]) assert.equal(fastQ(x), 0);
  assert.equal(fastQ(-Infinity), 1);
  assert.throws(() => fastQ(NaN), /NaN/);
});

test("K5 is scale-free down to the double range: (σ, c, r, λ, θ) → (sσ, sc, sr, s²λ, θ/s) leaves the error, ν/s², a·s and b·s unchanged", () => {
  const p = { d: 200, n: 400, T: 16, k: 2, c: 1, r: 1.5, rho: 0.2, sigma: 1, pool: "softmax" as const, lambda: 2, theta: 1 };
  // λ = 2 (s²λ stays a normal double down to s = 1e-150) and λ = 0 (down to s = 1e-290)
  for (const [lambda, scales] of [[2, [1e-150, 1e5]], [0, [1e-290, 1e-150]]] as const) {
    const ref = k5Theory({ ...p, lambda });
    for (const s of scales) {
      const t = k5Theory({ ...p, sigma: s, c: s, r: 1.5 * s, lambda: lambda * s * s, theta: 1 / s });
      const pairs = [[t.error, ref.error], [t.a * s, ref.a], [t.b * s, ref.b], [t.stderr.error, ref.stderr.error], ...(s * s > 1e-300 ? [[t.nu / (s * s), ref.nu]] : [])]; // ν itself underflows below
      for (const [x, y] of pairs) assert.ok(Math.abs(x! - y!) <= 1e-9 * Math.abs(y!), `λ=${lambda}, s=${s}: ${x} vs ${y}`);
    }
  }
  // λ → ∞: the head tends to the matched filter, whose error is finite (not ½); tiny σ: error → 0
  const big = k5Theory({ ...p, n: 1, d: 2, lambda: 1e12 }), huge = k5Theory({ ...p, n: 1, d: 2, lambda: 1e300 });
  assert.ok(Math.abs(big.error - huge.error) < 1e-11 && huge.error > 0.2 && huge.error < 0.4, `${big.error} vs ${huge.error}`);
  for (const sigma of [1e-100, 1e-300]) assert.equal(k5Theory({ ...p, sigma, lambda: 1 }).error, 0);
});
