/**
 * Full-batch gradient descent for SPA, LPA, SSA (trainable W) and UNI (docs/theory.md §1, §5).
 *
 * Objective: L(θ) = (1/n) Σ_i ℓ(f_θ(X_i), y_i) + (l2/2) ‖θ‖², with ℓ from ./losses.ts.
 * A step is θ ← θ − lr·g (ordinary) or θ ← θ − lr·g/‖g‖ (normalized), g = ∇L, ‖·‖ over all
 * trained parameters together. SPA/LPA/UNI gradients come from models/promptAttention.ts,
 * SSA's from models/ssa.ts.
 *
 * Initialization. "zero": every parameter 0. "random": i.i.d. Gaussian entries scaled so that
 * each vector (q, w, each row of W) has expected norm `initScale` (default 0.1), from
 * Rng(seed). The default is "zero" except for LPA, where q = w = 0 is a stationary point
 * (∇_w f = XᵀXq/T and ∇_q f = XᵀXw/T both vanish), so LPA defaults to "random".
 *
 * Stopping. `converged` when ‖g‖ ≤ tol (default 1e-8). With a validation set the validation
 * loss (without the l2 term) is evaluated after every step; the parameters with the lowest
 * validation loss are returned, and training stops early after `patience` steps without
 * improvement (default: never). If the loss or the gradient becomes non-finite, training
 * stops, the last finite parameters are returned and `diverged` is set.
 */
import { Rng } from "../random/rng.ts";
import { forward, valueAndGrads, type Pool } from "../models/promptAttention.ts";
import { ssaForward, ssaGrad, type Readout } from "../models/ssa.ts";
import { lossValue, lossDerivative, type Loss } from "./losses.ts";
import type { Dataset } from "../data/dataset.ts";

export type { Readout } from "../models/ssa.ts";
export type { Loss } from "./losses.ts";

export { MODEL_KINDS, type ModelKind } from "../params/kinds.ts";
import type { ModelKind } from "../params/kinds.ts";


/** Trained parameters; parts a model does not use have length 0 (q for SSA/UNI, W except for SSA). */
export interface Params {
  q: Float64Array;
  W: Float64Array;
  w: Float64Array;
}

/** What `train` runs: model, loss, readout, steps, learning rate, plain or normalized GD, initialization, validation and early stopping. */
export interface TrainOptions {
  model: ModelKind;
  readout?: Readout;
  loss: Loss;
  steps: number;
  lr: number;
  /** step = lr · g/‖g‖ */
  normalized?: boolean;
  init?: "zero" | "random";
  initScale?: number;
  seed?: number;
  /** early stopping on validation loss; keeps the best parameters */
  validation?: Dataset;
  patience?: number;
  /** weight decay: adds (l2/2)‖θ‖² to the objective */
  l2?: number;
  /** gradient-norm tolerance for `converged` (default 1e-8) */
  tol?: number;
  onStep?: (step: number, loss: number) => void;
}

/** Trained parameters with the run's record (steps, losses, convergence, divergence, early stopping). */
export interface TrainResult {
  params: Params;
  /** gradient steps taken */
  steps: number;
  /** objective (with the l2 term) at the returned parameters */
  finalLoss: number;
  converged: boolean;
  stoppedEarly: boolean;
  /** true if a non-finite loss or gradient stopped training */
  diverged: boolean;
  /** objective before each step */
  history: number[];
}

const POOL: Record<Exclude<ModelKind, "ssa">, Pool> = { spa: "softmax", lpa: "linear", uni: "uniform" };

/** Parameter shapes of a model on d-dimensional tokens. */
export function paramShapes(model: ModelKind, d: number): { q: number; W: number; w: number } {
  return { q: model === "spa" || model === "lpa" ? d : 0, W: model === "ssa" ? d * d : 0, w: d };
}

/** Initial parameters (see the module comment). */
export function initParams(model: ModelKind, d: number, init: "zero" | "random", initScale = 0.1, seed = 0): Params {
  const shape = paramShapes(model, d);
  const p: Params = { q: new Float64Array(shape.q), W: new Float64Array(shape.W), w: new Float64Array(shape.w) };
  if (init === "random") {
    const rng = new Rng(seed);
    const scale = initScale / Math.sqrt(d);
    rng.fillNormal(p.q, scale);
    rng.fillNormal(p.W, scale);
    rng.fillNormal(p.w, scale);
  }
  return p;
}

/** Model output f(X). */
export function predict(model: ModelKind, params: Params, X: Float64Array, T: number, d: number, readout: Readout = "mean"): number {
  if (model === "ssa") return ssaForward(X, T, d, params.W, params.w, readout);
  return forward(POOL[model], X, T, d, params.q, params.w);
}

/** Mean loss over a data set (no l2 term). */
export function meanLoss(model: ModelKind, params: Params, data: Dataset, loss: Loss, readout: Readout = "mean"): number {
  let L = 0;
  for (let i = 0; i < data.X.length; i++) L += lossValue(loss, predict(model, params, data.X[i]!, data.T, data.d, readout), data.y[i]!);
  return L / data.X.length;
}

/** Objective L(θ) and its gradient. */
export function lossAndGrad(model: ModelKind, params: Params, data: Dataset, loss: Loss, readout: Readout = "mean", l2 = 0): { loss: number; grad: Params } {
  const { T, d } = data;
  const n = data.X.length;
  const grad: Params = { q: new Float64Array(params.q.length), W: new Float64Array(params.W.length), w: new Float64Array(params.w.length) };
  let L = 0;
  for (let i = 0; i < n; i++) {
    const X = data.X[i]!, y = data.y[i]!;
    if (model === "ssa") {
      const { f, gW, gw } = ssaGrad(X, T, d, params.W, params.w, readout);
      L += lossValue(loss, f, y);
      const c = lossDerivative(loss, f, y) / n;
      for (let j = 0; j < gW.length; j++) grad.W[j] += c * gW[j]!;
      for (let j = 0; j < d; j++) grad.w[j] += c * gw[j]!;
    } else {
      const { f, gw, gq } = valueAndGrads(POOL[model], X, T, d, params.q, params.w);
      L += lossValue(loss, f, y);
      const c = lossDerivative(loss, f, y) / n;
      for (let j = 0; j < d; j++) grad.w[j] += c * gw[j]!;
      if (model !== "uni") for (let j = 0; j < d; j++) grad.q[j] += c * gq[j]!;
    }
  }
  L /= n;
  if (l2 > 0) {
    for (const key of ["q", "W", "w"] as const) {
      const p = params[key], g = grad[key];
      for (let j = 0; j < p.length; j++) {
        L += 0.5 * l2 * p[j]! * p[j]!;
        g[j] += l2 * p[j]!;
      }
    }
  }
  return { loss: L, grad };
}

function copyParams(p: Params): Params {
  return { q: Float64Array.from(p.q), W: Float64Array.from(p.W), w: Float64Array.from(p.w) };
}

function sumSquares(p: Params): number {
  let s = 0;
  for (const a of [p.q, p.W, p.w]) for (let j = 0; j < a.length; j++) s += a[j]! * a[j]!;
  return s;
}

/** Full-batch gradient descent on `data` as `opts` describes; deterministic given `opts.seed`. */
export function train(data: Dataset, opts: TrainOptions): TrainResult {
  const { model, loss, steps, lr } = opts;
  if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  if (!(lr > 0)) throw new RangeError(`lr must be > 0, got ${lr}`);
  if (data.X.length === 0) throw new RangeError("train: empty data set");
  const readout = opts.readout ?? "mean";
  const l2 = opts.l2 ?? 0;
  const tol = opts.tol ?? 1e-8;
  const patience = opts.patience ?? Infinity;
  const init = opts.init ?? (model === "lpa" ? "random" : "zero");
  let params = initParams(model, data.d, init, opts.initScale ?? 0.1, opts.seed ?? 0);

  const history: number[] = [];
  let best = opts.validation ? copyParams(params) : params;
  let bestVal = opts.validation ? meanLoss(model, params, opts.validation, loss, readout) : Infinity;
  let sinceBest = 0;
  let converged = false, stoppedEarly = false, diverged = false;
  let taken = 0;
  let lastFinite = copyParams(params);

  for (let step = 0; step < steps; step++) {
    const { loss: L, grad } = lossAndGrad(model, params, data, loss, readout, l2);
    const gn = Math.sqrt(sumSquares(grad));
    if (!Number.isFinite(L) || !Number.isFinite(gn)) {
      diverged = true;
      params = lastFinite;
      break;
    }
    history.push(L);
    opts.onStep?.(step, L);
    if (gn <= tol) {
      converged = true;
      break;
    }
    lastFinite = copyParams(params);
    const scale = opts.normalized ? lr / gn : lr;
    for (const key of ["q", "W", "w"] as const) {
      const p = params[key], g = grad[key];
      for (let j = 0; j < p.length; j++) p[j] -= scale * g[j]!;
    }
    taken++;
    if (opts.validation) {
      const v = meanLoss(model, params, opts.validation, loss, readout);
      if (v < bestVal) {
        bestVal = v;
        best = copyParams(params);
        sinceBest = 0;
      } else if (++sinceBest >= patience) {
        stoppedEarly = true;
        break;
      }
    }
  }
  if (!opts.validation) best = params;
  const finalLoss = meanLoss(model, best, data, loss, readout) + 0.5 * l2 * sumSquares(best);
  return { params: best, steps: taken, finalLoss, converged, stoppedEarly, diverged, history };
}
