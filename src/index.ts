/**
 * prompt-attention-theory: the public API.
 *
 * The claims of *On the Role of Attention in Prompt-tuning* (Oymak, Rawat, Soltanolkotabi,
 * Thrampoulidis, ICML 2023) as code, with the labels of `docs/theory.md`:
 *
 * - **Formulas** (no sampling unless stated): K1 pooling statistics, K2 ridge error, K3 limits,
 *   K5 random attention weights and the optimal prompt norm, G1–G4 the first gradient steps.
 * - **Laws** G, B, GT, EC and **models** SPA, LPA, UNI, SSA (forward passes and gradients).
 * - **Simulations**: Monte Carlo of the trained pipelines, which never call the formulas they
 *   are checked against.
 * - **Randomness**: every draw comes from an explicit, seeded {@link Rng}.
 * - **Special functions**: the tail-accurate normal tail `Q`, `logQ`, `Qinv`, and the
 *   Marchenko–Pastur Stieltjes transform.
 *
 * ```ts
 * import { knownPromptTheory, simulateKnownPrompt } from "prompt-attention-theory";
 * const th = knownPromptTheory({ d: 200, n: 400, T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 2, lambda: 0, pool: "softmax" });
 * ```
 *
 * @packageDocumentation
 */

// ---- randomness and special functions ------------------------------------------------------
export { Rng } from "./random/rng.ts";
export { Q, logQ, Qinv, phi } from "./special/normal.ts";
export { mpStieltjes, mpStieltjesDerivative } from "./special/marchenkoPastur.ts";

// ---- laws (docs/theory.md §2) ---------------------------------------------------------------
export { makeLawG, sampleG, kFromZeta, type LawG, type LawGParams, type Noise, type Sample } from "./data/lawG.ts";
export { makeLawB, sampleB, type LawB, type LawBParams } from "./data/lawB.ts";
export { makeLawGT, sampleGT, type LawGT, type LawGTParams } from "./data/lawGT.ts";
export { makeLawEC, sampleEC, type LawEC, type LawECParams } from "./data/lawEC.ts";

// ---- models (docs/theory.md §1) -------------------------------------------------------------
export { attentionWeights, pooled, forward, gradW, gradQ, POOLS, type Pool } from "./models/promptAttention.ts";
export { softmax } from "./models/softmax.ts";
export { ssaForward, ssaGrad, READOUTS, type Readout } from "./models/ssa.ts";

// ---- formulas: K1–K3 (§4) ---------------------------------------------------------------------
export { poolingStats, poolWeights, type PoolingParams, type PoolingStats } from "./theory/pooling.ts";
export { knownPromptTheory, k2Margin, k2MarginRidgeLimit, contextBenefit, type KnownPromptTheory, type RidgeShape } from "./theory/knownPrompt.ts";
export { parseKnownPrompt, type KnownPromptPoint, type KnownPromptTheoryPoint } from "./params/point.ts";

// ---- formulas: K5, random attention weights (§4) ----------------------------------------------
export { k5Theory, solveK5, attentionLaw, contextRule, k5Error, type K5Params, type K5Point, type K5Theory, type ContextRule } from "./theory/k5.ts";
export { optimalTheta, type OptimalTheta, type OptimalThetaPoint } from "./theory/k5Optimal.ts";

// ---- formulas: G1–G4, the first gradient steps (§5) --------------------------------------------
export {
  predictedCosW1, cosW1Limit, predictedCosQ1, q1Moments, predictedAttentionMass, predictedTestError,
  samplesForAlignment, samplesForAlignmentLimit, type GdParams,
} from "./theory/gdSteps.ts";

// ---- training ----------------------------------------------------------------------------------
export { fitRidge, type RidgeFit } from "./train/ridge.ts";
export { train, MODEL_KINDS, type ModelKind, type TrainOptions, type TrainResult } from "./train/gd.ts";
export { threeStep, type ThreeStepOptions, type ThreeStepResult } from "./train/threeStep.ts";

// ---- simulations and their statistics ----------------------------------------------------------
export { estimate, zScore, type Estimate } from "./sim/stats.ts";
export { clopperPearson, type ProportionInterval } from "./sim/binomial.ts";
export { simulateKnownPrompt, knownPromptTrial, type KnownPromptSim, type KnownPromptSimParams } from "./sim/knownPrompt.ts";
export { simulateGdSteps, type GdSim, type GdSimParams } from "./sim/gdSteps.ts";
export { runExpressivity, LAW_NAMES, type LawName, type ExpressivityResult } from "./sim/expressivity.ts";
