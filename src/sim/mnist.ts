/**
 * The contextual-MNIST experiment (docs/theory.md §6, claim R1). Per seed: draw n training, a
 * validation and a test set of canvases from the three disjoint image pools, embed every cell
 * with the frozen PCA map (fitted on the fourth pool), and train each model by full-batch
 * gradient descent on the logistic loss, keeping the parameters of lowest validation loss:
 *
 *   spa     prompt-tuning (q, w) of softmax prompt-attention
 *   lpa     linear prompt-attention (q, w)
 *   uni     linear probe on mean-pooled tokens (w)
 *   ssa     fine-tuning softmax self-attention (W, w), mean readout
 *   oracle  linear probe on the mean of the k relevant tokens only (sees R: an upper reference)
 *
 * Reported: test accuracy of each, and for spa the attention mass Σ_{t∈R} softmax(Xq)_t on the
 * relevant cells, averaged over test canvases (k/T under uniform attention).
 *
 * The image split and the embedding are fixed by `splitSeed` (PCA costs ~0.2 s, so it is fitted
 * once per process); the seed draws the canvases and, through them, the train/test images.
 * Training sets are nested across n: canvas i of a seed is the same whatever n is.
 */
import { Rng, STREAM_VERSION } from "../random/rng.ts";
import type { Canvases } from "../data/mnist.ts";
import type { Dataset } from "../data/dataset.ts";
import { train, type ModelKind, type Params, type TrainResult } from "../train/gd.ts";
import { accuracy } from "../train/accuracy.ts";
import { estimate, type Estimate } from "./stats.ts";
import { checkMnistParams, type MnistModel, type MnistParams } from "./mnistParams.ts";
import { mnistContext, sampleSplits, attentionMass } from "./mnistData.ts";

export interface ModelOutcome {
  accuracy: number;
  validationAccuracy: number;
  steps: number;
  stoppedEarly: boolean;
  diverged: boolean;
  /** Early stopping kept the zero initialization (no step lowered the validation loss). */
  zeroModel: boolean;
}

export interface MnistTrial {
  seed: number;
  models: Partial<Record<MnistModel, ModelOutcome>>;
  /** SPA's mean attention mass on R over the test canvases (present when spa was trained). */
  attentionMass?: number;
  /** Trained SPA parameters and the test canvases, for the attention pictures. */
  spa?: { params: Params; test: Canvases };
}

/** Mean of the T rows of a T × d token matrix. */
function meanToken(X: Float64Array, T: number, d: number): Float64Array {
  const m = new Float64Array(d);
  for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) m[j] += X[t * d + j]! / T;
  return m;
}

const KIND: Record<MnistModel, ModelKind> = { spa: "spa", lpa: "lpa", uni: "uni", ssa: "ssa", oracle: "uni" };

/** The first n samples of a token set (training sets are nested across n). */
function firstTokens(set: Dataset, n: number): Dataset {
  return { ...set, X: set.X.slice(0, n), y: set.y.subarray(0, n) };
}

/**
 * One seed of the experiment at several training-set sizes: the canvases are drawn and embedded
 * once (the largest training set, whose prefixes are the smaller ones, and one validation and
 * test set shared by all sizes); every requested model is trained at every size. `p.n` is ignored.
 */
export function runMnistSeed(p: MnistParams, sizes: readonly number[], seed: number): MnistTrial[] {
  checkMnistParams(p);
  if (sizes.length === 0 || sizes.some((n) => !(Number.isInteger(n) && n >= 1))) throw new RangeError(`sizes must be positive integers, got ${sizes.join(",")}`);
  const ctx = mnistContext(p.splitSeed, p.d);
  const sets = sampleSplits(ctx, { ...p, n: Math.max(...sizes) }, seed);
  if (p.shuffleLabels) {
    const rng = Rng.derive(seed, "mnist/label-shuffle");
    for (const set of [sets.train, sets.validation]) set.y = set.y.map(() => rng.sign());
  }
  const { embedder } = ctx;
  const full = { train: embedder.tokens(sets.train), validation: embedder.tokens(sets.validation), test: embedder.tokens(sets.test) };
  // UNI on T tokens is UNI on their mean as a single token (same objective, same GD iterates),
  // so the probes train on pooled features: T times cheaper per step.
  const meanOf = (set: Dataset): Dataset => ({ X: set.X.map((x) => meanToken(x, set.T, set.d)), y: set.y, T: 1, d: set.d });
  const pooledInputs = (relevantOnly: boolean) => {
    const tok = (c: Canvases, all: Dataset) => meanOf(relevantOnly ? embedder.relevantTokens(c) : all);
    return { train: tok(sets.train, full.train), validation: tok(sets.validation, full.validation), test: tok(sets.test, full.test) };
  };
  const inputs: Record<MnistModel, () => typeof full> = {
    spa: () => full, lpa: () => full, ssa: () => full,
    uni: () => pooledInputs(false), oracle: () => pooledInputs(true),
  };
  const trials: MnistTrial[] = sizes.map(() => ({ seed, models: {} }));
  for (const model of p.models) {
    const data = inputs[model]();
    const kind = KIND[model];
    const opt = p.optimizers[model];
    sizes.forEach((n, j) => {
      const res: TrainResult = train(firstTokens(data.train, n), {
        model: kind, loss: "logistic", readout: "mean", steps: opt.steps, lr: opt.lr, normalized: opt.normalized,
        seed, validation: data.validation, patience: opt.patience,
      });
      const out = trials[j]!;
      out.models[model] = {
        accuracy: accuracy(kind, res.params, data.test),
        validationAccuracy: accuracy(kind, res.params, data.validation),
        steps: res.steps,
        stoppedEarly: res.stoppedEarly,
        diverged: res.diverged,
        zeroModel: [res.params.q, res.params.W, res.params.w].every((a) => a.every((v) => v === 0)),
      };
      if (model === "spa") {
        out.attentionMass = attentionMass(full.test.X, sets.test.relevant, p.T, p.d, res.params.q);
        out.spa = { params: res.params, test: sets.test };
      }
    });
  }
  return trials;
}

/** One seed at the single training-set size p.n. */
export function runMnistTrial(p: MnistParams, seed: number): MnistTrial {
  return runMnistSeed(p, [p.n], seed)[0]!;
}

export interface MnistModelSummary {
  accuracy: Estimate;
  /** Gradient steps taken, averaged over seeds. */
  meanSteps: number;
  diverged: number;
  /** Seeds whose early-stopped model was the zero initialization. */
  zeroModels: number;
}

export interface MnistSummary {
  params: MnistParams;
  seeds: number[];
  /** Version of the random streams (src/random): a new version changes every seed's numbers. */
  streamVersion: number;
  models: Partial<Record<MnistModel, MnistModelSummary>>;
  attentionMass?: Estimate;
  /** Attention mass of uniform attention, k/T. */
  uniformMass: number;
  trials: MnistTrial[];
}

/** The experiment over several seeds, summarized as mean ± stderr across seeds. */
export function runMnistExperiment(p: MnistParams, seeds: number[], onTrial?: (done: number) => void): MnistSummary {
  const trials = seeds.map((seed, i) => {
    const t = runMnistTrial(p, seed);
    onTrial?.(i + 1);
    return t;
  });
  const models: MnistSummary["models"] = {};
  for (const m of p.models) {
    const outcomes = trials.map((t) => t.models[m]!);
    models[m] = {
      accuracy: estimate(outcomes.map((o) => o.accuracy)),
      meanSteps: outcomes.reduce((s, o) => s + o.steps, 0) / outcomes.length,
      diverged: outcomes.filter((o) => o.diverged).length,
      zeroModels: outcomes.filter((o) => o.zeroModel).length,
    };
  }
  const summary: MnistSummary = { params: p, seeds, streamVersion: STREAM_VERSION, models, uniformMass: p.k / p.T, trials };
  if (p.models.includes("spa")) summary.attentionMass = estimate(trials.map((t) => t.attentionMass!));
  return summary;
}
