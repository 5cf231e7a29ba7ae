/**
 * K1 — pooling statistics of a known prompt (docs/theory.md §4).
 *
 * Statement. Under law G with context-clean noise and prompt q = θu, the attention scores are
 * deterministic: ⟨x_t, q⟩ = θc on relevant tokens and θρc on irrelevant ones (the noise has no
 * u-component). Softmax gives s_rel = e^{θc}/Z, s_irr = e^{θρc}/Z, Z = k e^{θc} + (T−k) e^{θρc};
 * LPA gives s_rel = θc/T, s_irr = θρc/T; UNI gives 1/T. Then
 *   x̄ = Xᵀs = (k s_rel + ρ(T−k) s_irr) q⋆ + y S w⋆ + σ N g,  g ~ N(0, I − uuᵀ),
 * with S = k s_rel, N² = k s_rel² + (T−k) s_irr², and r_eff = S r/(σN).
 *
 * Derivation. x̄ = Σ_t s_t x_t. The mean part sums s_t(q⋆ + y w⋆) over R and s_t ρ q⋆ over the
 * rest. The noise part σ Σ_t s_t ξ_t is a sum of independent N(0, s_t² σ² (I − uuᵀ)) vectors,
 * hence N(0, σ² ‖s‖² (I − uuᵀ)). Projecting on v gives the label signal y S r against noise
 * σN: r_eff is the SNR of the best linear read-out of y from x̄.
 *
 * Check. The formula against the weights the models themselves compute on sampled tokens
 * (softmax, linear, uniform; θ from 0 to 1e4 to exercise overflow safety), to 1e-9 relative.
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { Rng } from "../src/random/rng.ts";
import { makeLawG, sampleG } from "../src/data/lawG.ts";
import { attentionWeights, POOLS } from "../src/models/promptAttention.ts";
import { poolingStats } from "../src/theory/pooling.ts";
import { dot } from "../src/linalg/kernels.ts";

/**
 * Sampled context scores carry rounding of order θ·c·d·ε (projection and dot products), so at
 * θ = 1e4 the weights can differ from the formula by ~1e-11 relative; 1e-9 leaves room for that
 * while any formula error (a wrong exponent, a missing term) is of order 1e-2 or more.
 */
const TOL = 1e-9;

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

export const K1 = defineClaim({
  id: "K1",
  title: "Pooling statistics S, N, r_eff of a known prompt are exact",
  statement: "With context-clean noise and q = θu, x̄ = (k s_rel + ρ(T−k) s_irr) q⋆ + y S w⋆ + σN g with S = k s_rel, N² = k s_rel² + (T−k) s_irr², r_eff = S r/(σN).",
  domain: "law G, noise = context-clean, 1 ≤ k ≤ T, 0 ≤ ρ < 1, σ > 0, θ ≥ 0 (softmax also θ = ∞)",
  async check(opts: CheckOptions = {}) {
    const rng = Rng.derive(opts.seed ?? 1, "k1/check");
    const rows: Record<string, number | string>[] = [];
    const thetas = [0, 0.5, 2, 10, 1e4];
    const configs = [
      { d: 20, T: 8, k: 1, rho: 0 },
      { d: 50, T: 16, k: 4, rho: 0.4 },
      { d: 10, T: 5, k: 5, rho: 0.9 },
    ];
    let worst = 0;
    for (const cfg of configs) for (const pool of POOLS) for (const theta of thetas) {
      const law = makeLawG({ ...cfg, c: 1.3, r: 0.7, sigma: 0.8, noise: "context-clean" }, rng);
      const { X, R } = sampleG(law, rng);
      const q = law.u.map((x) => theta * x);
      const s = attentionWeights(pool, X, law.T, law.d, q);
      let S = 0;
      for (const t of R) S += s[t]!;
      const N = Math.sqrt(dot(s, s));
      const th = poolingStats({ T: law.T, k: law.k, c: law.c, r: law.r, rho: law.rho, sigma: law.sigma, theta, pool });
      // θ = 0 under LPA pools nothing: S = N = 0 in both
      const eS = th.S === 0 && S === 0 ? 0 : relErr(S, th.S);
      const eN = th.N === 0 && N === 0 ? 0 : relErr(N, th.N);
      worst = Math.max(worst, eS, eN);
      rows.push({ ...cfg, pool, theta, S, formulaS: th.S, N, formulaN: th.N, relErrS: eS, relErrN: eN });
    }
    opts.onProgress?.(1, 1);
    return { claim: "K1", pass: worst <= TOL, evidence: { worstRelativeError: worst, tolerance: TOL, rows } };
  },
});
