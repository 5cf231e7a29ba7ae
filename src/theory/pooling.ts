/**
 * K1: pooling statistics of a known prompt q = θu under law G with context-clean noise
 * (docs/theory.md §4). The scores are deterministic, θc on relevant and θρc on irrelevant tokens,
 * so every input gets the same weights: s_rel on the k relevant tokens, s_irr on the others.
 */
import type { Pool } from "../params/kinds.ts";
import type { LawGParams } from "../data/lawG.ts";

/** The law-G parameters the pooling statistics depend on (not d or the noise law), plus the prompt. */
export interface PoolingParams extends Pick<LawGParams, "T" | "k" | "c" | "r" | "rho" | "sigma"> {
  /** Prompt norm; Infinity is hardmax (softmax only). */
  theta: number;
  pool: Pool;
}

/** K1's pooling statistics at one parameter point. */
export interface PoolingStats {
  sRel: number;
  sIrr: number;
  /** Attention mass on the relevant set, S = k s_rel. */
  S: number;
  /** ‖s‖: N² = k s_rel² + (T − k) s_irr². */
  N: number;
  /** Coefficient of q⋆ in the pooled feature: k s_rel + ρ (T − k) s_irr. */
  mu: number;
  /** Effective SNR r_eff = |S| r / (σ N); 0 when the pooled feature is identically zero. */
  rEff: number;
}

/** The weights (s_rel, s_irr) each pooling rule gives. */
export function poolWeights(p: PoolingParams): { sRel: number; sIrr: number } {
  const { T, k, c, rho, theta } = p;
  switch (p.pool) {
    case "uniform":
      return { sRel: 1 / T, sIrr: 1 / T };
    case "linear":
      return { sRel: (theta * c) / T, sIrr: (theta * rho * c) / T };
    case "softmax": {
      if (theta === Infinity) {
        // hardmax: all mass on the highest score; ties (ρ = 1) are excluded by ρ < 1
        return k === T || rho < 1 ? { sRel: 1 / k, sIrr: 0 } : { sRel: 1 / T, sIrr: 1 / T };
      }
      // overflow-safe: divide numerator and Z by e^{max score}
      const hi = Math.max(theta * c, theta * rho * c);
      const eRel = Math.exp(theta * c - hi);
      const eIrr = Math.exp(theta * rho * c - hi);
      const Z = k * eRel + (T - k) * eIrr;
      return { sRel: eRel / Z, sIrr: eIrr / Z };
    }
  }
}

/** K1: S, N, the context coefficient and r_eff, exactly, for finite T, k, θ. */
export function poolingStats(p: PoolingParams): PoolingStats {
  const { T, k, r, rho, sigma } = p;
  const { sRel, sIrr } = poolWeights(p);
  const S = k * sRel;
  const N = Math.sqrt(k * sRel * sRel + (T - k) * sIrr * sIrr);
  const mu = k * sRel + rho * (T - k) * sIrr;
  // (|S|/N)·(r/σ): the ratio S/N ≤ √k is scale-free, so tiny weights (θc → 0 for LPA) cannot
  // underflow it; r/σ past the largest double (σ → 0) is held there, where every error is 0
  const rEff = N === 0 ? 0 : Math.min(Number.MAX_VALUE, (Math.abs(S) / N) * (r / sigma));
  return { sRel, sIrr, S, N, mu, rEff };
}
