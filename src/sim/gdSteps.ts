/**
 * Monte Carlo of the three-step algorithm (G1–G3): per trial, a law G instance (isotropic noise,
 * ρ = 0), three training sets of n inputs drawn token by token with sampleG (streamed: memory
 * O(T·d)), the steps of train/threeStep.ts, then the measured quantities of the trained (w1, q1, w2):
 *   cosW1 = cos(w1, w⋆), cosQ1 = cos(q1, q⋆),
 *   attentionMass and testError of (q1, w2) on a fresh input, from the model's own softmax on
 *     scalar draws of the input's scores (eval/promptModel.ts; checked against token-level test
 *     sets in theorems/G3.ts). Nothing here comes from the theory it is compared with.
 * With `debias`, the same trial also reports the debiased steps' attention mass and test error.
 */
import { Rng } from "../random/rng.ts";
import { makeLawG, sampleG, type LawG } from "../data/lawG.ts";
import { dot, norm2 } from "../linalg/kernels.ts";
import { threeStep, type LabeledInput, type Samples } from "../train/threeStep.ts";
import { evaluatePromptModel } from "../eval/promptModel.ts";
import type { GdParams } from "../params/gdPoint.ts";
import { estimate, type Estimate } from "./stats.ts";
import { Matrix, solve } from "ml-matrix";

export interface GdSimParams extends GdParams {
  debias?: boolean;
  /** scalar draws per trial for the attention mass and test error of the trained model (default 4000) */
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
  /**
   * The same four means with the label imbalances as control variates (see controlVariateEstimate):
   * unbiased for the same expectations, with a smaller stderr.
   */
  adjusted: Record<"cosW1" | "cosQ1" | "attentionMass" | "testError", Estimate>;
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

/** One trial, fully determined by (seed, trial). */
export function gdTrial(p: GdSimParams, seed: number, trial: number): GdTrial {
  const rng = Rng.derive(seed, "gd-steps/trial", trial);
  const law = trialLaw(p, rng);
  const res = threeStep(streamG(law, p.n, rng), streamG(law, p.n, rng), streamG(law, p.n, rng), { T: p.T, d: p.d, eta: p.eta, beta: p.beta, debias: p.debias ?? false });
  const draws = p.scoreDraws ?? 4000;
  const w1n = norm2(res.w1), q1n = norm2(res.q1);
  const ev = evaluatePromptModel(law, res.q1, res.w2, draws, rng);
  const out: GdTrial = {
    cosW1: w1n > 0 ? dot(res.w1, law.v) / w1n : 0,
    cosQ1: q1n > 0 ? dot(res.q1, law.u) / q1n : 0,
    ...ev,
    q1Coords: { qu: dot(res.q1, law.u), qv: dot(res.q1, law.v), norm: q1n },
    labelMeans: res.labelMeans,
  };
  if (res.debiased) out.debiased = evaluatePromptModel(law, res.debiased.q, res.debiased.w, draws, rng);
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
  // ȳ_j² − 1/n has mean exactly 0 (ȳ_j is the mean of n independent signs)
  const controls = raw.map((t) => t.labelMeans.map((m) => m * m - 1 / p.n));
  const adjust = (f: (t: GdTrial) => number) => controlVariateEstimate(raw.map(f), controls);
  const sim: GdSim & { raw: GdTrial[] } = {
    cosW1: pick((t) => t.cosW1),
    cosQ1: pick((t) => t.cosQ1),
    attentionMass: pick((t) => t.attentionMass),
    testError: pick((t) => t.testError),
    adjusted: { cosW1: adjust((t) => t.cosW1), cosQ1: adjust((t) => t.cosQ1), attentionMass: adjust((t) => t.attentionMass), testError: adjust((t) => t.testError) },
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

/**
 * Control-variate estimate of E[value] with controls of known mean 0 (here ȳ₁² − 1/n, ȳ₂² − 1/n,
 * ȳ₃² − 1/n: most of the trial-to-trial spread of the plain steps comes from the label imbalance,
 * whose law is known exactly). mean = v̄ − bᵀx̄ with b the least-squares coefficients of v on x;
 * stderr from the residual variance with N − m − 1 degrees of freedom. Falls back to the plain
 * estimate when the controls are degenerate or there are fewer than 20 trials per control: with
 * 16 trials and 3 controls the fitted coefficients moved a mean by 4 of its stderrs.
 */
export function controlVariateEstimate(values: number[], controls: number[][]): Estimate {
  const N = values.length, m = controls[0]?.length ?? 0;
  const plain = estimate(values);
  if (m === 0 || N < 20 * m) return plain;
  const xb = Array.from({ length: m }, (_, j) => controls.reduce((s, x) => s + x[j]!, 0) / N);
  const Sxx = Matrix.zeros(m, m), Sxv = Matrix.zeros(m, 1);
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < m; a++) {
      const xa = controls[i]![a]! - xb[a]!;
      Sxv.set(a, 0, Sxv.get(a, 0) + xa * (values[i]! - plain.mean));
      for (let b = 0; b < m; b++) Sxx.set(a, b, Sxx.get(a, b) + xa * (controls[i]![b]! - xb[b]!));
    }
  }
  let coef: Matrix;
  try {
    coef = solve(Sxx, Sxv);
  } catch {
    return plain;
  }
  let mean = plain.mean, rss = 0;
  for (let a = 0; a < m; a++) mean -= coef.get(a, 0) * xb[a]!;
  for (let i = 0; i < N; i++) {
    let r = values[i]! - plain.mean;
    for (let a = 0; a < m; a++) r -= coef.get(a, 0) * (controls[i]![a]! - xb[a]!);
    rss += r * r;
  }
  const stderr = Math.sqrt(rss / (N - m - 1) / N);
  return Number.isFinite(mean) && Number.isFinite(stderr) ? { mean, stderr, trials: N } : plain;
}
