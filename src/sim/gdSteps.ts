/**
 * Monte Carlo of the three-step algorithm (G1–G3): per trial, a law G instance (isotropic noise,
 * ρ = 0), three training sets of n inputs drawn token by token with sampleG (streamed: memory
 * O(T·d)), the steps of train/threeStep.ts, then the measured quantities of the trained (w1, q1, w2):
 *   cosW1 = cos(w1, w⋆), cosQ1 = cos(q1, q⋆),
 *   attentionMass = E[S_R(q1)] on a fresh input, exact given q1 (theory/gdSteps attentionMassGiven,
 *     a 1-D quadrature; checked against fresh token-level inputs in test/gd-steps.test.ts),
 *   testError = P(y f(X) < 0) for (q1, w2) on a fresh input, exact given (q1, w2) up to a Monte
 *     Carlo over `scoreDraws` scalar draws of the T scores (the d-dimensional part is integrated
 *     exactly; checked against token-level test sets in the same test file).
 * With `debias`, the same trial also reports the debiased steps' attention mass and test error.
 */
import { Rng } from "../random/rng.ts";
import { makeLawG, sampleG, type LawG } from "../data/lawG.ts";
import { dot, norm2 } from "../linalg/kernels.ts";
import { threeStep, type LabeledInput, type Samples } from "../train/threeStep.ts";
import { attentionMassGiven, conditionalTestError, scoreDraws, type GdParams, type HeadCoords } from "../theory/gdSteps.ts";
import { estimate, type Estimate } from "./stats.ts";

export interface GdSimParams extends GdParams {
  debias?: boolean;
  /** scalar draws per trial for the conditional test error (default 4000) */
  scoreDraws?: number;
}

export interface GdTrial {
  cosW1: number;
  cosQ1: number;
  attentionMass: number;
  testError: number;
  /** q⋆ᵀq1/c, w⋆ᵀq1/r, ‖q1‖ (for diagnostics) */
  q1Coords: { qu: number; qv: number; norm: number };
  labelMeans: [number, number, number];
  debiased?: { attentionMass: number; testError: number };
}

export interface GdSim {
  cosW1: Estimate;
  cosQ1: Estimate;
  attentionMass: Estimate;
  testError: Estimate;
  debiased?: { attentionMass: Estimate; testError: Estimate; testErrorReduction: Estimate };
  trials: number;
  seed: number;
  params: GdSimParams;
}

/** n inputs of law G streamed through one buffer. */
export function streamG(law: LawG, n: number, rng: Rng): Samples {
  const X = new Float64Array(law.T * law.d);
  return {
    *[Symbol.iterator](): Iterator<LabeledInput> {
      for (let i = 0; i < n; i++) {
        const s = sampleG(law, rng, X);
        yield { X: s.X, y: s.y };
      }
    },
  };
}

/** The law-G instance of a trial (isotropic noise, ρ = 0). */
export function trialLaw(p: GdParams, rng: Rng): LawG {
  return makeLawG({ d: p.d, T: p.T, k: p.k, c: p.c, r: p.r, rho: 0, sigma: p.sigma, noise: "isotropic" }, rng);
}

/** Head coordinates (wᵀu, wᵀv, wᵀq̂, ‖(I − q̂q̂ᵀ)w‖) of a head w for a prompt q. */
export function headCoords(law: LawG, q: Float64Array, w: Float64Array): HeadCoords {
  const qn = norm2(q);
  const wq = qn > 0 ? dot(w, q) / qn : 0;
  return { wu: dot(w, law.u), wv: dot(w, law.v), wq, wPerpNorm: Math.sqrt(Math.max(0, dot(w, w) - wq * wq)) };
}

/** Exact attention mass and (scalar Monte Carlo) test error of (q, w) on law G. */
export function evaluate(law: LawG, q: Float64Array, w: Float64Array, draws: number, rng: Rng): { attentionMass: number; testError: number } {
  const A = law.c * dot(q, law.u), B = law.r * dot(q, law.v), qn = norm2(q);
  const attentionMass = attentionMassGiven(A, B, law.sigma * qn, law.T, law.k);
  const sd = scoreDraws(A, B, qn, law.sigma, law.T, law.k, draws, rng);
  const testError = conditionalTestError(sd, headCoords(law, q, w), law.c, law.r, law.sigma).mean;
  return { attentionMass, testError };
}

/** One trial, fully determined by (seed, trial). */
export function gdTrial(p: GdSimParams, seed: number, trial: number): GdTrial {
  const rng = new Rng(seed, trial);
  const law = trialLaw(p, rng);
  const res = threeStep(streamG(law, p.n, rng), streamG(law, p.n, rng), streamG(law, p.n, rng), { T: p.T, d: p.d, eta: p.eta, beta: p.beta, debias: p.debias ?? false });
  const draws = p.scoreDraws ?? 4000;
  const w1n = norm2(res.w1), q1n = norm2(res.q1);
  const ev = evaluate(law, res.q1, res.w2, draws, rng);
  const out: GdTrial = {
    cosW1: w1n > 0 ? dot(res.w1, law.v) / w1n : 0,
    cosQ1: q1n > 0 ? dot(res.q1, law.u) / q1n : 0,
    ...ev,
    q1Coords: { qu: dot(res.q1, law.u), qv: dot(res.q1, law.v), norm: q1n },
    labelMeans: res.labelMeans,
  };
  if (res.debiased) out.debiased = evaluate(law, res.debiased.q, res.debiased.w, draws, rng);
  return out;
}

/** `trials` trials (trial i seeded by (seed, i)). */
export function simulateGdSteps(p: GdSimParams, trials: number, seed: number, onTrial?: (done: number) => void): GdSim & { raw: GdTrial[] } {
  const raw: GdTrial[] = [];
  for (let i = 0; i < trials; i++) {
    raw.push(gdTrial(p, seed, i));
    onTrial?.(i + 1);
  }
  const pick = (f: (t: GdTrial) => number) => estimate(raw.map(f));
  const sim: GdSim & { raw: GdTrial[] } = {
    cosW1: pick((t) => t.cosW1),
    cosQ1: pick((t) => t.cosQ1),
    attentionMass: pick((t) => t.attentionMass),
    testError: pick((t) => t.testError),
    trials,
    seed,
    params: p,
    raw,
  };
  if (p.debias) {
    sim.debiased = {
      attentionMass: pick((t) => t.debiased!.attentionMass),
      testError: pick((t) => t.debiased!.testError),
      testErrorReduction: pick((t) => t.testError - t.debiased!.testError),
    };
  }
  return sim;
}
