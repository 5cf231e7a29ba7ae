import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { ssaForward, ssaGrad, READOUTS } from "../src/models/ssa.ts";
import { train, lossAndGrad, initParams, MODEL_KINDS, type Params } from "../src/train/gd.ts";
import { accuracy } from "../src/train/accuracy.ts";
import { LOSSES } from "../src/train/losses.ts";
import { makeLawG, sampleG } from "../src/data/lawG.ts";
import { drawSet } from "../src/data/dataset.ts";
import { numericGrad } from "./numericGrad.ts";


function assertClose(got: Float64Array, want: Float64Array, tol: number, label: string): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < got.length; i++) {
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol * Math.max(1, Math.abs(want[i]!)), `${label}[${i}]: analytic ${got[i]} vs numeric ${want[i]}`);
  }
}

test("SSA gradients in W and w match central finite differences for every readout", () => {
  const rng = new Rng(11);
  for (const readout of READOUTS) for (let rep = 0; rep < 4; rep++) {
    const T = 3 + rep, d = 2 + rep;
    const X = rng.fillNormal(new Float64Array(T * d));
    const W = rng.fillNormal(new Float64Array(d * d), 0.7);
    const w = rng.fillNormal(new Float64Array(d));
    const { f, gW, gw } = ssaGrad(X, T, d, W, w, readout);
    assert.ok(Math.abs(f - ssaForward(X, T, d, W, w, readout)) < 1e-14 * Math.max(1, Math.abs(f)));
    assertClose(gW, numericGrad((WW) => ssaForward(X, T, d, WW, w, readout), W), 1e-7, `${readout} ∂W`);
    assertClose(gw, numericGrad((ww) => ssaForward(X, T, d, W, ww, readout), w), 1e-7, `${readout} ∂w`);
  }
});

test("the finite-difference check detects a wrong SSA gradient (the W gradient transposed)", () => {
  const rng = new Rng(12);
  const T = 5, d = 3, readout = "mean" as const;
  const X = rng.fillNormal(new Float64Array(T * d));
  const W = rng.fillNormal(new Float64Array(d * d));
  const w = rng.fillNormal(new Float64Array(d));
  const { gW } = ssaGrad(X, T, d, W, w, readout);
  const transposed = new Float64Array(d * d);
  for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) transposed[r * d + c] = gW[c * d + r]!;
  assert.throws(() => assertClose(transposed, numericGrad((WW) => ssaForward(X, T, d, WW, w, readout), W), 1e-7, "∂Wᵀ"));
});

test("SSA readouts: first and last use one query, mean averages all; scores are computed overflow-safely", () => {
  const T = 4, d = 2;
  const X = Float64Array.from([1, 0, 0, 1, -1, 0, 0, -1]);
  const W = Float64Array.from([1e4, 0, 0, 1e4]); // huge scores: attention is one-hot on each query's own token
  const w = Float64Array.from([1, 2]);
  assert.ok(Math.abs(ssaForward(X, T, d, W, w, "first") - 1) < 1e-12);
  assert.ok(Math.abs(ssaForward(X, T, d, W, w, "last") + 2) < 1e-12);
  assert.ok(Math.abs(ssaForward(X, T, d, W, w, "mean") - 0) < 1e-12);
});

test("objective gradients of every model and loss (with l2) match finite differences", () => {
  const rng = new Rng(13);
  const T = 4, d = 3, n = 5;
  const data = { X: Array.from({ length: n }, () => rng.fillNormal(new Float64Array(T * d))), y: Float64Array.from({ length: n }, () => rng.sign()), T, d };
  for (const model of MODEL_KINDS) for (const loss of LOSSES) {
    const p = initParams(model, d, "random", 1, 3);
    const { grad } = lossAndGrad(model, p, data, loss, "last", 0.1);
    for (const key of ["q", "W", "w"] as const) {
      const num = numericGrad((x) => lossAndGrad(model, { ...p, [key]: x } as Params, data, loss, "last", 0.1).loss, p[key]);
      assertClose(grad[key], num, 1e-6, `${model}/${loss} ∂${key}`);
    }
  }
});

test("train drives the logistic loss down and separates an easy law-G problem (spa, lpa, uni, ssa)", () => {
  const law = makeLawG({ d: 6, T: 6, k: 2, c: 2, r: 2, rho: 0, sigma: 0.4, noise: "isotropic" }, new Rng(20));
  const rng = new Rng(21);
  const trainSet = drawSet(150, law.T, law.d, (X) => sampleG(law, rng, X));
  const testSet = drawSet(300, law.T, law.d, (X) => sampleG(law, rng, X));
  for (const model of MODEL_KINDS) {
    const res = train(trainSet, { model, loss: "logistic", steps: 80, lr: 0.5, seed: 1 });
    assert.ok(!res.diverged && res.steps > 0, model);
    assert.ok(res.finalLoss < 0.25 * res.history[0]!, `${model}: loss ${res.history[0]} → ${res.finalLoss}`);
    assert.ok(accuracy(model, res.params, testSet) > 0.95, `${model}: test accuracy ${accuracy(model, res.params, testSet)}`);
  }
});

test("normalized steps, validation early stopping and divergence reporting", () => {
  const law = makeLawG({ d: 4, T: 5, k: 2, c: 2, r: 2, rho: 0, sigma: 0.4, noise: "isotropic" }, new Rng(30));
  const rng = new Rng(31);
  const trainSet = drawSet(60, law.T, law.d, (X) => sampleG(law, rng, X));
  const val = drawSet(60, law.T, law.d, (X) => sampleG(law, rng, X));
  const norm = train(trainSet, { model: "spa", loss: "logistic", steps: 30, lr: 0.2, normalized: true });
  assert.ok(norm.finalLoss < norm.history[0]!);
  const es = train(trainSet, { model: "uni", loss: "squared", steps: 400, lr: 0.3, validation: val, patience: 5 });
  assert.ok(es.stoppedEarly && es.steps < 400, `stopped after ${es.steps}`);
  const big = train(trainSet, { model: "spa", loss: "squared", steps: 200, lr: 1e6 });
  assert.ok(big.diverged && big.params.w.every(Number.isFinite));
  // same seed, same result
  const a = train(trainSet, { model: "lpa", loss: "logistic", steps: 10, lr: 0.1, seed: 4 });
  const b = train(trainSet, { model: "lpa", loss: "logistic", steps: 10, lr: 0.1, seed: 4 });
  assert.deepEqual(a.params, b.params);
});
