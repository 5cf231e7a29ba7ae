/**
 * K5: random attention weights under isotropic noise. The fixed point against its own min–max
 * objective, the reduction to K2, the law of (S, N) against the model's weights on real tokens,
 * the integration's error estimates, the trained pipeline's Monte Carlo at 8 points (and the
 * same check failing when r is perturbed by 5%), the measured u-coordinate effect, the optimal θ,
 * and the CLI.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { attentionLaw, contextRule, k5Theory, solveK5, type AttentionLaw, type ContextRule } from "../src/theory/k5.ts";
import { optimalTheta } from "../src/theory/k5Optimal.ts";
import { K5_POINTS, K5_TRIALS, compareWithK5, integrationChecks, k2Reduction, simulateK5Points, uCoordinateEffect } from "../theorems/K5.ts";
import { finiteSizeAllowance } from "../src/stats/agreement.ts";
import { knownPromptTrial, simulateKnownPrompt } from "../src/sim/knownPrompt.ts";
import { Rng } from "../src/random/rng.ts";
import { makeLawG, sampleG } from "../src/data/lawG.ts";
import { attentionWeights } from "../src/models/promptAttention.ts";
import { dot } from "../src/linalg/kernels.ts";

const rule16 = contextRule(16);

test("K5 reduces to K2 when S and N are constant (θ = 0, and arbitrary constants)", () => {
  const { rows, worst } = k2Reduction();
  assert.ok(rows.length >= 15);
  assert.ok(worst < 1e-10, `worst |K5 − K2| = ${worst}`);
});

/** Φ(a, b, ν) of the derivation's step 7: the scalar min–max objective. */
function phi(law: AttentionLaw, r: number, gamma: number, lambdaBar: number, a: number, b: number, nu: number): number {
  let s = 0;
  for (let j = 0; j < law.S.length; j++) {
    const S = law.S[j]!, N2 = law.N[j]! ** 2;
    s += (law.w[j]! * nu * ((1 - r * a * S) ** 2 + N2 * (a * a + b * b))) / (nu + N2);
  }
  return s - gamma * nu * b * b + lambdaBar * (a * a + b * b);
}

const lawArb = fc
  .array(fc.record({ S: fc.double({ min: 0, max: 1, noNaN: true }), N: fc.double({ min: 0.05, max: 2, noNaN: true }), w: fc.double({ min: 0.05, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 6 })
  .map((pts): AttentionLaw => {
    const total = pts.reduce((s, p) => s + p.w, 0);
    return { S: Float64Array.from(pts, (p) => p.S), N: Float64Array.from(pts, (p) => p.N), w: Float64Array.from(pts, (p) => p.w / total), exact: true };
  });

test("the fixed point is a stationary point of Φ (finite differences in a, b, ν)", () => {
  fc.assert(
    fc.property(lawArb, fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), fc.double({ min: 1e-3, max: 2, noNaN: true }), (law, r, gamma, lambdaBar) => {
      const fp = solveK5(law, r, gamma, lambdaBar);
      assert.ok(fp.converged && fp.regime === "ridge", JSON.stringify(fp));
      const { a, b, nu } = fp;
      const at = (x: number, y: number, z: number) => phi(law, r, gamma, lambdaBar, x, y, z);
      // each variable is stepped by 1e-4 of its own size; the residual x·∂Φ/∂x is compared with
      // the size of Φ's terms (central differences: truncation ~1e-8 of that, far below 1e-6)
      const sizes = [Math.max(Math.abs(a), 1e-3 * b), b, nu]; // ν > 0 and b > 0 in the ridge regime
      const scale = at(a, b, nu) + 2 * gamma * nu * b * b;
      const grad = [
        (x: number) => at(x, b, nu),
        (y: number) => at(a, y, nu),
        (z: number) => at(a, b, z),
      ].map((f, i) => {
        const x = [a, b, nu][i]!, u = sizes[i]!, h = 1e-4 * u;
        return (u * (f(x + h) - f(x - h))) / (2 * h);
      });
      for (const g of grad) assert.ok(Math.abs(g) < 1e-6 * scale, `x·∂Φ/∂x = ${grad} (scale ${scale}) at a=${a}, b=${b}, ν=${nu}`);
    }),
    { seed: 51, numRuns: 200 },
  );
});

test("the minimum-norm closed form is the λ̄ → 0 limit of the ridge fixed point (γ > 1)", () => {
  fc.assert(
    fc.property(lawArb, fc.double({ min: 0.2, max: 3, noNaN: true }), fc.double({ min: 1.2, max: 6, noNaN: true }), (law, r, gamma) => {
      const mn = solveK5(law, r, gamma, 0);
      const ridge = solveK5(law, r, gamma, 1e-12);
      assert.equal(mn.regime, "min-norm");
      assert.ok(ridge.converged);
      // the ridge solution differs from its limit by O(λ̄ / ((γ − 1) N²)) ≤ ~1e-8 relative here
      assert.ok(Math.abs(mn.a - ridge.a) <= 1e-6 * (1e-3 + Math.abs(mn.a)) && Math.abs(mn.b - ridge.b) <= 1e-6 * mn.b, `${JSON.stringify(mn)} vs ${JSON.stringify(ridge)}`);
    }),
    { seed: 52, numRuns: 100 },
  );
  const law: AttentionLaw = { S: Float64Array.of(0.5), N: Float64Array.of(0.4), w: Float64Array.of(1), exact: true };
  assert.equal(solveK5(law, 1, 1, 0).error, 0.5); // interpolation peak
});

test("the law of (S, N) is the model's own attention on law-G tokens with isotropic noise", () => {
  const rng = Rng.derive(7, "test/k5/law");
  for (const pool of ["softmax", "linear"] as const) for (const theta of [0.3, 2, 9]) {
    const p = { d: 30, T: 7, k: 3, c: 1.3, r: 1, rho: 0.4, sigma: 0.8, noise: "isotropic" as const };
    const law = makeLawG(p, rng);
    for (let rep = 0; rep < 5; rep++) {
      const { X, R } = sampleG(law, rng);
      const s = attentionWeights(pool, X, p.T, p.d, law.u.map((x) => theta * x));
      let S = 0;
      for (const t of R) S += s[t]!;
      const N = p.sigma * Math.sqrt(dot(s, s));
      // the same input as a one-point rule: standardized context noises, relevant tokens first
      const order = [...R, ...Array.from({ length: p.T }, (_, t) => t).filter((t) => !R.includes(t))];
      const z = Float64Array.from(order, (t, i) => (dot(X, law.u, p.d, t * p.d, 0) - (i < p.k ? p.c : p.rho * p.c)) / p.sigma);
      const rule: ContextRule = { kind: "monte-carlo", T: p.T, z, w: Float64Array.of(1), points: 1, batches: 2 };
      const one = attentionLaw({ ...p, theta, pool }, rule);
      assert.ok(Math.abs(one.S[0]! - S) < 1e-9 && Math.abs(one.N[0]! - N) < 1e-9, `${pool} θ=${theta}: law (${one.S[0]}, ${one.N[0]}) vs model (${S}, ${N})`);
    }
  }
});

test("integration: Gauss–Hermite vs Monte Carlo, exact hardmax vs θσ = 1e3, min-norm vs ridge", () => {
  const res = integrationChecks(3);
  assert.ok(res.pass, JSON.stringify(res));
});

const sims = simulateK5Points(K5_POINTS, K5_TRIALS, 2027);

test("the K5 points cover n < d and n > d, λ = 0 and λ > 0, ρ = 0 and ρ > 0", () => {
  const has = (f: (p: (typeof K5_POINTS)[number]) => boolean) => K5_POINTS.some(f);
  assert.ok(K5_POINTS.length >= 6);
  assert.ok(has((p) => p.n < p.d) && has((p) => p.n > p.d));
  assert.ok(has((p) => p.lambda === 0) && has((p) => p.lambda > 0));
  assert.ok(has((p) => p.rho === 0) && has((p) => p.rho > 0));
  assert.ok(K5_POINTS.every((p) => p.noise === "isotropic"));
});

test("the trained pipeline agrees with K5 within 3·stderr + 0.5/d at every point", () => {
  for (const r of compareWithK5(sims, 1, rule16)) {
    assert.ok(r.pass, `n=${r.point.n} ρ=${r.point.rho} λ=${r.point.lambda} θ=${r.point.theta} ${r.point.pool}: sim ${r.mean} ± ${r.stderr} vs K5 ${r.theory} (tol ${r.tolerance})`);
  }
});

test("the same check fails at every point when r is perturbed by 5% in the theory", () => {
  for (const scale of [1.05, 0.95]) {
    for (const r of compareWithK5(sims, scale, rule16)) {
      assert.ok(!r.pass, `r × ${scale} still passes at n=${r.point.n} θ=${r.point.theta}: sim ${r.mean} vs ${r.theory} (tol ${r.tolerance})`);
    }
  }
});

test("the neglected u-coordinate: measured paired effect, within the allowance", (t) => {
  for (const p of [K5_POINTS[1]!, K5_POINTS[5]!]) {
    const e = uCoordinateEffect(p, 40, 404);
    t.diagnostic(`u-coordinate effect at n=${p.n}, d=${p.d}, θ=${p.theta}: ${e.effect.mean.toExponential(2)} ± ${e.effect.stderr.toExponential(2)}`);
    assert.ok(Math.abs(e.effect.mean) <= finiteSizeAllowance(p.d), JSON.stringify(e));
  }
  // at λ = 0, n > d the head restricted to u⊥ is still a proper least-squares fit
  const drop = knownPromptTrial({ ...K5_POINTS[1]!, dropContext: true }, 1, 0);
  assert.ok(drop.solverOk && Math.abs(drop.wu) < 1e-10 && drop.error < 0.3, JSON.stringify(drop));
});

test("the error-minimizing θ is finite and beats mean pooling and hardmax", () => {
  const p = { T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, pool: "softmax" as const, n: 400, d: 200, lambda: 0 };
  const opt = optimalTheta(p, { rule: rule16 });
  assert.ok(opt.interior && opt.converged && opt.fixedPointsConverged, JSON.stringify(opt));
  assert.ok(opt.error < opt.errorMean - 3 * opt.stderr && opt.error < opt.errorHardmax - 3 * opt.stderr);
  // it is a minimum: nearby θ do no better on the same draws
  for (const f of [0.8, 1.25]) assert.ok(k5Theory({ ...p, theta: opt.theta * f }, rule16).error >= opt.error);
});

test("the simulation is reproducible: same seed, same numbers", () => {
  const p = { ...K5_POINTS[0]!, d: 40, n: 30 };
  assert.deepEqual(simulateKnownPrompt(p, 3, 5).error, simulateKnownPrompt(p, 3, 5).error);
});

function cli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { encoding: "utf8" });
}

test("CLI: known-prompt --noise isotropic dispatches to K5; optimal-theta; bad input", () => {
  const th = cli(["theory", "known-prompt", "--noise", "isotropic", "--theta", "1", "--c", "3", "--json"]);
  assert.equal(th.status, 0, th.stderr);
  const t = JSON.parse(th.stdout);
  assert.equal(t.claim, "K5");
  for (const key of ["nu", "a", "b", "error"]) assert.equal(typeof t[key], "number", key);
  assert.ok(t.stderr.error > 0 && t.converged);
  const clean = JSON.parse(cli(["theory", "known-prompt", "--json"]).stdout);
  assert.equal(clean.claim, "K2"); // the default stays context-clean
  const sim = cli(["simulate", "known-prompt", "--noise", "isotropic", "--d", "40", "--n", "60", "--trials", "4", "--workers", "1", "--json"]);
  assert.equal(sim.status, 0, sim.stderr);
  const s = JSON.parse(sim.stdout);
  assert.equal(s.theory.claim, "K5");
  assert.ok(Number.isFinite(s.z) && s.error.trials === 4);
  const two = JSON.parse(cli(["simulate", "known-prompt", "--noise", "isotropic", "--d", "40", "--n", "60", "--trials", "4", "--workers", "2", "--json"]).stdout);
  assert.deepEqual(two.error, s.error); // the isotropic trial runs on the worker pool, bit-identically
  const opt = cli(["optimal-theta", "--T", "8", "--draws", "100000", "--json"]);
  assert.equal(opt.status, 0, opt.stderr);
  const o = JSON.parse(opt.stdout);
  assert.ok(o.interior && o.search.converged && o.optimal.error < o.meanPooling.error && o.optimal.error < o.hardmax.error, opt.stdout);
  for (const [flag, ...bad] of [["--draws", "optimal-theta", "--draws", "10"], ["--noise", "optimal-theta", "--noise", "context-clean"], ["--rho", "optimal-theta", "--rho", "1"]]) {
    const res = cli(bad);
    assert.equal(res.status, 2, bad.join(" "));
    assert.equal(res.stdout, "");
    assert.ok(res.stderr.startsWith("error: ") && res.stderr.includes(flag!) && res.stderr.split("\n").length === 2, res.stderr);
  }
});
