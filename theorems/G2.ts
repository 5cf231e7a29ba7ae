/**
 * G2 — mean and covariance of the prompt step q1, and the predicted cos(q1, q⋆) (docs/theory.md §5).
 *
 * Statement. Given w1 (write p = q⋆ᵀw1, ℓ = w⋆ᵀw1, ω = ‖w1‖, ŵ = w1/ω, κ = Tζ(1−ζ) = k(T−k)/T):
 *   E[q1 | w1, ȳ₂] = β{ζ(1−ζ)[ℓ q⋆ + p w⋆] + ȳ₂[ζ(1−ζ)(p q⋆ + ℓ w⋆) + σ²(1 − 1/T) w1]},
 * and q1 = β (1/n) Σ z_i with i.i.d. z = y C w1 whose covariance is, exactly,
 *   T² E[z zᵀ] = ½ Σ_{y=±1} { (κ²ψ² + σ²ω²κ) m mᵀ + κψσ²ωT (m ŵᵀ + ŵ mᵀ)
 *                + (σ²ψ²κ + σ⁴ω²(T² − 1)) ŵŵᵀ + (σ²ψ²κ + σ⁴ω²(T − 1)) (I − ŵŵᵀ) },
 *   m = q⋆ + y w⋆, ψ = mᵀw1 = p + yℓ,   Cov(q1 | w1) = β² (E[zzᵀ] − E[z]E[z]ᵀ)/n.
 * In every direction orthogonal to q⋆, w⋆ and w1 the variance is β²(σ²ψ²κ + σ⁴ω²(T−1))/(nT²)
 * averaged over y, whose noise part is docs/theory.md's σ⁴(T−1)‖w1‖²/(nT²) (times β²).
 * Predicted cos(q1, q⋆): E[cos] for q1 | w1 Gaussian with these exact moments (a 1-D integral,
 * theory/gaussianCosine.ts), averaged over the exact law of w1 (G1) by Gauss–Hermite/Laguerre
 * quadrature over its three scalars.
 *
 * Derivation (one input; X = M + σΞ with rows μ_t = 1_{t∈R} m, Ξ with i.i.d. N(0,1) entries).
 * 1. At q = 0, s = 1/T and D(s) = I/T − 11ᵀ/T², so ∇_q f = Xᵀ D X w = (1/T) Xᵀ P X w with
 *    P = I − 11ᵀ/T, i.e. C w with C = (1/T)Σ_t (x_t − x̄)(x_t − x̄)ᵀ. The step of size β on the
 *    correlation loss from q = 0 gives q1 = β (1/n) Σ_{S2} y_i C_i w1.
 * 2. Split Ξ along ŵ: Ξ = a ŵᵀ + Ξ_⊥ with a = Ξŵ ~ N(0, I_T) and Ξ_⊥ = Ξ(I − ŵŵᵀ) independent of a.
 *    Then X w1 = ψ 1_R + σω a (M w1 = ψ 1_R because every relevant row is m).
 * 3. T C w1 = Xᵀ P X w1 = Mᵀ P X w1 + σ Ξᵀ P X w1, and Mᵀb = m (1_Rᵀ b) for any b ∈ R^T:
 *      Mᵀ P X w1 = m (ψ 1_RᵀP1_R + σω 1_RᵀPa) = m (κψ + σω√κ h),
 *    where 1_RᵀP1_R = k − k²/T = κ and h = eᵀa with e = P1_R/√κ a unit vector (h ~ N(0,1)).
 * 4. σΞᵀb with b = P X w1 = ψ P1_R + σω Pa: Ξᵀb = ŵ (aᵀb) + Ξ_⊥ᵀ b, and
 *      aᵀb = ψ√κ h + σω aᵀPa,  aᵀPa = h² + χ,  χ = ‖(P − eeᵀ)a‖² ~ χ²_{T−2} independent of h
 *    (P is the projection on 1⊥ of rank T−1, e lies in its range). Given a, Ξ_⊥ᵀb ~ N(0, ‖b‖²(I − ŵŵᵀ)),
 *    so Ξ_⊥ᵀb = (I − ŵŵᵀ) g ‖b‖ with g ~ N(0, I_d) independent of (h, χ), and
 *      σ²‖b‖² = B² = σ²ψ²κ + 2σ³ψω√κ h + σ⁴ω²(h² + χ).
 *    Altogether: T C w1 = m α + ŵ β′ + (I − ŵŵᵀ) g B with α = κψ + σω√κ h, β′ = σψ√κ h + σ²ω(h² + χ).
 * 5. Moments, using E h = E h³ = 0, E h² = 1, E h⁴ = 3, E χ = T − 2, E χ² = T(T − 2), so that
 *    h² + χ ~ χ²_{T−1} with E = T − 1 and E(·)² = (T − 1)(T + 1):
 *      E α = κψ,               E β′ = σ²ω(T − 1),
 *      E α² = κ²ψ² + σ²ω²κ,     E αβ′ = κψσ²ω(T − 1) + σ²ωψκ = κψσ²ωT,
 *      E β′² = σ²ψ²κ + σ⁴ω²(T − 1)(T + 1),   E B² = σ²ψ²κ + σ⁴ω²(T − 1),
 *    and the g-term is uncorrelated with the others (E g = 0, g independent). Hence
 *      E[C w1 | y] = ζ(1−ζ) m (mᵀw1) + σ²(1 − 1/T) w1   (κ/T = ζ(1−ζ)),
 *    and T² E[(Cw1)(Cw1)ᵀ | y] is the bracket of the statement.
 * 6. Labels. With z = y C w1 and y² = 1, E[zzᵀ] is the y-average of step 5's second moment, and
 *      E[z] = ½(E[Cw1|+] − E[Cw1|−]) = ζ(1−ζ)(ℓ q⋆ + p w⋆)
 *    (y m ψ = ℓ q⋆ + p w⋆ + y(p q⋆ + ℓ w⋆): the y-odd part cancels). Conditioning on the labels of
 *    S2 instead, E[q1 | ȳ₂] = β(1/n) Σ y_i E[Cw1 | y_i] = β{E[z] + ȳ₂ · ½(E[Cw1|+] + E[Cw1|−])},
 *    and ½(E[Cw1|+] + E[Cw1|−]) = ζ(1−ζ)(p q⋆ + ℓ w⋆) + σ²(1 − 1/T) w1: docs/theory.md's formula.
 * 7. q1 is β times an average of n i.i.d. z_i, so its mean is βE[z] and its covariance β²Cov(z)/n
 *    exactly; all moments live in span{q⋆, w⋆, w1} plus an isotropic bulk.
 * 8. cos(q1, q⋆): q1 | w1 is replaced by the Gaussian with these moments (q1 is a normalized sum
 *    of n i.i.d. terms; E[cos] of a smooth function differs from its Gaussian value by terms of
 *    higher order in 1/n, measured below), and E[cos] of a Gaussian is the 1-D integral of G1's
 *    step 5 with (I + 2tΣ) in Σ's eigenbasis.
 *
 * Check. (a) The exact moments: with w1 fixed, many single draws of z = y ∇_q f(X; 0, w1) from
 * the model's own gradient; mean (3), covariance (6 entries) in the basis (u, v, e3) and the bulk
 * variance against step 5–6 (|z| ≤ 4 each), and the label-marginal mean of C w1 against the ȳ₂
 * coefficient of docs/theory.md's formula. (b) Agreement of the Monte Carlo mean of cos(q1, q⋆) at the
 * eleven GD_POINTS within 3·stderr + G2_ALLOWANCE (0.004). The allowance covers the
 * Gaussian-equivalence step 8: measured at 400 trials per point, |sim − theory| ≤ 0.003 at all
 * eleven, well below 5% of every prediction (≥ 0.03).
 * (c) The prediction scaled by 1.05 or 0.95 is rejected wherever the simulation can see a 5% change (gdAgreement.perturbationControl).
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { GD_POINTS, GD_TRIALS, GD_QUICK_TRIALS, compare, perturbationControl, simulateGdPoints } from "./gdAgreement.ts";
import { predictedCosQ1, q1MeanGivenLabelMean, q1Moments, type GdParams, type W1Coords } from "../src/theory/gdSteps.ts";
import { Rng } from "../src/random/rng.ts";
import { sampleG } from "../src/data/lawG.ts";
import { trialLaw } from "../src/sim/gdSteps.ts";
import { gradQ } from "../src/models/promptAttention.ts";
import { dot } from "../src/linalg/kernels.ts";
import { estimate } from "../src/sim/stats.ts";
import { deriveSeed } from "../src/random/deriveSeed.ts";

export const G2_ALLOWANCE = 0.004;

/** Single-sample moments of z = y C w1 at a fixed w1 = wu u + wv v + wperp e3, against q1Moments (n = 1, β = 1). */
export function q1MomentCheck(p: GdParams, w: W1Coords, draws: number, seed: number) {
  const rng = Rng.derive(seed, "g2/moment-check");
  const law = trialLaw(p, rng);
  const e3 = rng.fillNormal(new Float64Array(p.d));
  for (const b of [law.u, law.v]) {
    const c = dot(e3, b);
    for (let i = 0; i < p.d; i++) e3[i]! -= c * b[i]!;
  }
  const ne = Math.sqrt(dot(e3, e3));
  for (let i = 0; i < p.d; i++) e3[i]! /= ne;
  const w1 = new Float64Array(p.d);
  for (let i = 0; i < p.d; i++) w1[i] = w.wu * law.u[i]! + w.wv * law.v[i]! + w.wperp * e3[i]!;
  const basis = [law.u, law.v, e3];
  const zs: number[][] = [[], [], []], cs: number[][] = [[], [], []], bulk: number[] = [];
  const zero = new Float64Array(p.d);
  for (let i = 0; i < draws; i++) {
    const s = sampleG(law, rng);
    const g = gradQ("softmax", s.X, p.T, p.d, zero, w1); // = C w1
    const coords = basis.map((b) => dot(g, b));
    coords.forEach((c, j) => {
      zs[j]!.push(s.y * c);
      cs[j]!.push(c);
    });
    bulk.push((dot(g, g) - coords.reduce((a, c) => a + c * c, 0)) / (p.d - 3));
  }
  const unit = { ...p, n: 1, beta: 1, eta: 1 };
  const mo = q1Moments(unit, w);
  const rows: { stat: string; theory: number; mean: number; stderr: number; z: number; pass: boolean }[] = [];
  const add = (stat: string, theory: number, values: number[]) => {
    const e = estimate(values);
    rows.push({ stat, theory, mean: e.mean, stderr: e.stderr, z: (e.mean - theory) / e.stderr, pass: Math.abs(e.mean - theory) <= 4 * e.stderr });
  };
  const names = ["u", "v", "e3"];
  for (let a = 0; a < 3; a++) add(`E z_${names[a]}`, mo.mean[a]!, zs[a]!);
  // covariance entries against the exact mean: E[(z_a − μ_a)(z_b − μ_b)]
  for (let a = 0; a < 3; a++) for (let b = a; b < 3; b++) {
    add(`Cov(z_${names[a]}, z_${names[b]})`, mo.cov[3 * a + b]!, zs[a]!.map((x, i) => (x - mo.mean[a]!) * (zs[b]![i]! - mo.mean[b]!)));
  }
  add("bulk variance", mo.bulk, bulk);
  // docs/theory.md's ȳ₂ coefficient equals the label-marginal mean of C w1
  const yCoef = q1MeanGivenLabelMean(unit, w, 1).map((x, j) => x - q1MeanGivenLabelMean(unit, w, 0)[j]!);
  for (let a = 0; a < 3; a++) add(`E (C w1)_${names[a]} (ȳ₂ coefficient)`, yCoef[a]!, cs[a]!);
  // docs/theory.md's formula at ȳ₂ = 0 is the marginal mean, exactly
  const meanGap = Math.max(...q1MeanGivenLabelMean(unit, w, 0).map((x, j) => Math.abs(x - mo.mean[j]!)));
  return { rows, meanFormulaGap: meanGap };
}

export const G2 = defineClaim({
  id: "G2",
  title: "Mean and covariance of the prompt step q1; predicted cos(q1, q⋆)",
  statement: "E[q1 | w1, ȳ₂] = β{ζ(1−ζ)[(w⋆ᵀw1)q⋆ + (q⋆ᵀw1)w⋆] + ȳ₂[ζ(1−ζ)((q⋆ᵀw1)q⋆ + (w⋆ᵀw1)w⋆) + σ²(1−1/T)w1]}; Cov(q1 | w1) exactly from Gaussian fourth moments; cos(q1, q⋆) from the Gaussian equivalent.",
  domain: "law G, isotropic noise, ρ = 0; d ≥ 4; the cosine prediction is a Gaussian equivalent in n (allowance 0.004 measured for n ≥ 150)",
  async check(opts: CheckOptions = {}) {
    const seed = opts.seed ?? 1;
    const trials = opts.quick ? GD_QUICK_TRIALS : GD_TRIALS;
    const total = GD_POINTS.length + 1;
    const moments = q1MomentCheck({ d: 12, T: 6, k: 2, c: 1.5, r: 1.2, sigma: 1.3, eta: 1, beta: 1, n: 1 }, { wu: 0.7, wv: 1.1, wperp: 0.9 }, opts.quick ? 8000 : 40000, deriveSeed(seed, "G2/q1-moments"));
    opts.onProgress?.(1, total);
    const sims = simulateGdPoints(GD_POINTS, trials, deriveSeed(seed, "gd-steps/grid"), (i) => opts.onProgress?.(1 + i, total));
    const rows = compare("cosQ1", GD_POINTS, sims, predictedCosQ1, () => G2_ALLOWANCE);
    const control = perturbationControl("cosQ1", rows, sims, predictedCosQ1, () => G2_ALLOWANCE);
    const pass = moments.rows.every((r) => r.pass) && moments.meanFormulaGap < 1e-12 && rows.every((r) => r.pass) && (opts.quick || control.fail); // quick runs: reported, not required
    return { claim: "G2", pass, evidence: { allowance: G2_ALLOWANCE, moments, rows, perturbedPredictionsFail: control.fail, perturbedPowered: `${control.powered} of ${control.rows.length}`, perturbed: control.rows } };
  },
});
