/**
 * Exact evaluation of a GIVEN prompt-attention model (q, w) on a law-G instance with isotropic
 * noise and ρ = 0: its attention mass on the relevant tokens and its test error on a fresh input.
 * Used by the simulations, never by the theory (a formula and the experiment that tests it share
 * no code), and written from the model's own softmax.
 *
 * Reduction (exact, by rotation invariance of the noise): with q̂ = q/‖q‖ and Z_t = ξ_tᵀq̂, a fresh
 * input's scores are x_tᵀq = 1_{t∈R}(c uᵀq + y r vᵀq) + σ‖q‖Z_t, and its pooled feature is
 * Xᵀs = S (q⋆ + y w⋆) + σ V q̂ + σ N g_⊥ with S = Σ_{t∈R} s_t, V = Σ_t s_t Z_t, N = ‖s‖ and
 * g_⊥ ~ N(0, I − q̂q̂ᵀ) independent of the scores. So given the scalar draws (y, Z_1..Z_T),
 * y wᵀXᵀs is Gaussian: P(y f < 0 | scores) = Q((S(y c wᵀu + r wᵀv) + σ y (wᵀq̂) V)/(σ N ‖(I − q̂q̂ᵀ)w‖)).
 * The attention mass is averaged over the same draws; both are Monte Carlo estimates over M
 * scalar draws whose noise stays in the trial-to-trial spread of the simulation.
 */
import { dot, norm2 } from "../linalg/kernels.ts";
import { softmax } from "../models/softmax.ts";
import { Q } from "../special/normal.ts";
import type { Rng } from "../random/rng.ts";
import type { LawG } from "../data/lawG.ts";

export interface PromptModelEvaluation {
  /** mean attention mass on R over the draws */
  attentionMass: number;
  /** mean conditional probability of y f < 0 over the draws */
  testError: number;
}

/** Attention mass and test error of (q, w) on `law`, from M scalar draws of a fresh input's scores. */
export function evaluatePromptModel(law: LawG, q: Float64Array, w: Float64Array, M: number, rng: Rng): PromptModelEvaluation {
  const { T, k, c, r, sigma } = law;
  const qn = norm2(q);
  const A = c * dot(q, law.u), B = r * dot(q, law.v);
  // the head's coordinates the error depends on
  const wu = dot(w, law.u), wv = dot(w, law.v), wq = qn > 0 ? dot(w, q) / qn : 0;
  const wPerp = Math.sqrt(Math.max(0, dot(w, w) - wq * wq));
  const Z = new Float64Array(T), scores = new Float64Array(T), s = new Float64Array(T);
  let mass = 0, err = 0;
  for (let i = 0; i < M; i++) {
    const y = rng.sign();
    rng.fillNormal(Z);
    for (let t = 0; t < T; t++) scores[t] = (t < k ? A + y * B : 0) + sigma * qn * Z[t]!; // R = first k: positions are exchangeable
    softmax(scores, s);
    let S = 0, V = 0, N2 = 0;
    for (let t = 0; t < T; t++) {
      if (t < k) S += s[t]!;
      V += s[t]! * Z[t]!;
      N2 += s[t]! * s[t]!;
    }
    mass += S;
    const margin = S * (y * c * wu + r * wv) + sigma * y * wq * V;
    const spread = sigma * Math.sqrt(N2) * wPerp;
    err += spread > 0 ? Q(margin / spread) : margin > 0 ? 0 : margin < 0 ? 1 : 0.5;
  }
  return { attentionMass: Math.min(1, mass / M), testError: err / M };
}

/**
 * Attention mass on R of scores A + yB + τZ_t (t ∈ R = the first k) and τZ_t (the others),
 * sampled M times through the model's softmax: mean and standard error.
 */
export function sampledAttentionMass(A: number, B: number, tau: number, T: number, k: number, M: number, rng: Rng): { mean: number; stderr: number } {
  const scores = new Float64Array(T), s = new Float64Array(T);
  let sum = 0, sum2 = 0;
  for (let i = 0; i < M; i++) {
    const y = rng.sign();
    for (let t = 0; t < T; t++) scores[t] = (t < k ? A + y * B : 0) + tau * rng.normal();
    softmax(scores, s);
    let S = 0;
    for (let t = 0; t < k; t++) S += s[t]!;
    sum += S;
    sum2 += S * S;
  }
  const mean = sum / M;
  return { mean, stderr: Math.sqrt(Math.max(0, sum2 / M - mean * mean) / (M - 1)) };
}
