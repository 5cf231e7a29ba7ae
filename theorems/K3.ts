/**
 * K3 — limits of the known-prompt error and the benefit of context (docs/theory.md §4).
 *
 * Statement. (i) n/d → ∞ (γ → 0): the K2 error tends to Q(r_eff), the error of the best linear
 * head on the pooled feature. (ii) θ → ∞ (hardmax on the relevant tokens): s_rel → 1/k,
 * s_irr → 0, so S → 1, N → 1/√k and r_eff → r√k/σ, the Bayes SNR of the k relevant tokens
 * averaged. (iii) θ = 0 (uniform pooling): S = k/T, N = 1/√T, r_eff = rζ√T/σ. (iv) The ratio of
 * (ii) to (iii) is 1/√ζ = √(T/k): context raises the effective SNR by 1/√ζ. (v) With ρ > 0, LPA
 * pools the irrelevant tokens with weight ρ relative to the relevant ones and so keeps their
 * noise: r_eff(LPA) = r k /(σ √(k + (T−k)ρ²)) < r√k/σ, which SPA approaches as θ grows.
 *
 * Derivation. (i) As γ → 0 at fixed λ̃ ≥ 0, m →/(1+λ̃), m′ → 1/(1+λ̃)², so the margin
 * r_eff² m/(√m′ √(r_eff²+γ)) → r_eff. (ii) s_irr/s_rel = e^{−θc(1−ρ)} → 0 for ρ < 1.
 * (iii) Substitute s_t = 1/T in K1. (v) Substitute s_rel = θc/T, s_irr = θρc/T in K1; θ cancels.
 *
 * Check. (a) Each limit evaluated numerically from the K1/K2 code at large or small parameters.
 * (b) The benefit of context, simulated. k = 2 relevant tokens among T ∈ {4, 8, 16, 32}
 * (ζ = 1/2 … 1/16), context-clean noise, ρ = 0, d = 200, n = 400, λ = 0, r = σ = c = 1. The
 * known-prompt Monte Carlo (sim/knownPrompt.ts: tokens → the model's own attention → least-squares
 * head → exact conditional error) runs at θ = 0 (uniform pooling) and θ = ∞ (hardmax on the
 * relevant tokens). The prediction at θ = 0 is Q(K2 margin) with r_eff = rζ√T/σ; at θ = ∞ it is
 * the same with r_eff multiplied by the benefit factor ζ^{-1/2}. Each simulated mean must agree
 * within 3·stderr + 0.5/d (K4's finite-d allowance, measured there at the same d, n/d). The check
 * must fail when the factor is ζ^{-0.5}·1.05 or ζ^{-0.5}·0.95 (the predicted θ = ∞ errors move by
 * 0.011–0.015 at d = 200, above the tolerance 0.0025 + 3·stderr: stderr ≈ 0.0014 at 60 trials,
 * ≈ 0.0018 at the quick check's 40, on T ∈ {4, 16}). The evidence also gives the
 * measured benefit: each simulated error mapped back to an r_eff through K2 (Qinv, then the
 * λ = 0 margin solved for r_eff), the ratio r̂_eff(∞)/r̂_eff(0) beside 1/√ζ with a delta-method
 * stderr, and the plain error ratio err(∞)/err(0).
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { knownPromptTheory, contextBenefit, k2Margin } from "../src/theory/knownPrompt.ts";
import { poolingStats } from "../src/theory/pooling.ts";
import { Q, Qinv } from "../src/special/normal.ts";
import { simulateKnownPrompt, type KnownPromptSim, type KnownPromptSimParams } from "../src/sim/knownPrompt.ts";
import { finiteSizeAllowance } from "../src/stats/agreement.ts";
import { deriveSeed } from "../src/random/deriveSeed.ts";

/** The benefit-of-context experiment: k = 2 relevant tokens among T, so ζ = 2/T. */
export const K3_BENEFIT_LAW = { d: 200, n: 400, k: 2, c: 1, r: 1, rho: 0, sigma: 1, lambda: 0, noise: "context-clean" as const };
export const k3BenefitTs = (quick: boolean) => (quick ? [4, 16] : [4, 8, 16, 32]);

export interface BenefitRow {
  T: number;
  zeta: number;
  theta: number;
  /** r_eff used in the prediction: rζ√T/σ at θ = 0, times the benefit factor at θ = ∞ */
  rEff: number;
  theory: number;
  mean: number;
  stderr: number;
  trials: number;
  z: number;
  tolerance: number;
  pass: boolean;
}

/** Simulated errors at θ = 0 and θ = ∞ for each T (point j with the seed labelled "K3/benefit" j). */
export function simulateBenefit(Ts: number[], trials: number, seed: number, onPoint?: () => void): KnownPromptSim[] {
  const points: KnownPromptSimParams[] = Ts.flatMap((T) => [0, Infinity].map((theta) => ({ ...K3_BENEFIT_LAW, T, theta, pool: "softmax" as const })));
  return points.map((p, j) => {
    const sim = simulateKnownPrompt(p, trials, deriveSeed(seed, "K3/benefit", j));
    onPoint?.();
    return sim;
  });
}

/** Compare with Q(K2 margin) where r_eff(∞) = r_eff(0)·ζ^{-1/2}·factorScale (1 for the claim, 1.05 / 0.95 for the mutants). */
export function compareBenefit(sims: KnownPromptSim[], factorScale = 1): BenefitRow[] {
  return sims.map(({ params: p, error, trials }) => {
    const zeta = p.k / p.T;
    const rEffUniform = contextBenefit(p.T, p.k, p.r, p.sigma).rEffUniform;
    const rEff = p.theta === 0 ? rEffUniform : rEffUniform * zeta ** -0.5 * factorScale;
    const theory = Q(k2Margin(rEff, p.d / p.n, 0));
    const tolerance = 3 * error.stderr + finiteSizeAllowance(p.d);
    return { T: p.T, zeta, theta: p.theta, rEff, theory, mean: error.mean, stderr: error.stderr, trials, z: (error.mean - theory) / error.stderr, tolerance, pass: Math.abs(error.mean - theory) <= tolerance };
  });
}

/** The r_eff whose λ = 0 K2 error is `err`: margin = Qinv(err) = r²s/√(r² + γ) solved for r² (s the λ = 0 shrink). */
export function rEffFromError(err: number, gamma: number): number {
  const m = Qinv(err);
  const s2 = gamma < 1 ? 1 - gamma : 1 - 1 / gamma;
  return Math.sqrt((m * m + Math.sqrt(m ** 4 + 4 * s2 * m * m * gamma)) / (2 * s2));
}

/** Measured benefit r̂_eff(∞)/r̂_eff(0) per T, with a delta-method stderr, beside 1/√ζ. */
export function measuredBenefit(sims: KnownPromptSim[]) {
  const Ts = [...new Set(sims.map((s) => s.params.T))];
  return Ts.map((T) => {
    const [uni, hard] = [0, Infinity].map((th) => sims.find((s) => s.params.T === T && s.params.theta === th)!);
    const gamma = uni!.params.d / uni!.params.n;
    const implied = (e: { mean: number; stderr: number }) => {
      const r = rEffFromError(e.mean, gamma);
      const h = 1e-6;
      const slope = (rEffFromError(e.mean + h, gamma) - rEffFromError(e.mean - h, gamma)) / (2 * h);
      return { r, se: Math.abs(slope) * e.stderr };
    };
    const a = implied(uni!.error), b = implied(hard!.error);
    const ratio = b.r / a.r;
    const stderr = ratio * Math.hypot(a.se / a.r, b.se / b.r);
    const zeta = uni!.params.k / T;
    return { T, zeta, predicted: zeta ** -0.5, measured: ratio, stderr, z: (ratio - zeta ** -0.5) / stderr, errorRatio: hard!.error.mean / uni!.error.mean };
  });
}

export const K3 = defineClaim({
  id: "K3",
  title: "Limits of the known-prompt error; context raises the SNR by 1/√ζ",
  statement: "n/d → ∞ gives Q(r_eff); θ → ∞ gives r_eff → r√k/σ; θ = 0 gives r_eff = rζ√T/σ; the ratio is 1/√ζ; for ρ > 0 LPA leaks irrelevant noise.",
  domain: "law G, context-clean noise, 1 ≤ k < T, 0 ≤ ρ < 1",
  async check(opts: CheckOptions = {}) {
    const base = { T: 20, k: 3, c: 1, r: 1.2, rho: 0.4, sigma: 0.9 };
    const rows: Record<string, number | string | boolean>[] = [];
    const add = (name: string, value: number, limit: number, tol: number) => rows.push({ name, value, limit, tol, pass: Math.abs(value - limit) <= tol * Math.max(1, Math.abs(limit)) });
    // (i) γ → 0
    for (const lambda of [0, 10]) {
      const th = knownPromptTheory({ ...base, theta: 2, pool: "softmax", n: 1e12, d: 100, lambda });
      add(`error at n/d=1e10, lambda=${lambda} vs Q(rEff)`, th.error, Q(th.rEff), 1e-8);
    }
    // (ii)–(iv)
    const lim = contextBenefit(base.T, base.k, base.r, base.sigma);
    add("rEff at theta=60 vs r√k/σ", poolingStats({ ...base, theta: 60, pool: "softmax" }).rEff, lim.rEffHardmax, 1e-12);
    add("rEff at theta=inf vs r√k/σ", poolingStats({ ...base, theta: Infinity, pool: "softmax" }).rEff, lim.rEffHardmax, 1e-14);
    add("rEff at theta=0 vs rζ√T/σ", poolingStats({ ...base, theta: 0, pool: "softmax" }).rEff, lim.rEffUniform, 1e-14);
    add("uniform pool vs softmax theta=0", poolingStats({ ...base, theta: 0, pool: "uniform" }).rEff, lim.rEffUniform, 1e-14);
    add("benefit ratio vs 1/√ζ", lim.ratio, Math.sqrt(base.T / base.k), 1e-14);
    // (v) LPA leak, independent of θ
    const lpaClosed = (base.r * base.k) / (base.sigma * Math.sqrt(base.k + (base.T - base.k) * base.rho ** 2));
    for (const theta of [0.3, 5]) add(`LPA rEff at theta=${theta} vs closed form`, poolingStats({ ...base, theta, pool: "linear" }).rEff, lpaClosed, 1e-13);
    const lpaLeaks = lpaClosed < lim.rEffHardmax;
    // (b) the benefit of context, simulated
    const Ts = k3BenefitTs(opts.quick ?? false);
    let done = 0;
    const sims = simulateBenefit(Ts, opts.quick ? 40 : 60, (opts.seed ?? 1) * 1009, () => opts.onProgress?.(++done, 2 * Ts.length));
    const benefitRows = compareBenefit(sims);
    const mutants = [1.05, 0.95].map((f) => ({ factor: `ζ^-0.5 × ${f}`, rejected: compareBenefit(sims, f).some((r) => !r.pass) }));
    const benefitPass = benefitRows.every((r) => r.pass) && mutants.every((m) => m.rejected);
    return {
      claim: "K3",
      pass: lpaLeaks && rows.every((r) => r.pass) && benefitPass,
      evidence: {
        rows,
        lpaREff: lpaClosed,
        spaHardmaxREff: lim.rEffHardmax,
        lpaLeaks,
        benefit: { law: K3_BENEFIT_LAW, allowance: "0.5/d", rows: benefitRows, mutants, measured: measuredBenefit(sims), pass: benefitPass },
      },
    };
  },
});
