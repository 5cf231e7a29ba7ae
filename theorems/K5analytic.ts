/**
 * K5's checks that need no simulation (theorems/K5.ts runs them): (a) the reduction to K2 where
 * S and N are constant, (b) the integration and the closed forms each against an independent
 * route, (e) the error-minimizing θ at the report's default setting.
 */
import { attentionLaw, contextRule, k5Theory, solveK5, type AttentionLaw, type K5Point } from "../src/theory/k5.ts";
import { optimalTheta } from "../src/theory/k5Optimal.ts";
import { k2Margin, knownPromptTheory } from "../src/theory/knownPrompt.ts";
import { Q } from "../src/special/normal.ts";

/** A law with one point (constant S, N). */
const constantLaw = (S: number, N: number): AttentionLaw => ({ S: Float64Array.of(S), N: Float64Array.of(N), w: Float64Array.of(1), exact: true });

/** (a) K5 against K2 where S, N are constant: at θ = 0, and for arbitrary constants. */
export function k2Reduction() {
  const rows: Record<string, number>[] = [];
  const shapes = [{ n: 100, d: 200, lambda: 0 }, { n: 400, d: 200, lambda: 0 }, { n: 400, d: 200, lambda: 5 }, { n: 100, d: 200, lambda: 3 }, { n: 200, d: 200, lambda: 1 }];
  for (const shape of shapes) for (const rho of [0, 0.4]) {
    const p = { T: 16, k: 3, c: 1, r: 1.5, rho, sigma: 0.8, theta: 0, pool: "softmax" as const };
    const k5 = k5Theory({ ...p, ...shape }).error;
    const k2 = knownPromptTheory({ ...p, ...shape }).error;
    rows.push({ case: 0, n: shape.n, d: shape.d, lambda: shape.lambda, rho, k5, k2, diff: Math.abs(k5 - k2) });
  }
  // arbitrary constants: K2's margin with r_eff = rS/N (N includes σ here) and λ̃ = λ̄/N²
  for (const [S, N, r, gamma, lambdaBar] of [[0.3, 0.2, 1, 0.4, 0], [0.9, 0.5, 2, 3, 0], [0.5, 0.7, 1.2, 0.7, 0.05], [1, 1, 0.5, 5, 2], [0.1, 0.05, 3, 1.3, 1e-3]] as const) {
    const k5 = solveK5(constantLaw(S, N), r, gamma, lambdaBar).error;
    const k2 = Q(k2Margin((r * S) / N, gamma, lambdaBar / (N * N)));
    rows.push({ case: 1, S, N, r, gamma, lambdaBar, k5, k2, diff: Math.abs(k5 - k2) });
  }
  return { rows, worst: Math.max(...rows.map((r) => r.diff!)) };
}

/** (b) The integration and the closed forms, each against an independent route. */
export function integrationChecks(seed: number) {
  const shape = { n: 300, d: 200, lambda: 0 };
  // Gauss–Hermite (T = 3) against Monte Carlo of the same law
  const small: K5Point = { ...shape, T: 3, k: 1, c: 1, r: 1.5, rho: 0.2, sigma: 1, theta: 2, pool: "softmax" };
  const gh = k5Theory(small, contextRule(3));
  const mc = k5Theory(small, contextRule(3, { quadratureMaxT: 0, seed }));
  const ghZ = (gh.error - mc.error) / Math.hypot(gh.stderr.error, mc.stderr.error);
  // hardmax: exact two-point law against the Monte Carlo law at θσ = 1e3
  const big: K5Point = { ...shape, T: 16, k: 2, c: 1, r: 1.5, rho: 0.3, sigma: 1, theta: Infinity, pool: "softmax" };
  const hard = k5Theory(big);
  const nearHard = k5Theory({ ...big, theta: 1e3 }, contextRule(16, { seed }));
  const hardZ = (nearHard.error - hard.error) / nearHard.stderr.error;
  // minimum-norm closed form against the ridge fixed point at tiny λ̄ (γ = 2)
  const lawMc = attentionLaw({ ...big, theta: 1.5 }, contextRule(16, { seed, draws: 20_000 }));
  const minNorm = solveK5(lawMc, 1.5, 2, 0);
  const ridge = solveK5(lawMc, 1.5, 2, 1e-9);
  const minNormGap = Math.max(Math.abs(minNorm.a - ridge.a), Math.abs(minNorm.b - ridge.b), Math.abs(minNorm.error - ridge.error));
  return {
    gaussHermiteVsMonteCarlo: { gh: gh.error, ghErr: gh.stderr.error, mc: mc.error, mcStderr: mc.stderr.error, z: ghZ },
    hardmaxVsTheta1e3: { exact: hard.error, theta1e3: nearHard.error, stderr: nearHard.stderr.error, z: hardZ },
    minNormVsRidge: { minNorm: minNorm.error, ridgeAtLambdaBar1e9: ridge.error, ridgeConverged: ridge.converged, ridgeIterations: ridge.iterations, gap: minNormGap },
    // 4 (not 3) standard errors: three independent comparisons; 1e-6 is λ̄ = 1e-9's O(λ̄) shift with room
    pass: Math.abs(ghZ) < 4 && Math.abs(hardZ) < 4 && minNormGap < 1e-6 && ridge.converged,
  };
}

/** (e) The error-minimizing θ at the report's default setting. */
export function optimalThetaCheck() {
  const opt = optimalTheta({ T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, pool: "softmax", n: 400, d: 200, lambda: 0 });
  const margin = 3 * opt.stderr;
  return { ...opt, pass: opt.interior && opt.converged && opt.fixedPointsConverged && opt.error < opt.errorMean - margin && opt.error < opt.errorHardmax - margin };
}

