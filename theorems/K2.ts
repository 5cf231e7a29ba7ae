/**
 * K2 — exact asymptotic error of a ridge head on pooled features (docs/theory.md §4).
 *
 * Statement. As n, d → ∞ with γ = d/n fixed, P(y ŵᵀx̄ < 0) → Q( r_eff² m / (√m′ √(r_eff² + γ)) ),
 * m = m(−λ̃), m′ = m′(−λ̃), λ̃ = λ/(nσ²N²), where m is the Marchenko–Pastur Stieltjes transform of
 * ratio γ: the positive root of γ z m² − (1 − γ − z) m + 1 = 0. Limits λ → 0: γ < 1 gives
 * Q(r_eff² √(1−γ)/√(r_eff² + γ)); γ > 1 gives Q(r_eff² √(1−1/γ)/√(r_eff² + γ)); γ = 1 gives 1/2.
 *
 * Derivation.
 * 1. Whitening. Drop the label-free u-coordinate (an intercept; K4 measures its O(1/n) effect)
 *    and divide x̄ by σN: each feature is x = y a + g with ‖a‖ = r_eff, g ~ N(0, I). Ridge λ on
 *    x̄ is ridge λ' = λ/(σN)² on x. For a fresh input, yŵᵀx ~ N(ŵᵀa, ‖ŵ‖²), so the error is
 *    Q(ŵᵀa/‖ŵ‖).
 * 2. Rank-one split. Stack the n features: Z = y aᵀ + G. Let ỹ = y/√n (a unit vector) and split
 *    G = ỹ(ỹᵀG) + G_⊥ with G_⊥ = (I − ỹỹᵀ)G. Then Z = ỹ bᵀ + G_⊥ with b = √n a + Gᵀỹ, and since
 *    G_⊥ᵀỹ = 0: ZᵀZ = b bᵀ + G_⊥ᵀG_⊥, Zᵀy = √n b. For Gaussian G, h = Gᵀỹ ~ N(0, I_d) is
 *    independent of G_⊥.
 * 3. Sherman–Morrison. With A = G_⊥ᵀG_⊥ + λ'I, ŵ = √n (bbᵀ + A)⁻¹ b = √n A⁻¹b / (1 + bᵀA⁻¹b),
 *    so the direction of ŵ is that of A⁻¹b and the error is Q(aᵀA⁻¹b / ‖A⁻¹b‖).
 * 4. Traces. Write A = n(W + λ̃I), W = G_⊥ᵀG_⊥/n, whose spectrum tends to Marchenko–Pastur with
 *    ratio γ. For a fixed vector a and W rotationally invariant, aᵀ(W + λ̃)⁻¹a → ‖a‖² m and
 *    aᵀ(W + λ̃)⁻²a → ‖a‖² m′, with m = (1/d) tr(W + λ̃)⁻¹ and m′ = (1/d) tr(W + λ̃)⁻², i.e. the
 *    Stieltjes transform and its derivative at z = −λ̃; the same holds for h with ‖h‖² ≈ d.
 *    Cross terms aᵀ(·)h are O(1/√n) relative to the main terms and vanish.
 *      numerator:  aᵀA⁻¹b ≈ √n r_eff² m / n,
 *      norm²:      ‖A⁻¹b‖² ≈ (n r_eff² m′ + d m′) / n² = m′ (r_eff² + γ) / n.
 *    Their ratio is r_eff² m / (√m′ √(r_eff² + γ)).
 * 5. The transform. m(z) = (1/d) tr(W − z)⁻¹ solves m = 1/(1 − γ − z − γ z m), i.e.
 *    γ z m² − (1 − γ − z) m + 1 = 0. For z < 0 the product of the roots 1/(γz) is negative, so
 *    exactly one root is positive; differentiating implicitly gives m′ = −(γm² + m)/(2γzm − (1−γ−z)).
 * 6. Limits. γ < 1: m(0) = 1/(1−γ), m′(0) = 1/(1−γ)³, so m/√m′ = √(1−γ). γ > 1: W has an atom of
 *    mass 1 − 1/γ at 0, so m ≈ (1−1/γ)/λ̃ and m′ ≈ (1−1/γ)/λ̃², giving m/√m′ → √(1−1/γ); the
 *    direction of A⁻¹b tends to that of the minimum-norm interpolator. γ = 1: the margin → 0.
 * 7. The best λ is infinite. With μ_W the spectral law, m = ∫ dμ/(x+λ̃) and m′ = ∫ dμ/(x+λ̃)², so
 *    m² ≤ m′ (Cauchy–Schwarz) and the margin is at most r_eff²/√(r_eff² + γ), its λ → ∞ limit.
 *    Under this law's isotropic noise the matched filter ŵ ∝ Σ y_i x̄_i is the best ridge head.
 *
 * Check. (a) m solves its quadratic; (b) m and m′ agree with (1/d) tr(W + λ̃)^{-1,-2} from the
 * eigenvalues of a sampled Wishart matrix; (c) the general formula tends to the closed-form
 * λ → 0 limits on both sides of γ = 1, and to 1/2 at γ = 1; (d) the margin increases with λ
 * towards its λ → ∞ bound.
 */
import { Matrix, EigenvalueDecomposition } from "ml-matrix";
import { defineClaim, type CheckOptions } from "./types.ts";
import { Rng } from "../src/random/rng.ts";
import { mpStieltjes, mpStieltjesDerivative } from "../src/special/marchenkoPastur.ts";
import { k2Margin, k2MarginRidgeLimit } from "../src/theory/knownPrompt.ts";
import { Q } from "../src/special/normal.ts";

/** Eigenvalues of W = GᵀG/n for a sampled G ∈ R^{n×d}. */
export function wishartEigenvalues(n: number, d: number, rng: Rng): number[] {
  const G = Matrix.zeros(n, d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) G.set(i, j, rng.normal());
  const W = G.transpose().mmul(G).div(n);
  return new EigenvalueDecomposition(W, { assumeSymmetric: true }).realEigenvalues;
}

/** (1/d) Σ 1/(λ_i − z)^p over a sampled spectrum. */
export function empiricalStieltjes(eigs: number[], z: number, p: 1 | 2): number {
  let s = 0;
  for (const e of eigs) s += 1 / (e - z) ** p;
  return s / eigs.length;
}

export const K2 = defineClaim({
  id: "K2",
  title: "Asymptotic ridge error on pooled features (Marchenko–Pastur)",
  statement: "P(y ŵᵀx̄ < 0) → Q(r_eff² m / (√m′ √(r_eff² + γ))), m = m(−λ/(nσ²N²)) the Marchenko–Pastur Stieltjes transform of ratio γ = d/n.",
  domain: "γ = d/n ∈ (0, ∞), λ ≥ 0 (λ = 0 needs γ ≠ 1 for a nontrivial limit), r_eff ≥ 0",
  async check(opts: CheckOptions = {}) {
    const rng = Rng.derive(opts.seed ?? 1, "k2/check");
    const quadratic: Record<string, number>[] = [];
    let worstResidual = 0;
    for (const gamma of [0.1, 0.5, 1, 2, 8]) for (const z of [-1e-6, -0.01, -0.3, -3, -100]) {
      const m = mpStieltjes(gamma, z);
      const scale = Math.max(1, Math.abs(gamma * z * m * m), Math.abs((1 - gamma - z) * m));
      const residual = Math.abs(gamma * z * m * m - (1 - gamma - z) * m + 1) / scale;
      worstResidual = Math.max(worstResidual, residual);
      quadratic.push({ gamma, z, m, residual });
    }
    // (b) a sampled Wishart spectrum at d = 300: fluctuations of the trace are O(1/d)
    const d = opts.quick ? 150 : 300;
    const wishart: Record<string, number>[] = [];
    let worstWishart = 0;
    for (const gamma of [0.5, 2]) {
      const eigs = wishartEigenvalues(Math.round(d / gamma), d, rng);
      for (const lt of [0.05, 0.5, 2]) {
        const m = mpStieltjes(gamma, -lt), mp = mpStieltjesDerivative(gamma, -lt);
        const me = empiricalStieltjes(eigs, -lt, 1), mpe = empiricalStieltjes(eigs, -lt, 2);
        const rel = Math.max(Math.abs(me / m - 1), Math.abs(mpe / mp - 1));
        worstWishart = Math.max(worstWishart, rel);
        wishart.push({ gamma, lambdaTilde: lt, m, mEmpirical: me, mPrime: mp, mPrimeEmpirical: mpe, relErr: rel });
      }
    }
    opts.onProgress?.(1, 2);
    // (c) continuity of the λ → 0 limits
    const limits: Record<string, number>[] = [];
    let worstLimit = 0;
    for (const gamma of [0.25, 0.8, 1.25, 4]) for (const rEff of [0.5, 2]) {
      const closed = Q(k2Margin(rEff, gamma, 0));
      const near = Q(k2Margin(rEff, gamma, 1e-9));
      worstLimit = Math.max(worstLimit, Math.abs(closed - near));
      limits.push({ gamma, rEff, closedForm: closed, atLambdaTilde1e9: near });
    }
    const atOne = Q(k2Margin(2, 1, 1e-16)); // at γ = 1 the margin vanishes like λ̃^{1/4}
    // (d) monotone in λ̃, bounded by and tending to the λ → ∞ limit
    let monotone = true;
    let worstBound = 0;
    for (const gamma of [0.3, 1.5, 5]) {
      const lts = [1e-4, 1e-2, 1, 1e2, 1e4, 1e8];
      const margins = lts.map((lt) => k2Margin(1.3, gamma, lt));
      monotone &&= margins.every((m, i) => i === 0 || m >= margins[i - 1]!);
      const bound = k2MarginRidgeLimit(1.3, gamma);
      monotone &&= margins.every((m) => m <= bound * (1 + 1e-12));
      worstBound = Math.max(worstBound, Math.abs(margins.at(-1)! / bound - 1));
    }
    opts.onProgress?.(2, 2);
    // tolerances: residual relative to the largest term, at double precision; Wishart trace fluctuations ~ 1/d (8/d allows ~3σ);
    // away from γ = 1 the λ̃ = 1e-9 evaluation is within O(λ̃) of its limit
    const wishartTol = 8 / d;
    const pass = worstResidual < 1e-10 && worstWishart < wishartTol && worstLimit < 1e-6 && Math.abs(atOne - 0.5) < 1e-3 && monotone && worstBound < 1e-6;
    return { claim: "K2", pass, evidence: { worstResidual, worstWishart, wishartTol, worstLimit, errorAtGammaOneNearZeroLambda: atOne, monotoneInLambda: monotone, largeLambdaVsBound: worstBound, quadratic, wishart, limits } };
  },
});
