/**
 * K3 — limits of the known-prompt error and the benefit of context (THEORY.md §4).
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
 * Check. Each limit evaluated numerically from the K1/K2 code at large or small parameters.
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { knownPromptTheory, contextBenefit } from "../src/theory/knownPrompt.ts";
import { poolingStats } from "../src/theory/pooling.ts";
import { Q } from "../src/special/normal.ts";

export const K3 = defineClaim({
  id: "K3",
  title: "Limits of the known-prompt error; context raises the SNR by 1/√ζ",
  statement: "n/d → ∞ gives Q(r_eff); θ → ∞ gives r_eff → r√k/σ; θ = 0 gives r_eff = rζ√T/σ; the ratio is 1/√ζ; for ρ > 0 LPA leaks irrelevant noise.",
  domain: "law G, context-clean noise, 1 ≤ k < T, 0 ≤ ρ < 1",
  async check(_opts: CheckOptions = {}) {
    const base = { T: 20, k: 3, c: 1, r: 1.2, rho: 0.4, sigma: 0.9 };
    const rows: Record<string, number | string | boolean>[] = [];
    const add = (name: string, value: number, limit: number, tol: number) => rows.push({ name, value, limit, tol, pass: Math.abs(value - limit) <= tol * Math.max(1, Math.abs(limit)) });
    // (i) γ → 0
    for (const lambda of [0, 10]) {
      const th = knownPromptTheory({ ...base, theta: 2, pool: "softmax" }, { n: 1e12, d: 100, lambda });
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
    return { claim: "K3", pass: lpaLeaks && rows.every((r) => r.pass), evidence: { rows, lpaREff: lpaClosed, spaHardmaxREff: lim.rEffHardmax, lpaLeaks } };
  },
});
