import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { mpStieltjes, mpStieltjesDerivative } from "../src/special/marchenkoPastur.ts";
import { wishartEigenvalues, empiricalStieltjes } from "../theorems/K2.ts";

test("m(z) matches its closed forms", () => {
  // γ = 1: z m² + z m + 1 = 0, positive root (−z − √(z² − 4z)) / (2z)
  for (const z of [-0.01, -0.5, -2, -50]) {
    const closed = (-z - Math.sqrt(z * z - 4 * z)) / (2 * z);
    assert.ok(Math.abs(mpStieltjes(1, z) / closed - 1) < 1e-14);
  }
  // z = 0, γ < 1: m = 1/(1 − γ), m′ = 1/(1 − γ)³; γ ≥ 1: diverges
  for (const g of [0.1, 0.5, 0.9]) {
    assert.ok(Math.abs(mpStieltjes(g, 0) * (1 - g) - 1) < 1e-14);
    assert.ok(Math.abs(mpStieltjesDerivative(g, 0) * (1 - g) ** 3 - 1) < 1e-12);
  }
  assert.equal(mpStieltjes(2, 0), Infinity);
  // γ → 0: the spectrum collapses at 1, m = 1/(1 − z)
  assert.ok(Math.abs(mpStieltjes(1e-12, -3) - 0.25) < 1e-11);
  // m′ against a central difference of m
  for (const g of [0.3, 1, 4]) for (const z of [-0.05, -1, -10]) {
    const h = 1e-6 * Math.abs(z);
    const fd = (mpStieltjes(g, z + h) - mpStieltjes(g, z - h)) / (2 * h);
    assert.ok(Math.abs(mpStieltjesDerivative(g, z) / fd - 1) < 1e-7, `γ=${g} z=${z}`);
  }
  // γ > 1 near z = 0: no cancellation (the root stays accurate and positive)
  const m = mpStieltjes(8, -1e-9);
  assert.ok(Math.abs(8 * -1e-9 * m * m - (1 - 8 + 1e-9) * m + 1) / (7 * m) < 1e-14);
  assert.throws(() => mpStieltjes(0.5, 0.1), /z must be/);
  assert.throws(() => mpStieltjes(0, -1), /gamma/);
});

test("m(z) and m′(z) match the spectrum of a sampled Wishart matrix (d = 300)", () => {
  const rng = new Rng(9);
  for (const gamma of [0.5, 2]) {
    const d = 300;
    const eigs = wishartEigenvalues(Math.round(d / gamma), d, rng);
    for (const lt of [0.1, 1, 5]) {
      // trace fluctuations are O(1/d) (measured ≤ 1.3e-3 here); 1% is far below the difference a
      // wrong transform makes (ratio 1/γ in place of γ changes m by 3–270% at these points)
      const tol = 0.01;
      assert.ok(Math.abs(empiricalStieltjes(eigs, -lt, 1) / mpStieltjes(gamma, -lt) - 1) < tol);
      assert.ok(Math.abs(empiricalStieltjes(eigs, -lt, 2) / mpStieltjesDerivative(gamma, -lt) - 1) < tol);
      assert.ok(Math.abs(empiricalStieltjes(eigs, -lt, 1) / mpStieltjes(1 / gamma, -lt) - 1) > tol);
    }
  }
});
