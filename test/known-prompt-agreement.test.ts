/**
 * K4: the Monte Carlo of the trained pipeline against K2 at 8 points (n < d and n > d, λ = 0
 * and λ > 0, ρ = 0 and ρ > 0, softmax / linear / uniform pooling), and proof that the check
 * can fail: with K2's SNR perturbed by 5%, every point falls outside its tolerance.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { K4_POINTS, compareWithK2, simulatePoints } from "../theorems/K4.ts";

const sims = simulatePoints(K4_POINTS, 100, 2026);

test("the K4 points cover the required regimes", () => {
  const has = (f: (p: (typeof K4_POINTS)[number]) => boolean) => K4_POINTS.some(f);
  assert.ok(K4_POINTS.length >= 8);
  assert.ok(has((p) => p.n < p.d) && has((p) => p.n > p.d));
  assert.ok(has((p) => p.lambda > 0) && has((p) => p.lambda === 0) && has((p) => p.rho > 0));
  for (const pool of ["softmax", "linear", "uniform"]) assert.ok(has((p) => p.pool === pool));
});

test("simulation agrees with K2 within 3·stderr + 0.5/d at every point", () => {
  const rows = compareWithK2(sims);
  for (const r of rows) {
    assert.ok(r.pass, `${r.point.pool} n=${r.point.n} λ=${r.point.lambda}: sim ${r.mean} ± ${r.stderr} vs K2 ${r.theory} (tol ${r.tolerance})`);
  }
});

test("the same check fails at every point when K2's SNR is perturbed by 5%", () => {
  for (const scale of [1.05, 0.95]) {
    const rows = compareWithK2(sims, scale);
    for (const r of rows) assert.ok(!r.pass, `r_eff × ${scale} still passes at ${r.point.pool} n=${r.point.n}: sim ${r.mean} vs ${r.theory} (tol ${r.tolerance})`);
  }
});
