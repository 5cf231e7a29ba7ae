/**
 * G5 Monte Carlo: prompt-tuning (SPA) against fine-tuning (SSA), both trained to convergence by
 * full-batch gradient descent on the same samples of law G and tested on the same fresh inputs.
 */
import { Rng } from "../random/rng.ts";
import { sampleG } from "../data/lawG.ts";
import { drawSet } from "../data/dataset.ts";
import { train } from "../train/gd.ts";
import { accuracy } from "../train/accuracy.ts";
import { estimate, type Estimate } from "./stats.ts";
import { trialLaw } from "./gdSteps.ts";
import type { LawGPoint } from "./sampleComplexity.ts";

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
export function promptVsFineTuning(p: LawGPoint, o: TuningOptions, onRun?: () => void): TuningPoint[] {
  return o.ns.map((n, j) => {
    const errs: Record<"spa" | "ssa", number[]> = { spa: [], ssa: [] };
    const conv = { spa: 0, ssa: 0 };
    for (let t = 0; t < o.trials; t++) {
      const rng = Rng.derive(o.seed, `g5/n${j}/trial`, t);
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
