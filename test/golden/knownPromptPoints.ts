/**
 * Golden values of K1–K3 at fixed parameter points. `npx tsx test/golden/regenerate.ts` rewrites
 * test/golden/known-prompt.json from the current formulas; test/golden.test.ts compares them at
 * 1e-12 relative, so any change of a formula's output is a deliberate, reviewed regeneration.
 */
import { knownPromptTheory, contextBenefit } from "../../src/theory/knownPrompt.ts";
import { mpStieltjes, mpStieltjesDerivative } from "../../src/special/marchenkoPastur.ts";
import type { PoolingParams } from "../../src/theory/pooling.ts";
import type { RidgeShape } from "../../src/theory/knownPrompt.ts";

export const POINTS: { pooling: PoolingParams; shape: RidgeShape }[] = [
  { pooling: { T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 2, pool: "softmax" }, shape: { n: 100, d: 200, lambda: 0 } },
  { pooling: { T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 2, pool: "softmax" }, shape: { n: 400, d: 200, lambda: 0 } },
  { pooling: { T: 16, k: 2, c: 1, r: 1.5, rho: 0.3, sigma: 1, theta: 1, pool: "softmax" }, shape: { n: 400, d: 200, lambda: 1 } },
  { pooling: { T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: Infinity, pool: "softmax" }, shape: { n: 150, d: 200, lambda: 0 } },
  { pooling: { T: 32, k: 3, c: 2, r: 0.8, rho: 0.5, sigma: 0.7, theta: 40, pool: "softmax" }, shape: { n: 1000, d: 100, lambda: 3 } },
  { pooling: { T: 16, k: 2, c: 1, r: 1.5, rho: 0.3, sigma: 1, theta: 1, pool: "linear" }, shape: { n: 400, d: 200, lambda: 0 } },
  { pooling: { T: 16, k: 2, c: 1, r: 1.5, rho: 0.5, sigma: 1, theta: 1, pool: "linear" }, shape: { n: 120, d: 200, lambda: 2 } },
  { pooling: { T: 16, k: 4, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 0, pool: "uniform" }, shape: { n: 500, d: 200, lambda: 0.5 } },
  { pooling: { T: 8, k: 1, c: 3, r: 2, rho: 0.9, sigma: 2, theta: 1e4, pool: "softmax" }, shape: { n: 50, d: 50, lambda: 1e-3 } },
  { pooling: { T: 10, k: 10, c: 1, r: 1, rho: 0, sigma: 1, theta: 3, pool: "softmax" }, shape: { n: 10, d: 2000, lambda: 0 } },
];

/** Every golden quantity at one point. */
export function goldenValues(p: (typeof POINTS)[number]): Record<string, number> {
  const th = knownPromptTheory({ ...p.pooling, ...p.shape });
  const cb = contextBenefit(p.pooling.T, p.pooling.k, p.pooling.r, p.pooling.sigma);
  const values: Record<string, number> = {
    sRel: th.sRel, sIrr: th.sIrr, S: th.S, N: th.N, mu: th.mu, rEff: th.rEff,
    gamma: th.gamma, lambdaTilde: th.lambdaTilde,
    margin: th.margin, error: th.error, bayesPooled: th.bayesPooled, errorBestLambda: th.errorBestLambda,
    rEffHardmax: cb.rEffHardmax, rEffUniform: cb.rEffUniform, contextRatio: cb.ratio,
  };
  // m(−λ̃) is infinite for the ridgeless head with γ ≥ 1; K2 then uses its closed-form limit
  const m = mpStieltjes(th.gamma, -th.lambdaTilde);
  if (Number.isFinite(m)) Object.assign(values, { m, mPrime: mpStieltjesDerivative(th.gamma, -th.lambdaTilde) });
  return values;
}
