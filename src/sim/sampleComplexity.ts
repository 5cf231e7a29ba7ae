/**
 * G4 Monte Carlo: the sample size at which the first head step reaches a target alignment
 * cos(w1, w⋆), measured along streams of sampled inputs, and the weighted log-log slope fit used
 * to read exponents off such measurements.
 */
import { Rng } from "../random/rng.ts";
import { sampleG, type LawGParams } from "../data/lawG.ts";
import { dot, norm2 } from "../linalg/kernels.ts";
import { attentionWeights, pooled } from "../models/promptAttention.ts";
import { estimate } from "./stats.ts";
import { trialLaw } from "./gdSteps.ts";

/** The law-G parameters of a point (isotropic noise, ρ = 0); step sizes play no part here. */
export type LawGPoint = Pick<LawGParams, "d" | "T" | "k" | "c" | "r" | "sigma">;

/**
 * cos(w1, w⋆) after the head step on the first n_j inputs of one stream, at increasing
 * checkpoints n_1 < … < n_m (each n_j's value has the law of w1 at n = n_j).
 */
export function alignmentPath(p: LawGPoint, checkpoints: number[], seed: number, trial: number): number[] {
  const rng = Rng.derive(seed, "g4/alignment-path", trial);
  const law = trialLaw({ ...p, n: 1, eta: 1, beta: 1 }, rng);
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
export function samplesForAlignmentSim(p: LawGPoint, target: number, checkpoints: number[], trials: number, seed: number): CrossingEstimate {
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

