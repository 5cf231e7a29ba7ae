/**
 * E4's experiment (docs/theory.md §3): train a model by gradient descent on one contextual mixture
 * law and measure its accuracy on a fresh test set, with a Clopper–Pearson interval.
 *
 * Streams of the run's seed: 0 draws the law's directions (u, v), 1 the training set, 2 the test
 * set; the initialization uses the seed itself. Same seed, same result, bit for bit.
 */
import { Rng, STREAM_VERSION } from "../random/rng.ts";
import { makeLawG, sampleG, type Sample } from "../data/lawG.ts";
import { makeLawB, sampleB } from "../data/lawB.ts";
import { makeLawGT, sampleGT } from "../data/lawGT.ts";
import { makeLawEC, sampleEC } from "../data/lawEC.ts";
import { drawSet, type LabeledSet } from "../data/dataset.ts";
import { train, type ModelKind, type Params, type Readout, type Loss } from "../train/gd.ts";
import { accuracy, outcomes, successes } from "../train/accuracy.ts";
import { clopperPearsonHalf, type ProportionInterval } from "./binomial.ts";

export { LAW_NAMES, type LawName } from "../params/kinds.ts";
import type { LawName } from "../params/kinds.ts";

/** One law with its directions fixed: a sampler and the parameters to report. */
export interface LawSpec {
  name: LawName;
  T: number;
  d: number;
  u: Float64Array;
  v: Float64Array;
  params: Record<string, number | string>;
  draw(rng: Rng, X: Float64Array<ArrayBuffer>): Sample;
}

/**
 * The default instances: small enough that SSA trains in a second, with the noise low enough
 * that SPA's Bayes error is negligible, so a blind model's 1/2 and SPA's ≈ 1 are far apart.
 */
export const LAW_DEFAULTS = {
  G: { d: 8, T: 8, k: 2, c: 2, r: 1.5, rho: 0, sigma: 0.5, noise: "isotropic" as const },
  B: { d: 8, T: 8, k: 2, c: 2, r: 1.5, m: 0.5, B: 1, tau: 1, mode: "random" as const },
  GT: { d: 8, T: 8, k: 2, c: 2, r: 1.5, sigma: 0.2 },
  EC: { d: 8, P: 4, k: 1, c: 2, r: 1.5, sigma: 0.2, m: 0.5, B: 1, tau: 1 },
};

/** The stream a run's law instance (its directions, distractors) is drawn from. */
export function lawStream(seed: number): Rng {
  return Rng.derive(seed, "expressivity/law");
}

export function makeLaw(name: LawName, seed: number, sigma?: number): LawSpec {
  const rng = lawStream(seed);
  switch (name) {
    case "G": {
      const p = { ...LAW_DEFAULTS.G, sigma: sigma ?? LAW_DEFAULTS.G.sigma };
      const law = makeLawG(p, rng);
      return { name, T: p.T, d: p.d, u: law.u, v: law.v, params: p, draw: (r, X) => sampleG(law, r, X) };
    }
    case "B": {
      if (sigma !== undefined && sigma !== 0) throw new RangeError("law B has no noise (sigma = 0)");
      const p = LAW_DEFAULTS.B;
      const law = makeLawB(p, rng);
      return { name, T: p.T, d: p.d, u: law.u, v: law.v, params: p, draw: (r, X) => sampleB(law, r, X) };
    }
    case "GT": {
      const p = { ...LAW_DEFAULTS.GT, sigma: sigma ?? LAW_DEFAULTS.GT.sigma };
      const law = makeLawGT(p, rng);
      return { name, T: p.T, d: p.d, u: law.u, v: law.v, params: p, draw: (r, X) => sampleGT(law, r, X) };
    }
    case "EC": {
      const p = { ...LAW_DEFAULTS.EC, sigma: sigma ?? LAW_DEFAULTS.EC.sigma };
      const law = makeLawEC(p, rng);
      return { name, T: law.T, d: p.d, u: law.u, v: law.v, params: { ...p, T: law.T }, draw: (r, X) => sampleEC(law, r, X) };
    }
  }
}

export interface TrainingRecipe {
  n: number;
  nTest: number;
  steps: number;
  lr: number;
  loss: Loss;
  normalized: boolean;
  init: "zero" | "random";
}

/** Normalized full-batch GD on the logistic loss from a small random start (so LPA leaves its saddle). */
export const DEFAULT_RECIPE: TrainingRecipe = { n: 400, nTest: 1000, steps: 300, lr: 0.1, loss: "logistic", normalized: true, init: "random" };

export interface ExpressivityOptions {
  law: LawName;
  model: ModelKind;
  /** SSA only */
  readout?: Readout;
  seed: number;
  sigma?: number;
  recipe?: Partial<TrainingRecipe>;
  onStep?: (step: number, loss: number) => void;
}

/** One E4 run: the law and model, the training record, the learned parameters and the test accuracy with its interval. */
export interface ExpressivityResult {
  law: LawName;
  model: ModelKind;
  readout: Readout | null;
  seed: number;
  /** Version of the random streams (src/random): a new version changes every seed's numbers. */
  streamVersion: number;
  lawParams: Record<string, number | string>;
  recipe: TrainingRecipe;
  training: { stepsTaken: number; finalLoss: number; converged: boolean; diverged: boolean; trainAccuracy: number };
  /** test accuracy (ties count ½, src/train/accuracy.ts) with its 95% Clopper–Pearson interval */
  accuracy: ProportionInterval;
  /** test inputs where the output was exactly 0 */
  ties: number;
  params: Params;
}

export function drawLawSet(spec: LawSpec, n: number, rng: Rng): LabeledSet {
  return drawSet(n, spec.T, spec.d, (X) => spec.draw(rng, X));
}

/** Train on a fresh training set and test on a fresh test set of the same law. */
export function runExpressivity(o: ExpressivityOptions): ExpressivityResult & { spec: LawSpec; test: LabeledSet } {
  const recipe = { ...DEFAULT_RECIPE, ...o.recipe };
  const spec = makeLaw(o.law, o.seed, o.sigma);
  const trainSet = drawLawSet(spec, recipe.n, Rng.derive(o.seed, "expressivity/train-set"));
  const test = drawLawSet(spec, recipe.nTest, Rng.derive(o.seed, "expressivity/test-set"));
  const readout = o.model === "ssa" ? o.readout ?? "mean" : undefined;
  const res = train(trainSet, { model: o.model, readout, loss: recipe.loss, steps: recipe.steps, lr: recipe.lr, normalized: recipe.normalized, init: recipe.init, seed: o.seed, onStep: o.onStep });
  const scored = outcomes(o.model, res.params, test, readout);
  return {
    law: o.law,
    model: o.model,
    readout: readout ?? null,
    seed: o.seed,
    streamVersion: STREAM_VERSION,
    lawParams: spec.params,
    recipe,
    training: { stepsTaken: res.steps, finalLoss: res.finalLoss, converged: res.converged, diverged: res.diverged, trainAccuracy: accuracy(o.model, res.params, trainSet, readout) },
    accuracy: clopperPearsonHalf(successes(scored), scored.n),
    ties: scored.ties,
    params: res.params,
    spec,
    test,
  };
}
