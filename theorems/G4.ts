/**
 * G4 — sample complexity of the first head step (THEORY.md §5).
 *
 * Statement. The smallest n at which E[cos(w1, w⋆)] reaches a target τ grows linearly in d
 * (log-log slope 1) and as 1/(ζ²T) (slopes −1 in T at fixed ζ and −2 in ζ at fixed T):
 *   n⋆ ≈ τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)).
 *
 * Derivation. From G1, cos(w1, w⋆) ≈ ζr/√(ζ²r² + ζ²c²/n + σ²d/(nT)) up to O(1/d) corrections
 * (the exact E[cos] is G1's binomial sum). Setting cos² = τ²:
 *   ζ²r²(1 − τ²) = τ²(ζ²c² + σ²d/T)/n  ⇒  n⋆ = τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)).
 * The first term dominates when σ²d/T ≫ ζ²c², which holds on the grids below (ζ²c² ≤ 1/16,
 * σ²d/T ≥ 2), so ∂ln n⋆/∂ln d → 1, ∂ln n⋆/∂ln T → −1 and ∂ln n⋆/∂ln ζ → −2. The predicted slopes
 * on the grid are the least-squares slopes of ln n⋆ from the exact G1 prediction (solved for n by
 * bisection and interpolated between integers), shown beside the asymptotic ones.
 *
 * Measurement. For each grid point, `trials` streams of sampled inputs; along each stream the head
 * step on the first n_j inputs gives cos(w1, w⋆) at checkpoints n_j from 0.5·n⋆ to 2·n⋆ (predicted
 * n⋆, 12 geometric steps). The crossing of the mean curve with τ, interpolated in ln n, is the
 * measured n⋆; its standard error in ln n is the curve's stderr over its slope (delta method).
 * Slopes: weighted least squares of ln n⋆ on ln d (ln T, ln ζ) with 95% intervals (stderr inflated
 * by √(χ²/dof) if the scatter exceeds the errors).
 *
 * Check. For each of d, T, ζ: the measured slope agrees with the predicted one within
 * 3·stderr (no allowance: the prediction is exact, the measurement unbiased up to the O(se²)
 * curvature of the interpolation), and every measured n⋆ agrees with the predicted one within
 * 3 stderr in ln n plus 0.02 (the interpolation between checkpoints 12% apart).
 */
import { defineClaim, type CheckOptions } from "./types.ts";
import { samplesForAlignmentLimit, samplesForAlignmentReal, type GdParams } from "../src/theory/gdSteps.ts";
import { agreement, type AgreementRow } from "../src/stats/agreement.ts";
import { fitSlope, samplesForAlignmentSim, type CrossingEstimate, type SlopeFit } from "../src/sim/sampleComplexity.ts";

export type G4Base = Omit<GdParams, "n">;
export type G4Axis = "d" | "T" | "zeta";

export const G4_TARGET = 0.9;
export const G4_BASE: G4Base = { d: 64, T: 16, k: 2, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 1 };
/** Grids along each axis (ζ varies through k at T = 16; T varies at ζ = 1/8). */
export function g4Grid(quick: boolean): Record<G4Axis, G4Base[]> {
  const ds = quick ? [32, 64, 128] : [32, 64, 128, 256];
  return {
    d: ds.map((d) => ({ ...G4_BASE, d })),
    T: [8, 16, 32].map((T) => ({ ...G4_BASE, T, k: T / 8 })),
    zeta: [1, 2, 4].map((k) => ({ ...G4_BASE, k })),
  };
}
export const ASYMPTOTIC_SLOPE: Record<G4Axis, number> = { d: 1, T: -1, zeta: -2 };
const axisValue = (axis: G4Axis, p: G4Base) => (axis === "d" ? p.d : axis === "T" ? p.T : p.k / p.T);

export interface G4Point {
  axis: G4Axis;
  params: G4Base;
  x: number;
  predicted: number;
  /** the large-d formula τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)), for comparison with the exact prediction */
  limitFormula: number;
  measured: CrossingEstimate;
  /** ln n⋆ measured against ln n⋆ predicted, by the agreement rule with allowance 0.02 */
  log: AgreementRow;
  z: number;
  pass: boolean;
}

export interface G4Axes {
  points: G4Point[];
  slopes: { axis: G4Axis; measured: SlopeFit; predicted: number; asymptotic: number; z: number; pass: boolean }[];
}

/** Checkpoints 0.5·n⋆ … 2·n⋆ (12 geometric steps, distinct integers). */
export function checkpointsAround(nStar: number): number[] {
  const out: number[] = [];
  for (let j = 0; j <= 12; j++) {
    const n = Math.max(1, Math.round(0.5 * nStar * 4 ** (j / 12)));
    if (out.length === 0 || n > out.at(-1)!) out.push(n);
  }
  return out;
}

export function measureG4(quick: boolean, trials: number, seed: number, onPoint?: () => void): G4Axes {
  const grid = g4Grid(quick);
  const points: G4Point[] = [];
  let i = 0;
  for (const axis of ["d", "T", "zeta"] as const) {
    for (const params of grid[axis]) {
      const predicted = samplesForAlignmentReal(params, G4_TARGET);
      const measured = samplesForAlignmentSim(params, G4_TARGET, checkpointsAround(predicted), trials, seed + 31 * i++);
      const log = agreement(Math.log(predicted), { mean: Math.log(measured.nStar), stderr: measured.logStderr, trials: measured.trials }, 0.02);
      points.push({ axis, params, x: axisValue(axis, params), predicted, limitFormula: samplesForAlignmentLimit(params, G4_TARGET), measured, log, z: log.z, pass: measured.ok && log.pass });
      onPoint?.();
    }
  }
  const slopes = (["d", "T", "zeta"] as const).map((axis) => {
    const pts = points.filter((p) => p.axis === axis && p.measured.ok);
    const lx = pts.map((p) => Math.log(p.x));
    const measured = fitSlope(lx, pts.map((p) => Math.log(p.measured.nStar)), pts.map((p) => p.measured.logStderr));
    const predicted = fitSlope(lx, pts.map((p) => Math.log(p.predicted))).slope;
    const z = (measured.slope - predicted) / measured.stderr;
    return { axis, measured, predicted, asymptotic: ASYMPTOTIC_SLOPE[axis], z, pass: pts.length >= 3 && Math.abs(z) <= 3 };
  });
  return { points, slopes };
}

export const G4 = defineClaim({
  id: "G4",
  title: "Sample complexity of the head step: n⋆ ∝ d/(ζ²T)",
  statement: "The smallest n with E[cos(w1, w⋆)] ≥ 0.9 has log-log slope 1 in d, −1 in T and −2 in ζ: n⋆ ≈ τ²(σ²d/T + ζ²c²)/(ζ²r²(1 − τ²)).",
  domain: "law G, isotropic noise, ρ = 0; σ²d/T ≫ ζ²c² for the asymptotic slopes",
  async check(opts: CheckOptions = {}) {
    const trials = opts.quick ? 10 : 12;
    const total = opts.quick ? 9 : 10;
    let done = 0;
    const res = measureG4(opts.quick ?? false, trials, (opts.seed ?? 1) * 7919, () => opts.onProgress?.(++done, total));
    const pass = res.points.every((p) => p.pass) && res.slopes.every((s) => s.pass);
    return { claim: "G4", pass, evidence: { target: G4_TARGET, trials, ...res } };
  },
});
