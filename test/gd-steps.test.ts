/**
 * G1–G5: the first steps of gradient descent. Unit tests of the pieces (quadrature, the Gaussian
 * cosine integral, the three steps against hand-written formulas, the attention-mass integral,
 * control variates, slope fits), the claims' checks (agreement at seven points, each shown to fail
 * with the prediction perturbed by 5%), and the CLI.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng.ts";
import { makeLawG, sampleG } from "../src/data/lawG.ts";
import { chiSquareRule, gaussHermite, gaussLaguerre } from "../src/special/quadrature.ts";
import { gaussianCosine, isotropicCosineClosedForm } from "../src/theory/gaussianCosine.ts";
import { sampledAttentionMass } from "../src/eval/promptModel.ts";
import { attentionMassGiven, cosW1Limit, labelMeanLaw, predictedCosW1, type GdParams } from "../src/theory/gdSteps.ts";
import { fromArrays, threeStep } from "../src/train/threeStep.ts";
import { controlVariateEstimate, gdTrial } from "../src/sim/gdSteps.ts";
import { fitSlope } from "../src/sim/sampleComplexity.ts";
import { estimate } from "../src/sim/stats.ts";
import { dot, norm2 } from "../src/linalg/kernels.ts";
import { G1 } from "../theorems/G1.ts";
import { G2 } from "../theorems/G2.ts";
import { G3 } from "../theorems/G3.ts";
import { G4 } from "../theorems/G4.ts";
import { G5 } from "../theorems/G5.ts";
import { cli } from "./cliHarness.ts";

test("Gauss–Hermite and Gauss–Laguerre rules integrate polynomials exactly", () => {
  const gh = gaussHermite(6);
  const mom = (k: number) => gh.x.reduce((s, x, i) => s + gh.w[i]! * x ** k, 0);
  assert.ok(Math.abs(mom(0) - 1) < 1e-13 && Math.abs(mom(2) - 1) < 1e-12 && Math.abs(mom(4) - 3) < 1e-11 && Math.abs(mom(10) - 945) < 1e-8);
  assert.ok(Math.abs(mom(3)) < 1e-12);
  // Gamma(α + 1): E G = α + 1, E G² = (α + 1)(α + 2)
  const gl = gaussLaguerre(5, 7.5);
  const gm = (k: number) => gl.x.reduce((s, x, i) => s + gl.w[i]! * x ** k, 0);
  assert.ok(Math.abs(gm(1) - 8.5) < 1e-10 && Math.abs(gm(2) - 8.5 * 9.5) < 1e-8);
  // χ²_ν: mean ν, variance 2ν
  const chi = chiSquareRule(4, 30);
  const cm = chi.x.reduce((s, x, i) => s + chi.w[i]! * x, 0), c2 = chi.x.reduce((s, x, i) => s + chi.w[i]! * x * x, 0);
  assert.ok(Math.abs(cm - 30) < 1e-9 && Math.abs(c2 - cm * cm - 60) < 1e-7);
});

test("the Gaussian cosine integral matches Kummer's closed form (isotropic) and a Monte Carlo (anisotropic)", () => {
  for (const [a, s, d] of [[1, 0.1, 100], [0.2, 0.05, 400], [3, 1, 10], [1, 1, 3], [0.01, 1, 50], [0.25, 0.005, 256]] as const) {
    const quad = gaussianCosine([{ lambda: s * s, mult: d - 1, mu: 0, e: 0 }, { lambda: s * s, mult: 1, mu: a, e: 1 }]);
    const closed = isotropicCosineClosedForm(a, s, d);
    assert.ok(Math.abs(quad / closed - 1) < 1e-8, `a=${a} s=${s} d=${d}: ${quad} vs ${closed}`);
  }
  // anisotropic: Z = (μ1 + √λ1 g1, μ2 + √λ2 g2, bulk √λb g in 20 dims), cosine with e1
  const dirs = [{ lambda: 0.3, mult: 1, mu: 1.2, e: 1 }, { lambda: 2, mult: 1, mu: -0.5, e: 0 }, { lambda: 0.05, mult: 20, mu: 0, e: 0 }];
  const rng = new Rng(3);
  const vals: number[] = [];
  for (let i = 0; i < 40000; i++) {
    const z1 = 1.2 + Math.sqrt(0.3) * rng.normal(), z2 = -0.5 + Math.sqrt(2) * rng.normal();
    let ss = z1 * z1 + z2 * z2;
    for (let j = 0; j < 20; j++) ss += 0.05 * rng.normal() ** 2;
    vals.push(z1 / Math.sqrt(ss));
  }
  const mc = estimate(vals);
  const quad = gaussianCosine(dirs);
  assert.ok(Math.abs(mc.mean - quad) < 4 * mc.stderr, `MC ${mc.mean} ± ${mc.stderr} vs ${quad}`);
  // and a 5% change of the prediction is detected by the same Monte Carlo
  assert.ok(Math.abs(mc.mean - 1.05 * quad) > 4 * mc.stderr);
});

test("G1: the label-mean law sums to 1 and the exact cosine tends to its deterministic equivalent as d grows", () => {
  for (const n of [1, 2, 7, 100, 1001]) {
    const { prob } = labelMeanLaw(n);
    assert.ok(Math.abs(prob.reduce((a, b) => a + b, 0) - 1) < 1e-12, `n=${n}`);
  }
  const base: GdParams = { d: 50, n: 400, T: 16, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 1 };
  const gap = (d: number) => Math.abs(predictedCosW1({ ...base, d, n: 8 * d }) - cosW1Limit({ ...base, d, n: 8 * d }));
  assert.ok(gap(50) > gap(200) && gap(200) > gap(800), `gaps ${gap(50)} ${gap(200)} ${gap(800)}`);
  assert.ok(gap(800) < 1e-3);
});

test("the three steps equal the hand-written formulas; the debiased head is orthogonal to the debiased prompt", () => {
  const rng = new Rng(5);
  const law = makeLawG({ d: 7, T: 5, k: 2, c: 1.3, r: 0.9, rho: 0, sigma: 0.8, noise: "isotropic" }, rng);
  const { d, T } = law;
  const set = (n: number) => {
    const X: Float64Array[] = [], y: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = sampleG(law, rng, new Float64Array(T * d));
      X.push(s.X);
      y.push(s.y);
    }
    return { X, y };
  };
  const [s1, s2, s3] = [set(9), set(11), set(13)];
  const eta = 0.7, beta = 2.5;
  const res = threeStep(fromArrays(s1.X, s1.y), fromArrays(s2.X, s2.y), fromArrays(s3.X, s3.y), { T, d, eta, beta, debias: true });
  const row = (X: Float64Array, t: number) => Array.from(X.subarray(t * d, (t + 1) * d));
  const mean = (X: Float64Array) => Array.from({ length: d }, (_, j) => Array.from({ length: T }, (_, t) => X[t * d + j]!).reduce((a, b) => a + b, 0) / T);
  const close = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).every((x, i) => Math.abs(x - b[i]!) < 1e-12 * (1 + Math.abs(x)));
  // w1 = η mean(y x̄)
  const w1 = new Array(d).fill(0);
  s1.X.forEach((X, i) => mean(X).forEach((v, j) => (w1[j] += (eta * s1.y[i]! * v) / s1.X.length)));
  assert.ok(close(res.w1, w1));
  // q1 = β mean(y C w1), C = (1/T) Σ (x_t − x̄)(x_t − x̄)ᵀ
  const q1 = new Array(d).fill(0);
  s2.X.forEach((X, i) => {
    const xb = mean(X);
    for (let t = 0; t < T; t++) {
      const c = row(X, t).map((v, j) => v - xb[j]!);
      const cw = c.reduce((a, v, j) => a + v * w1[j]!, 0);
      c.forEach((v, j) => (q1[j] += (beta * s2.y[i]! * v * cw) / (T * s2.X.length)));
    }
  });
  assert.ok(close(res.q1, q1));
  // w2 = η mean(y Xᵀ softmax(X q1))
  const w2 = new Array(d).fill(0);
  s3.X.forEach((X, i) => {
    const a = Array.from({ length: T }, (_, t) => row(X, t).reduce((s, v, j) => s + v * q1[j]!, 0));
    const m = Math.max(...a), e = a.map((x) => Math.exp(x - m)), z = e.reduce((x, y) => x + y, 0);
    for (let t = 0; t < T; t++) row(X, t).forEach((v, j) => (w2[j] += (eta * s3.y[i]! * (e[t]! / z) * v) / s3.X.length));
  });
  assert.ok(close(res.w2, w2));
  const db = res.debiased!;
  assert.ok(Math.abs(dot(db.w, db.q)) < 1e-12 * norm2(db.w) * norm2(db.q));
  // w1ᶜ = η mean((y − ȳ) x̄)
  const yb = s1.y.reduce((a, b) => a + b, 0) / s1.y.length;
  const w1c = new Array(d).fill(0);
  s1.X.forEach((X, i) => mean(X).forEach((v, j) => (w1c[j] += (eta * (s1.y[i]! - yb) * v) / s1.X.length)));
  assert.ok(close(db.w1, w1c));
});

test("attention mass: exact limits, agreement with sampled scores, finite and fast for any spread", () => {
  assert.ok(Math.abs(attentionMassGiven(0, 0, 1.7, 12, 3) - 0.25) < 1e-9); // exchangeable scores
  assert.equal(attentionMassGiven(2, 1, 1, 6, 6), 1);
  const closed = 0.5 * ((3 * Math.exp(2.5)) / (3 * Math.exp(2.5) + 5) + (3 * Math.exp(1.5)) / (3 * Math.exp(1.5) + 5));
  assert.ok(Math.abs(attentionMassGiven(2, 0.5, 0, 8, 3) - closed) < 1e-15);
  assert.ok(Math.abs(attentionMassGiven(2, 0.5, 1e-4, 8, 3) - closed) < 1e-4);
  assert.ok(Math.abs(attentionMassGiven(800, 0, 0, 8, 3) - 1) < 1e-15 && attentionMassGiven(-800, 0, 0, 8, 3) === 0); // no overflow at τ = 0
  const rng = new Rng(8);
  // spreads up to τ = 1e300: the old trapezoid in Z overflowed to NaN above τ ≈ 39 and its cost grew like τ
  for (const [A, B, tau, T, k] of [[3, 0.5, 1.5, 16, 2], [6, 2, 0.3, 32, 1], [1, -1, 8, 16, 4], [10, 0, 20, 16, 2], [3, 2, 39, 12, 4], [100, 20, 1e4, 8, 2], [0, 0, 1e300, 4, 1], [2, 1, 5, 400, 10]] as const) {
    const t0 = performance.now();
    const exact = attentionMassGiven(A, B, tau, T, k);
    assert.ok(performance.now() - t0 < 2000, `(${A},${B},${tau},${T},${k}) took ${performance.now() - t0} ms`);
    const S = sampledAttentionMass(A, B, tau, T, k, 60000, rng);
    assert.ok(Math.abs(S.mean - exact) < 4 * S.stderr, `(${A},${B},${tau},${T},${k}): ${S.mean} ± ${S.stderr} vs ${exact}`);
  }
});

test("control variates keep the mean and shrink the stderr; slope fits recover a line", () => {
  const rng = new Rng(12);
  const xs: number[][] = [], vs: number[] = [];
  for (let i = 0; i < 400; i++) {
    const x = rng.normal();
    xs.push([x]);
    vs.push(2 + 3 * x + 0.1 * rng.normal());
  }
  const plain = estimate(vs), cv = controlVariateEstimate(vs, xs);
  assert.ok(Math.abs(cv.mean - 2) < 4 * cv.stderr && cv.stderr < plain.stderr / 10);
  const x = [1, 2, 3, 4].map(Math.log), y = x.map((v) => 0.5 - 1.7 * v);
  const f = fitSlope(x, y);
  assert.ok(Math.abs(f.slope + 1.7) < 1e-12 && Math.abs(f.intercept - 0.5) < 1e-12);
});

test("a trial is reproducible bit for bit from (seed, trial)", () => {
  const p = { d: 16, T: 6, k: 2, c: 1, r: 1, sigma: 1, eta: 1, beta: 30, n: 60, debias: true };
  assert.deepEqual(gdTrial(p, 4, 2), gdTrial(p, 4, 2));
  assert.notDeepEqual(gdTrial(p, 4, 2).cosQ1, gdTrial(p, 4, 3).cosQ1);
});

// The three agreement checks share one simulation (200 trials at each of the eleven points).
for (const claim of [G1, G2, G3]) {
  test(`${claim.id}: simulation agrees with the prediction at every point, and a 5% scaled prediction fails wherever the simulation can see it`, async () => {
    const res = await claim.check({ seed: 1 });
    const ev = res.evidence as Record<string, unknown>;
    const rows = ((ev.rows ?? []) as { pass: boolean }[]).concat((ev.attention ?? []) as { pass: boolean }[], (ev.testError ?? []) as { pass: boolean }[]);
    assert.ok(rows.length >= 6, `${rows.length} rows`);
    for (const r of rows as { pass: boolean; quantity: string; point: GdParams; mean: number; theory: number; tolerance: number }[]) {
      assert.ok(r.pass, `${r.quantity} at d=${r.point.d} n=${r.point.n}: sim ${r.mean} vs ${r.theory} (tol ${r.tolerance})`);
    }
    assert.equal(ev.perturbedPredictionsFail, true, JSON.stringify(ev.perturbed));
    assert.ok(res.pass, JSON.stringify(res.evidence).slice(0, 2000));
  });
}

test("G4: measured log-log slopes agree with the predicted ones (d: 1, T: −1, ζ: −2)", async () => {
  const res = await G4.check({ seed: 1 });
  const ev = res.evidence as { slopes: { axis: string; measured: { slope: number; lo: number; hi: number }; predicted: number; pass: boolean }[] };
  const d = ev.slopes.find((s) => s.axis === "d")!;
  assert.ok(d.measured.lo < d.predicted && d.predicted < d.measured.hi + 0.05, JSON.stringify(d));
  assert.ok(Math.abs(d.predicted - 1) < 0.05);
  assert.ok(res.pass, JSON.stringify(ev.slopes));
});

test("G5 (quick): prompt-tuning reaches the target error with fewer samples than fine-tuning", async () => {
  const res = await G5.check({ quick: true, seed: 1 });
  assert.ok(res.pass, JSON.stringify(res.evidence).slice(0, 1500));
});

test("CLI: theory and simulate gd-steps --json, and bad input", () => {
  const args = ["--d", "24", "--n", "120", "--T", "6", "--k", "2", "--beta", "30"];
  const t = cli(["theory", "gd-steps", ...args, "--json"]);
  assert.equal(t.status, 0, t.stderr);
  const th = JSON.parse(t.stdout);
  for (const key of ["cosW1", "cosQ1", "attentionMass", "testError"]) assert.equal(typeof th[key], "number", key);
  assert.equal(th.cosW1, predictedCosW1({ d: 24, n: 120, T: 6, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 30 }));
  const s = cli(["simulate", "gd-steps", ...args, "--trials", "6", "--seed", "2", "--debias", "--json"]);
  assert.equal(s.status, 0, s.stderr);
  const sim = JSON.parse(s.stdout);
  for (const key of ["cosW1", "cosQ1", "attentionMass", "testError"]) {
    assert.equal(typeof sim[key].mean, "number", key);
    assert.ok(sim[key].stderr > 0, key);
  }
  assert.equal(sim.trials, 6);
  assert.equal(typeof sim.debiased.testError.mean, "number");
  for (const [argv, msg] of [
    [["theory", "gd-steps", "--noise", "context-clean"], /--noise must be isotropic/],
    [["theory", "gd-steps", "--rho", "0.2"], /--rho must be 0/],
    [["theory", "gd-steps", "--beta", "0"], /--beta must be a number in \(0, /],
    [["simulate", "gd-steps", "--eta", "-1"], /--eta must be a number in \(0, /],
    [["theory", "gd-steps", "--d", "3"], /--d must be an integer in \[4, /],
  ] as [string[], RegExp][]) {
    const r = cli(argv);
    assert.equal(r.status, 2, `${argv.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, msg);
    assert.equal(r.stdout, "");
  }
});
