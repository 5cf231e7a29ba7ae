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
import { attentionWeights, pooled } from "../models/promptAttention.ts";
import { threeStep, type LabeledInput, type Samples } from "../train/threeStep.ts";
import { evaluatePromptModel } from "../eval/promptModel.ts";
import type { GdParams } from "../params/gdPoint.ts";
import { estimate, type Estimate } from "./stats.ts";
import { Matrix, solve } from "ml-matrix";
import { drawSet } from "../data/dataset.ts";
import { accuracy, train } from "../train/gd.ts";

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
  const rng = new Rng(seed, trial);
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

// ---------------------------------------------------------------- G4: sample complexity

/**
 * cos(w1, w⋆) after the head step on the first n_j inputs of one stream, at increasing
 * checkpoints n_1 < … < n_m (each n_j's value has the law of w1 at n = n_j).
 */
export function alignmentPath(p: Omit<GdParams, "n">, checkpoints: number[], seed: number, trial: number): number[] {
  const rng = new Rng(seed, trial);
  const law = trialLaw({ ...p, n: 1 }, rng);
  const acc = new Float64Array(p.d);
  const zero = new Float64Array(p.d);
  const X = new Float64Array(p.T * p.d), sBuf = new Float64Array(p.T), g = new Float64Array(p.d);
  const out: number[] = [];
  let j = 0;
  for (let i = 1; j < checkpoints.length; i++) {
    const s = sampleG(law, rng, X);
    pooled(s.X, p.T, p.d, attentionWeights("softmax", s.X, p.T, p.d, zero, sBuf), g); // ∇_w f at q = 0
    for (let a = 0; a < p.d; a++) acc[a]! += s.y * g[a]!;
    if (i === checkpoints[j]) {
      out.push(dot(acc, law.v) / norm2(acc));
      j++;
    }
  }
  return out;
}

export interface CrossingEstimate {
  /** smallest n with mean cos(w1, w⋆) ≥ target (log-linear interpolation between checkpoints) */
  nStar: number;
  /** standard error of ln nStar (delta method: stderr of the mean curve / its slope in ln n) */
  logStderr: number;
  /** false if the mean curve does not cross the target inside the checkpoints */
  ok: boolean;
  curve: { n: number; mean: number; stderr: number }[];
  trials: number;
}

/** Monte Carlo of the sample size that reaches mean alignment `target`. */
export function samplesForAlignmentSim(p: Omit<GdParams, "n">, target: number, checkpoints: number[], trials: number, seed: number): CrossingEstimate {
  const paths = Array.from({ length: trials }, (_, t) => alignmentPath(p, checkpoints, seed, t));
  const curve = checkpoints.map((n, j) => ({ n, ...estimate(paths.map((path) => path[j]!)) }));
  const j = curve.findIndex((c) => c.mean >= target);
  if (j <= 0) return { nStar: NaN, logStderr: NaN, ok: false, curve: curve.map(({ n, mean, stderr }) => ({ n, mean, stderr })), trials };
  const a = curve[j - 1]!, b = curve[j]!;
  const slope = (b.mean - a.mean) / (Math.log(b.n) - Math.log(a.n));
  const frac = (target - a.mean) / (b.mean - a.mean);
  const se = a.stderr + frac * (b.stderr - a.stderr);
  return { nStar: Math.exp(Math.log(a.n) + frac * (Math.log(b.n) - Math.log(a.n))), logStderr: se / slope, ok: true, curve: curve.map(({ n, mean, stderr }) => ({ n, mean, stderr })), trials };
}

export interface SlopeFit {
  slope: number;
  stderr: number;
  /** 95% interval slope ± 1.96·stderr */
  lo: number;
  hi: number;
  intercept: number;
}

/**
 * Weighted least-squares slope of y on x with known standard errors of y (weights 1/se²); the
 * slope's stderr is inflated by √(χ²/(m − 2)) when the scatter exceeds the stated errors.
 * Without errors, ordinary least squares with stderr 0 (an exact curve, e.g. the theory).
 */
export function fitSlope(x: number[], y: number[], se?: number[]): SlopeFit {
  const m = x.length;
  if (m < 2) throw new RangeError("fitSlope: needs at least two points");
  const w = se ? se.map((s) => 1 / (s * s)) : x.map(() => 1);
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < m; i++) {
    sw += w[i]!;
    sx += w[i]! * x[i]!;
    sy += w[i]! * y[i]!;
  }
  const xb = sx / sw, yb = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < m; i++) {
    sxx += w[i]! * (x[i]! - xb) ** 2;
    sxy += w[i]! * (x[i]! - xb) * (y[i]! - yb);
  }
  const slope = sxy / sxx, intercept = yb - slope * xb;
  let stderr = 0;
  if (se) {
    let chi2 = 0;
    for (let i = 0; i < m; i++) chi2 += w[i]! * (y[i]! - intercept - slope * x[i]!) ** 2;
    stderr = Math.sqrt(1 / sxx) * (m > 2 ? Math.max(1, Math.sqrt(chi2 / (m - 2))) : 1);
  }
  return { slope, stderr, lo: slope - 1.96 * stderr, hi: slope + 1.96 * stderr, intercept };
}

// ---------------------------------------------------------------- G5: prompt-tuning against fine-tuning

export interface TuningOptions {
  /** training set sizes */
  ns: number[];
  trials: number;
  seed: number;
  /** inputs in each fresh test set */
  testSize: number;
  /** full-batch gradient descent: step size, step cap, gradient-norm tolerance, weight decay */
  lr: number;
  maxSteps: number;
  tol: number;
  l2: number;
}

export interface TuningPoint {
  n: number;
  /** test error of prompt-tuning (SPA: q, w — 2d parameters) */
  spa: Estimate;
  /** test error of fine-tuning (SSA: W, w — d² + d parameters, mean readout) */
  ssa: Estimate;
  /** paired difference ssa − spa over the same training and test sets */
  gap: Estimate;
  /** fraction of runs whose gradient norm reached `tol` before `maxSteps` */
  convergedSpa: number;
  convergedSsa: number;
}

/**
 * G5: SPA and SSA trained by full-batch gradient descent (train/gd.ts, logistic loss with weight
 * decay, zero initialization) on the same n inputs of law G (isotropic noise, ρ = 0), tested on the
 * same fresh token-level test set. Trial t at size n uses stream (seed, t·1000 + index of n).
 */
export function promptVsFineTuning(p: Omit<GdParams, "n" | "eta" | "beta">, o: TuningOptions, onRun?: () => void): TuningPoint[] {
  return o.ns.map((n, j) => {
    const errs: Record<"spa" | "ssa", number[]> = { spa: [], ssa: [] };
    const conv = { spa: 0, ssa: 0 };
    for (let t = 0; t < o.trials; t++) {
      const rng = new Rng(o.seed, t * 1000 + j);
      const law = trialLaw({ ...p, n, eta: 1, beta: 1 }, rng);
      const train_ = drawSet(n, p.T, p.d, (X) => sampleG(law, rng, X));
      const test = drawSet(o.testSize, p.T, p.d, (X) => sampleG(law, rng, X));
      for (const model of ["spa", "ssa"] as const) {
        const res = train(train_, { model, readout: "mean", loss: "logistic", steps: o.maxSteps, lr: o.lr, l2: o.l2, tol: o.tol });
        if (res.converged) conv[model]++;
        errs[model].push(1 - accuracy(model, res.params, test, "mean"));
        onRun?.();
      }
    }
    return { n, spa: estimate(errs.spa), ssa: estimate(errs.ssa), gap: estimate(errs.ssa.map((e, i) => e - errs.spa[i]!)), convergedSpa: conv.spa / o.trials, convergedSsa: conv.ssa / o.trials };
  });
}
