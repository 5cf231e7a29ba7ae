/**
 * G3 — after the prompt step the prompt attends to the relevant tokens; attention mass and test
 * error of (q1, w2) predicted (docs/theory.md §5).
 *
 * Statement. Let A = q⋆ᵀq1, B = w⋆ᵀq1, τ = σ‖q1‖. On a fresh input the scores are A + yB + τZ_t on
 * the k relevant tokens and τZ_t on the others (Z_t i.i.d. N(0,1)), so the attention mass on R is
 *   S(A, B, τ) = ½ Σ_{y=±1} k ∫_ℝ Φ(ℓ + A + yB) L(ℓ + A + yB)^{k−1} L(ℓ)^{T−k} dℓ,
 *   L(x) = E exp(−e^{x+τZ}),  Φ(x) = E[e^{x+τZ} exp(−e^{x+τZ})],
 * and E[S_R(q1)] = E[S(A, B, τ)] over the law of q1 (G2). The test error of (q1, w2) is
 *   P(y f < 0) = E[ Q( (S_R (y c wᵀu + r wᵀv) + σ y (wᵀq̂) V) / (σ ‖(I − q̂q̂ᵀ)w‖ N) ) ],
 * V = Σ_t s_t Z_t, N = ‖s‖, w = w2, averaged over the laws of q1 and of w2 | q1. As n grows, q1
 * aligns with q⋆ (G2) and its norm grows like β·ζ²(1−ζ)r²c·η (G2's mean), so S_R rises from its
 * uniform value ζ towards 1; as ζ → 0 at fixed n the signal in q1 vanishes like ζ² and S_R → ζ.
 *
 * Derivation.
 * 1. Scores. x_tᵀq1 = 1_{t∈R}(q⋆ + y w⋆)ᵀq1 + σ ξ_tᵀq1, and ξ_tᵀq1 = ‖q1‖ Z_t with Z_t = ξ_tᵀq̂ i.i.d.
 *    N(0,1) (isotropic noise, q1 independent of the fresh input).
 * 2. Attention mass. S_R = Σ_{t∈R} e^{a_t}/Σ_s e^{a_s}. With 1/x = ∫₀^∞ e^{−λx} dλ (x > 0) and the
 *    independence of the T scores given y, E[e^{a_1}/Σ e^{a_s}] = ∫₀^∞ E[e^{a_1}e^{−λe^{a_1}}]
 *    Π_{s≠1} E[e^{−λe^{a_s}}] dλ. Put λ = e^ℓ: E[e^{−λ e^{μ+τZ}}] = L(ℓ + μ) and
 *    λE[e^{a}e^{−λe^{a}}] = Φ(ℓ + μ) for a = μ + τZ. Summing over the k relevant tokens and
 *    averaging over y gives S(A, B, τ). L and Φ are integrals over the score t = x + τZ: outside
 *    t ∈ [−40, 4] the factors exp(−e^t) and e^t exp(−e^t) are 1 or 0 to 4e-18, so each is a normal
 *    tail plus Gauss–Legendre panels on a bounded range, at bounded cost for every τ (the earlier
 *    trapezoid in Z overflowed to NaN above τ ≈ 39 and its cost grew like τ). The ℓ-integral is a
 *    trapezoid halved until two successive values agree to 1e-9 (theory/g3AttentionMass.ts).
 * 3. Law of q1. (A, B, ‖q1‖) enter only through q_u = q1ᵀu, q_v = q1ᵀv and ‖q1‖. G2 gives the
 *    exact mean and covariance of q1 given w1 in the basis (u, v, e3), e3 ∝ w1's part off u and v;
 *    averaged over G1's law of w1 they give a Gaussian mixture for (q_u, q_v, q_3), replaced by the
 *    Gaussian with its exact mean and covariance. q_3 is kept because the label imbalance ȳ₂ moves
 *    q_v and q_3 together (q1 ∋ βȳ₂σ²(1 − 1/T)w1): a large shift B comes with a large ‖q1‖. The
 *    bulk (d − 3 directions) enters through its mean norm² (a χ² spread moved the error by ≤ 0.001).
 *    Integration: Gauss–Hermite in the Cholesky order (q_v, q_3, q_u), 10×3×3 nodes for S_R
 *    (quadrature error stated as the change from 7×2×2) and 8×2×2 for the error (change from
 *    6×2×2 measured below 7e-5).
 * 4. Pooled feature. Split ξ_t = Z_t q̂ + ξ_t^⊥ (ξ_t^⊥ ⊥ q̂, independent of the scores). Then
 *    Xᵀs = S_R (q⋆ + y w⋆) + σ V q̂ + σ Σ_t s_t ξ_t^⊥, and given the scores Σ_t s_t ξ_t^⊥ ~ N(0, N²(I − q̂q̂ᵀ)).
 * 5. Test error given (q1, w2). f = w2ᵀXᵀs, so y f = S_R(y c w2ᵀu + r w2ᵀv) + σ y (w2ᵀq̂) V +
 *    σ N ‖(I − q̂q̂ᵀ)w2‖ G with G ~ N(0,1) independent; P(y f < 0 | scores, y) = Q(·) of the
 *    statement.
 * 6. Law of w2 | q1. w2/η = (1/n)Σ_{S3} y_i X_iᵀs_i is an average of i.i.d. vectors; by step 4 each
 *    is a = (a_q, a_1, a_2) in the basis (q̂, f1, f2) of span{q̂, u, v} plus σ N g with g ~ N(0, I)
 *    on f1, f2 and the d − 3 bulk directions. w2/η is replaced by the Gaussian N(μ, C) with these
 *    exact moments, and its bulk norm² by its mean b² = (d − 3)σ²E[N²]/n.
 * 7. Error over w2's law in closed form. Given a test input's (a, N) and its noise coordinates
 *    (g1, g2) on (f1, f2), y f is linear in the Gaussian w2 plus an independent N(0, σ²N²b²) bulk
 *    term, hence Gaussian with mean uᵀμ and variance uᵀCu + σ²N²b², u = a + σN(0, g1, g2):
 *      P(y f < 0) = E[Q(uᵀμ / √(uᵀCu + σ²N²b²))]   over (g1, g2) (8×8 Gauss–Hermite) and the scores.
 *    The scores are a seeded Monte Carlo over scalars (y, Z_1..Z_T) whose draws are shared by all
 *    nodes, so the stated standard error is that of the whole sum. (An earlier version averaged
 *    w2 by a 2-point rule per axis, exact only for cubic dependence: it was biased by up to +0.013
 *    at c = 2, which the old allowance, calibrated at c ≤ 1.5, hid.)
 *
 * Debiasing (train/threeStep.ts). Centered labels in all three steps and the head projected off
 * the prompt direction. Measured: the paired reduction of the test error at every GD_POINT.
 *
 * Check. (a) The pieces, each against an independent route: S(A, B, τ) against the model's own
 * softmax on 200,000 sampled score vectors at six (A, B, τ, T, k) from τ = 0.05 to τ = 1e4; at a
 * trained (q1, w2), the quadrature and the simulation's evaluator (eval/promptModel.ts) against a
 * token-level test set; and step 7 alone: q1 fixed at a trained value, the head step repeated on
 * 400 fresh sets S3 (|z| ≤ 4 each). (b) Agreement of the simulated E[S_R(q1)] and test error with
 * the predictions at the eleven GD_POINTS (c from 0.5 to 3, β from 3 to 500, σ from 0.5 to 2)
 * within 3·stderr + allowance, the stderr combining the simulation's and the prediction's Monte
 * Carlo. Allowances 0.002 for both: measured at 400 trials per point over eight of the points
 * (five of them new), every gap was within 2.1 stderr of zero (largest |gap| 0.0043 for S_R at
 * c = 3, β = 3, stderr 0.0021; 0.0056 for the error there, stderr 0.0040), so no bias is resolved
 * above ~0.002 and the allowance covers what the measurement cannot see. (c) Either prediction
 * scaled by 1.05 or 0.95 is rejected at every point where the simulation has the power to see a
 * 5% change (5% of the prediction ≥ tolerance + 2 stderr: most rows in a full run); the mutation
 * run (mutations/) tests changes inside the formulas instead. (d) The debiased steps lower the
 * test error at every point, and the mean paired reduction over the points exceeds 3 stderr.
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { GD_POINTS, GD_TRIALS, GD_QUICK_TRIALS, compare, perturbationControl, simulateGdPoints } from "./gdAgreement.ts";
import { attentionMassGiven, predictedAttentionMass, predictedTestError, type GdParams } from "../src/theory/gdSteps.ts";
import { Rng } from "../src/random/rng.ts";
import { sampleG } from "../src/data/lawG.ts";
import { attentionWeights, forward } from "../src/models/promptAttention.ts";
import { threeStep } from "../src/train/threeStep.ts";
import { streamG, trialLaw } from "../src/sim/gdSteps.ts";
import { evaluatePromptModel, sampledAttentionMass } from "../src/eval/promptModel.ts";
import { testErrorGivenQ1 } from "../src/theory/g3TestError.ts";
import { headStep } from "../src/train/threeStep.ts";
import { dot, norm2 } from "../src/linalg/kernels.ts";
import { estimate } from "../src/sim/stats.ts";
import { deriveSeed } from "../src/random/deriveSeed.ts";

export const G3_ATTENTION_ALLOWANCE = 0.002;
export const G3_ERROR_ALLOWANCE = 0.002;
/** Scalar draws per quadrature node of the test-error prediction (its Monte Carlo stderr is about 0.0007). */
export const G3_THEORY_DRAWS = 8000;

/** Points of the head-step check: n below and above d, a large and a small prompt step. */
export const HEAD_STEP_POINTS: GdParams[] = [
  { d: 100, T: 6, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 50, n: 150 },
  { d: 40, T: 8, k: 2, c: 2, r: 1, sigma: 0.7, eta: 1, beta: 200, n: 300 },
];

export const predictTestError = (p: GdParams) => {
  const e = predictedTestError(p, { draws: G3_THEORY_DRAWS });
  return { value: e.error, stderr: e.stderr };
};

/**
 * Against a token-level test set at a trained (q1, w2): the attention integral of the theory
 * (quadrature), and the scalar-draw evaluation of the simulation (eval/promptModel.ts) for both the
 * attention mass and the test error.
 */
export function reductionCheck(p: GdParams, testInputs: number, seed: number) {
  const rng = Rng.derive(seed, "g3/reduction-check");
  const law = trialLaw(p, rng);
  const { q1, w2 } = threeStep(streamG(law, p.n, rng), streamG(law, p.n, rng), streamG(law, p.n, rng), { T: p.T, d: p.d, eta: p.eta, beta: p.beta });
  const masses: number[] = [], errors: number[] = [];
  for (let i = 0; i < testInputs; i++) {
    const s = sampleG(law, rng);
    const a = attentionWeights("softmax", s.X, p.T, p.d, q1);
    let S = 0;
    for (const t of s.R) S += a[t]!;
    masses.push(S);
    errors.push(s.y * forward("softmax", s.X, p.T, p.d, q1, w2) < 0 ? 1 : 0);
  }
  const exactS = attentionMassGiven(p.c * dot(q1, law.u), p.r * dot(q1, law.v), p.sigma * norm2(q1), p.T, p.k);
  const reduced = Array.from({ length: 8 }, () => evaluatePromptModel(law, q1, w2, 20000, rng));
  const reducedS = estimate(reduced.map((e) => e.attentionMass)), reducedE = estimate(reduced.map((e) => e.testError));
  const S = estimate(masses), E = estimate(errors);
  const z = (a: { mean: number; stderr: number }, b: { mean: number; stderr: number }) => (a.mean - b.mean) / Math.hypot(a.stderr, b.stderr);
  const zS = (S.mean - exactS) / S.stderr, zR = z(S, reducedS), zE = z(E, reducedE);
  return {
    attention: { tokens: S, quadrature: exactS, z: zS, pass: Math.abs(zS) <= 4 },
    attentionEval: { tokens: S, scalarReduction: reducedS, z: zR, pass: Math.abs(zR) <= 4 },
    testError: { tokens: E, scalarReduction: reducedE, z: zE, pass: Math.abs(zE) <= 4 },
  };
}

/**
 * The attention integral S(A, B, τ) against the model's softmax on sampled scores, over shifts and
 * spreads from nearly deterministic scores (τ = 0.05) to softmax at hardmax temperature (τ = 1e4).
 */
export function attentionIntegralCheck(draws: number, seed: number) {
  const rng = Rng.derive(seed, "g3/attention-integral-check");
  const cases: [number, number, number, number, number][] = [[0.5, 0.3, 0.7, 8, 2], [2, 1, 3, 16, 4], [1, 0.5, 12, 12, 4], [3, -1, 0.05, 6, 1], [0.3, 0.2, 2, 64, 8], [100, 20, 1e4, 8, 2]];
  return cases.map(([A, B, tau, T, k]) => {
    const exact = attentionMassGiven(A, B, tau, T, k), sampled = sampledAttentionMass(A, B, tau, T, k, draws, rng);
    const z = (sampled.mean - exact) / sampled.stderr;
    return { A, B, tau, T, k, exact, sampled, z, pass: Math.abs(z) <= 4 };
  });
}

/**
 * Step 6 alone: q1 fixed at a trained value, the head step repeated on `reps` fresh sets S3, each
 * head's exact error (eval/promptModel.ts) against the prediction for that q1 over w2's Gaussian
 * equivalent. Isolates the law of w2 | q1 from the law of q1.
 */
export function headStepCheck(p: GdParams, reps: number, seed: number) {
  const rng = Rng.derive(seed, "g3/head-step-check");
  const law = trialLaw(p, rng);
  const { q1 } = threeStep(streamG(law, p.n, rng), streamG(law, p.n, rng), streamG(law, p.n, rng), { T: p.T, d: p.d, eta: p.eta, beta: p.beta });
  const errors = Array.from({ length: reps }, () => evaluatePromptModel(law, q1, headStep(streamG(law, p.n, rng), p, q1), 2000, rng).testError);
  const sim = estimate(errors);
  const theory = testErrorGivenQ1(p, { qu: dot(q1, law.u), qv: dot(q1, law.v), normSq: dot(q1, q1) }, { draws: 800000, seed });
  const z = (sim.mean - theory.error) / Math.hypot(sim.stderr, theory.stderr);
  return { point: p, sim, theory, z, pass: Math.abs(z) <= 4 };
}

export const G3 = defineClaim({
  id: "G3",
  title: "After the prompt step the prompt attends to the relevant tokens; attention mass and test error of (q1, w2)",
  statement: "E[S_R(q1)] = E[S(q⋆ᵀq1, w⋆ᵀq1, σ‖q1‖)] with S a 1-D Laplace integral; the test error of (q1, w2) from the laws of q1 (G2) and of w2 | q1 (Gaussian equivalent).",
  domain: "law G, isotropic noise, ρ = 0; Gaussian equivalents of q1 and w2 (allowances measured for n ≥ 150)",
  async check(opts: CheckOptions = {}) {
    const seed = opts.seed ?? 1;
    const trials = opts.quick ? GD_QUICK_TRIALS : GD_TRIALS;
    const total = GD_POINTS.length + 2;
    const reductions = reductionCheck({ d: 40, T: 8, k: 2, c: 1.5, r: 1.5, sigma: 1, eta: 1, beta: 30, n: 300 }, opts.quick ? 3000 : 12000, deriveSeed(seed, "G3/reductions"));
    const integral = attentionIntegralCheck(opts.quick ? 20000 : 200000, seed);
    // 1600 heads per point: a 5% change in the pooled noise of w2 moves this error by ~3 stderr of 400 heads, too close to the rule
    const headSteps = HEAD_STEP_POINTS.map((p, i) => headStepCheck(p, opts.quick ? 60 : 1600, deriveSeed(seed, "G3/head-step", i)));
    opts.onProgress?.(1, total);
    const sims = simulateGdPoints(GD_POINTS, trials, deriveSeed(seed, "gd-steps/grid"), (i) => opts.onProgress?.(1 + i, total));
    const attention = compare("attentionMass", GD_POINTS, sims, predictedAttentionMass, () => G3_ATTENTION_ALLOWANCE);
    const testError = compare("testError", GD_POINTS, sims, predictTestError, () => G3_ERROR_ALLOWANCE);
    opts.onProgress?.(total, total);
    const controls = [perturbationControl("attentionMass", attention, sims, predictedAttentionMass, () => G3_ATTENTION_ALLOWANCE), perturbationControl("testError", testError, sims, predictTestError, () => G3_ERROR_ALLOWANCE)];
    const perturbed = controls.flatMap((c) => c.rows);
    const powered = perturbed.filter((r) => r.powered);
    const debias = GD_POINTS.map((point, i) => {
      const d = sims[i]!.debiased!;
      return { point, plain: sims[i]!.testError, debiased: d.testError, reduction: d.testErrorReduction, pass: d.testErrorReduction.mean > 0 };
    });
    const pooledReduction = debias.reduce((s, r) => s + r.reduction.mean, 0) / debias.length;
    const pooledStderr = Math.sqrt(debias.reduce((s, r) => s + r.reduction.stderr ** 2, 0)) / debias.length;
    // quick runs have too few trials for the 5% perturbation to be detectable everywhere: reported, not required
    const perturbedFail = controls.every((c) => c.fail);
    const pass = reductions.attention.pass && reductions.attentionEval.pass && reductions.testError.pass && integral.every((r) => r.pass) && headSteps.every((r) => r.pass) && attention.every((r) => r.pass) && testError.every((r) => r.pass) && (opts.quick || perturbedFail) && debias.every((r) => r.pass) && pooledReduction > 3 * pooledStderr;
    return {
      claim: "G3",
      pass,
      evidence: { allowances: { attentionMass: G3_ATTENTION_ALLOWANCE, testError: G3_ERROR_ALLOWANCE }, reductions, attentionIntegral: integral, headSteps, attention, testError, perturbedPredictionsFail: perturbedFail, perturbedPowered: `${powered.length} of ${perturbed.length}`, perturbed, debias, debiasPooledReduction: { mean: pooledReduction, stderr: pooledStderr } },
    };
  },
});
