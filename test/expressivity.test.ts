import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Rng } from "../src/random/rng.ts";
import { dot } from "../src/linalg/kernels.ts";
import { gramT } from "../src/linalg/kernels.ts";
import { ssaForward } from "../src/models/ssa.ts";
import { makeLawB, sampleB, lawBInput } from "../src/data/lawB.ts";
import { makeLawGT, sampleGT, gtMean, twinScale } from "../src/data/lawGT.ts";
import { makeLawEC, sampleEC } from "../src/data/lawEC.ts";
import { clopperPearson, coinDispersion } from "../src/sim/binomial.ts";
import { E1, e1Sufficient, e1Tight, e1Threshold, lawBPositiveThreshold, spaMargin } from "../theorems/E1.ts";
import { E2, e2GramEqual, e2NoiseCoupling, e2SpaExact } from "../theorems/E2.ts";
import { E3, e3MeanZero, e3Flip, e3SpaExact, ssaTolerance } from "../theorems/E3.ts";
import { E4 } from "../theorems/E4.ts";

/** Fixed seed and ≥ 200 runs; fc.assert prints the seed and path of any counterexample. */
const RUNS = { seed: 20230603, numRuns: 250 };

test("E1 properties: SPA exact above θ*, tight at the adversarial instance", () => {
  fc.assert(e1Sufficient, RUNS);
  fc.assert(e1Tight, RUNS);
});

test("E1: a threshold 5% lower is refuted at every adversarial instance with θ* > 0", () => {
  const lowered = fc.property(lawBPositiveThreshold, (p) => {
    const rng = new Rng(p.seed);
    const law = makeLawB({ d: p.d, T: p.T, k: p.k, c: p.c, r: p.r, m: p.m, B: p.B, tau: p.tau, mode: "adversarial" }, rng);
    const R = rng.subset(p.T, p.k);
    const irr = p.T - p.k;
    const X = lawBInput(law, p.y, R, new Array(irr).fill(1 - p.m), new Array(irr).fill(-p.y * p.B), null);
    const th = e1Threshold(p.T, p.k, p.B, p.c, p.m);
    return th > 0 && spaMargin(X, p.T, p.d, law.u, law.v, 0.95 * th, p.y) < 0;
  });
  fc.assert(lowered, RUNS);
});

test("E2 properties: equal Grams at σ = 0, the reflection coupling with noise, SPA exact", () => {
  fc.assert(e2GramEqual, RUNS);
  fc.assert(e2NoiseCoupling, RUNS);
  fc.assert(e2SpaExact, RUNS);
});

test("E2's Gram identity breaks when α is off by 5% (the check can fail)", () => {
  const law = makeLawGT({ d: 5, T: 9, k: 3, c: 1.5, r: 1, sigma: 0 }, new Rng(3));
  const R = Int32Array.from([1, 4, 6]);
  const Ap = gtMean(law, 1, R), Am = gtMean(law, -1, R);
  assert.ok(Math.max(...gramT(Ap, 9, 5).map((x, i) => Math.abs(x - gramT(Am, 9, 5)[i]!))) < 1e-13, "Grams equal at the true α");
  const off = (A: Float64Array) => A.map((x, i) => (R.includes(Math.floor(i / 5)) ? x : 1.05 * x));
  const Gp = gramT(off(Ap), 9, 5), Gm = gramT(off(Am), 9, 5);
  assert.ok(Math.max(...Gp.map((x, i) => Math.abs(x - Gm[i]!))) > 1e-2, "Grams differ at 1.05 α");
});

test("E3 properties: mean readout 0, first/last flip under a pair swap, SPA exact", () => {
  fc.assert(e3MeanZero, RUNS);
  fc.assert(e3Flip, RUNS);
  fc.assert(e3SpaExact, RUNS);
});

test("E3's mean-readout identity fails when echoes are not exact negations (the check can fail)", () => {
  const law = makeLawEC({ d: 4, P: 3, k: 1, c: 2, r: 1.5, sigma: 0.3, m: 0.5, B: 1, tau: 1 }, new Rng(4));
  const rng = new Rng(5);
  const s = sampleEC(law, rng);
  const W = rng.fillNormal(new Float64Array(16)), w = rng.fillNormal(new Float64Array(4));
  assert.ok(Math.abs(ssaForward(s.X, law.T, 4, W, w, "mean")) <= ssaTolerance(s.X, law.T, 4, w));
  const broken = Float64Array.from(s.X);
  const t = s.partner[0]!;
  for (let j = 0; j < 4; j++) broken[t * 4 + j] *= 0.95;
  assert.ok(Math.abs(ssaForward(broken, law.T, 4, W, w, "mean")) > 1e3 * ssaTolerance(broken, law.T, 4, w));
});

test("law B: relevant tokens exact, distractors within the bounds; adversarial mode at the bounds", () => {
  const p = { d: 6, T: 10, k: 3, c: 1.7, r: 0.8, m: 0.3, B: 1.4, tau: 2 };
  for (const mode of ["random", "adversarial"] as const) {
    const law = makeLawB({ ...p, mode }, new Rng(1));
    const rng = new Rng(2);
    for (let i = 0; i < 200; i++) {
      const s = sampleB(law, rng);
      for (let t = 0; t < p.T; t++) {
        const cu = dot(s.X, law.u, p.d, t * p.d) / p.c, rv = dot(s.X, law.v, p.d, t * p.d) / p.r;
        if (s.R.includes(t)) {
          assert.ok(Math.abs(cu - 1) < 1e-12 && Math.abs(rv - s.y) < 1e-12, `relevant token ${t}: β=${cu}, ε=${rv}`);
        } else if (mode === "random") {
          assert.ok(cu <= 1 - p.m + 1e-12 && Math.abs(rv) <= p.B + 1e-12, `β = ${cu}, ε = ${rv}`);
        } else {
          assert.ok(Math.abs(cu - (1 - p.m)) < 1e-12 && Math.abs(rv + s.y * p.B) < 1e-12, `adversarial token ${t}: β=${cu}, ε=${rv}`);
        }
      }
    }
  }
  const law = makeLawB({ ...p, mode: "random" }, new Rng(1));
  assert.throws(() => lawBInput(law, 1, Int32Array.from([0, 1, 2]), new Array(7).fill(1 - p.m + 0.01), new Array(7).fill(0), null), /out of law B/);
});

test("law GT: twin structure, α = √(k/(T−k)), noise of the stated size", () => {
  const law = makeLawGT({ d: 50, T: 7, k: 3, c: 1, r: 2, sigma: 0.5 }, new Rng(6));
  assert.throws(() => makeLawGT({ d: 5, T: 6, k: 3, c: 1, r: 1, sigma: 0 }, new Rng(1)), /k < T\/2/);
  const rng = new Rng(7);
  let ss = 0, count = 0;
  for (let i = 0; i < 200; i++) {
    const s = sampleGT(law, rng);
    const mean = gtMean(law, s.y, s.R);
    for (let j = 0; j < mean.length; j++) {
      ss += (s.X[j]! - mean[j]!) ** 2;
      count++;
    }
    const t = [0, 1, 2, 3, 4, 5, 6].find((x) => !s.R.includes(x))!;
    assert.ok(Math.abs(dot(mean, law.v, 50, t * 50) + s.y * 2 * twinScale(7, 3)) < 1e-12, "irrelevant label coordinate −yαr");
  }
  assert.ok(Math.abs(Math.sqrt(ss / count) - 0.5) < 0.01, `noise sd ${Math.sqrt(ss / count)}`);
});

test("law EC: exact pairs with one shared noise draw, R marks the relevant a, positions uniform", () => {
  const law = makeLawEC({ d: 5, P: 4, k: 2, c: 2, r: 1, sigma: 0.4, m: 0.5, B: 1, tau: 1 }, new Rng(8));
  const rng = new Rng(9);
  const firstRelevant = [0, 0];
  for (let i = 0; i < 2000; i++) {
    const s = sampleEC(law, rng);
    for (let t = 0; t < law.T; t++) {
      const q = s.partner[t]!;
      assert.ok(q !== t && s.partner[q] === t, `partner map at ${t}`);
      for (let j = 0; j < 5; j++) assert.equal(s.X[q * 5 + j], -s.X[t * 5 + j]!);
    }
    for (const t of s.R) assert.ok(dot(s.X, law.u, 5, t * 5) > 0, `R[${t}] is an echo, not a relevant a`);
    firstRelevant[s.R.includes(0) ? 1 : 0]++;
  }
  // position 0 holds one of the k = 2 relevant tokens a with probability k/T = 1/4
  const ci = clopperPearson(firstRelevant[1]!, 2000, 0.999);
  assert.ok(ci.low <= 0.25 && 0.25 <= ci.high, JSON.stringify(ci));
});

/** Binomial(n, p) tail P(X ≥ x), summed directly in log space (independent of the beta route). */
function upperTail(x: number, n: number, p: number): number {
  let lc = 0, s = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) lc += Math.log(n - i + 1) - Math.log(i);
    if (i >= x) s += Math.exp(lc + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return s;
}

test("Clopper–Pearson endpoints solve the binomial tail equations; closed forms at x = 0 and x = n", () => {
  for (const [x, n] of [[5, 100], [1, 10], [37, 50], [500, 1000], [999, 1000]] as const) {
    const ci = clopperPearson(x, n);
    assert.ok(Math.abs(upperTail(x, n, ci.low) - 0.025) < 1e-6, `low: ${upperTail(x, n, ci.low)}`);
    assert.ok(Math.abs(1 - upperTail(x + 1, n, ci.high) - 0.025) < 1e-6, `high: ${1 - upperTail(x + 1, n, ci.high)}`);
    // a 5% shift of an endpoint breaks the equation
    assert.ok(Math.abs(upperTail(x, n, ci.low * 0.95) - 0.025) > 1e-3, `shifted low still solves the equation at x=${x}, n=${n}`);
  }
  assert.ok(Math.abs(clopperPearson(0, 10).high - (1 - 0.025 ** 0.1)) < 1e-12, "x = 0 closed form");
  assert.ok(Math.abs(clopperPearson(10, 10).low - 0.025 ** 0.1) < 1e-12, "x = n closed form");
  assert.throws(() => clopperPearson(11, 10), /successes/);
});

test("coin dispersion test: quiet on fair coins, rejects a mix of 0.4- and 0.6-coins", () => {
  const rng = new Rng(10);
  const flip = (p: number) => { let c = 0; for (let j = 0; j < 100; j++) if (rng.uniform() < p) c++; return c; };
  const fair = Array.from({ length: 200 }, () => flip(0.5));
  const mixed = Array.from({ length: 200 }, (_, i) => flip(i % 2 ? 0.4 : 0.6));
  assert.equal(coinDispersion(fair, 100).reject, false);
  assert.equal(coinDispersion(mixed, 100).reject, true);
  // pooled, the mixed coins look fair: the reason E2 does not pool
  const pooled = clopperPearson(mixed.reduce((a, b) => a + b, 0), 20000);
  assert.ok(pooled.low <= 0.5 && 0.5 <= pooled.high, JSON.stringify(pooled));
});

test("E1–E4 checks pass (quick), on random and on trained parameters", async () => {
  for (const claim of [E1, E2, E3, E4]) {
    const res = await claim.check({ quick: true, seed: 1 });
    assert.equal(res.pass, true, `${claim.id}: ${JSON.stringify(res.evidence).slice(0, 2000)}`);
  }
});
