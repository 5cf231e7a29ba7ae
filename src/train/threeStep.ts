/**
 * The three-step algorithm of docs/theory.md §5 on split samples S1, S2, S3, with the correlation loss
 * L(q, w) = −(1/n) Σ_i y_i f(X_i), SPA f(X) = wᵀXᵀsoftmax(Xq), started at q = 0, w = 0:
 *
 *   w1 = η (1/n) Σ_{S1} y_i ∇_w f(X_i; q = 0)     = η (1/n) Σ y_i x̄_i
 *   q1 = β (1/n) Σ_{S2} y_i ∇_q f(X_i; q = 0, w1) = β (1/n) Σ y_i C_i w1
 *   w2 = η (1/n) Σ_{S3} y_i ∇_w f(X_i; q = q1)    = η (1/n) Σ y_i X_iᵀ softmax(X_i q1)
 *
 * Each step is one gradient step on −L, taken with the model's own gradients
 * (models/promptAttention.ts: ∇_w f = Xᵀs = pooled(X, attentionWeights(X, q)) written into reused
 * buffers, ∇_q f = gradQ = Xᵀ D(s) X w, and D(1/T) X gives C_i).
 *
 * Debiasing (this toolkit's design; the paper's form is not reproduced). Two biases enter the
 * plain steps through terms that carry no label information:
 *  (i) label imbalance: each step's gradient contains ȳ · (mean feature), e.g. q1 ∋ β ȳ₂ σ²(1 − 1/T) w1,
 *      which adds a score shift ±B on the relevant tokens of one class only, and w2 ∋ η ȳ₃ E[Xᵀs];
 * (ii) the context direction: after the prompt step every relevant token carries q⋆ for both
 *      labels, so the pooled feature's component along q̂1 = q1/‖q1‖ is label-free (S_R c uᵀq̂1
 *      plus the noise that the softmax itself selected); any weight w2 puts there adds
 *      input-dependent noise to f.
 * The debiased steps therefore use centered labels y_i − ȳ in all three gradients (the same
 * data, the same step sizes) and project the final head off the prompt direction:
 *   w1ᶜ = η (1/n) Σ (y_i − ȳ₁) x̄_i,  q1ᶜ = β (1/n) Σ (y_i − ȳ₂) C_i w1ᶜ,
 *   w2ᶜ = (I − q̂q̂ᵀ) η (1/n) Σ (y_i − ȳ₃) X_iᵀ softmax(X_i q1ᶜ),  q̂ = q1ᶜ/‖q1ᶜ‖.
 * Its effect on the test error is measured in theorems/G3.ts and the report.
 */
import { attentionWeights, gradQ, pooled } from "../models/promptAttention.ts";
import { axpy, dot } from "../linalg/kernels.ts";

/** One labeled input: tokens X (T×d row-major) and y ∈ {−1, +1}. */
export interface LabeledInput {
  X: Float64Array;
  y: number;
}

/** A training set, possibly streamed (inputs may reuse one buffer: each is used before the next is drawn). */
export type Samples = Iterable<LabeledInput>;

/** Step sizes η, β, sizes T, d, and whether to add the debiasing step. */
export interface ThreeStepOptions {
  T: number;
  d: number;
  eta: number;
  beta: number;
  /** also compute the debiased steps (w1ᶜ, q1ᶜ, w2ᶜ) */
  debias?: boolean;
}

/** The iterates w1, q1, w2 of the three-step algorithm, the debiased steps when asked, and the label means of S1, S2, S3. */
export interface ThreeStepResult {
  w1: Float64Array;
  q1: Float64Array;
  w2: Float64Array;
  debiased?: { w1: Float64Array; q: Float64Array; w: Float64Array };
  /** label means of S1, S2, S3 */
  labelMeans: [number, number, number];
}

/** (1/n) Σ y_i g_i and (1/n) Σ g_i over a set, for several gradient maps g at once. */
function averages(set: Samples, grads: ((X: Float64Array) => Float64Array)[], d: number): { yg: Float64Array[]; g: Float64Array[]; ybar: number } {
  const yg = grads.map(() => new Float64Array(d));
  const g = grads.map(() => new Float64Array(d));
  let n = 0, ysum = 0;
  for (const { X, y } of set) {
    grads.forEach((grad, j) => {
      const v = grad(X);
      axpy(y, v, yg[j]!);
      axpy(1, v, g[j]!);
    });
    ysum += y;
    n++;
  }
  if (n === 0) throw new RangeError("threeStep: empty training set");
  for (const a of [...yg, ...g]) for (let i = 0; i < d; i++) a[i]! /= n;
  return { yg, g, ybar: ysum / n };
}

/** η·(yg − ȳ g): the step with centered labels. */
function centered(step: number, yg: Float64Array, g: Float64Array, ybar: number): Float64Array {
  const out = new Float64Array(yg.length);
  for (let i = 0; i < out.length; i++) out[i] = step * (yg[i]! - ybar * g[i]!);
  return out;
}

/** ∇_w f(X; q) = Xᵀ softmax(Xq) as a map into a reused buffer (the caller consumes it at once). */
function headGradient(q: Float64Array, T: number, d: number): (X: Float64Array) => Float64Array {
  const s = new Float64Array(T), g = new Float64Array(d);
  return (X) => pooled(X, T, d, attentionWeights("softmax", X, T, d, q, s), g);
}

/** The three gradient steps of docs/theory.md §5 on independent sets S1, S2, S3. */
export function threeStep(S1: Samples, S2: Samples, S3: Samples, o: ThreeStepOptions): ThreeStepResult {
  const { T, d, eta, beta } = o;
  const zero = new Float64Array(d);
  const scaled = (a: Float64Array, s: number) => a.map((x) => s * x);

  const a1 = averages(S1, [headGradient(zero, T, d)], d);
  const w1 = scaled(a1.yg[0]!, eta);
  const w1c = o.debias ? centered(eta, a1.yg[0]!, a1.g[0]!, a1.ybar) : undefined;

  const a2 = averages(S2, [(X) => gradQ("softmax", X, T, d, zero, w1), ...(w1c ? [(X: Float64Array) => gradQ("softmax", X, T, d, zero, w1c)] : [])], d);
  const q1 = scaled(a2.yg[0]!, beta);
  const q1c = w1c ? centered(beta, a2.yg[1]!, a2.g[1]!, a2.ybar) : undefined;

  const a3 = averages(S3, [headGradient(q1, T, d), ...(q1c ? [headGradient(q1c, T, d)] : [])], d);
  const w2 = scaled(a3.yg[0]!, eta);
  const result: ThreeStepResult = { w1, q1, w2, labelMeans: [a1.ybar, a2.ybar, a3.ybar] };
  if (w1c && q1c) {
    const w2c = centered(eta, a3.yg[1]!, a3.g[1]!, a3.ybar);
    const qq = dot(q1c, q1c);
    if (qq > 0) axpy(-dot(w2c, q1c) / qq, q1c, w2c);
    result.debiased = { w1: w1c, q: q1c, w: w2c };
  }
  return result;
}

/** The head step alone: η (1/n) Σ y_i ∇_w f(X_i; q) (q = 0: the first step, w1). */
export function headStep(S: Samples, o: { T: number; d: number; eta: number }, q: Float64Array = new Float64Array(o.d)): Float64Array {
  const a = averages(S, [headGradient(q, o.T, o.d)], o.d);
  return a.yg[0]!.map((x) => o.eta * x);
}

/** A Dataset-shaped set (X[i], y[i]) as Samples. */
export function fromArrays(X: Float64Array[], y: ArrayLike<number>): Samples {
  return X.map((x, i) => ({ X: x, y: y[i]! }));
}
