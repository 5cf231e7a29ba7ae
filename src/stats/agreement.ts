/**
 * The one rule by which a Monte Carlo mean is said to agree with a prediction:
 *   |sim − theory| ≤ 3·√(stderr² + theoryStderr²) + allowance,
 * where theoryStderr is the prediction's own Monte Carlo error (0 for a closed form) and the
 * allowance is a claim's measured finite-size bias. Every claim's check, `verify` and the report
 * judge agreement with these functions only.
 */

/** A Monte Carlo estimate (structurally the simulations' Estimate). */
export interface MeanEstimate {
  mean: number;
  stderr: number;
  trials: number;
}

/** One simulated point set beside its prediction. */
export interface AgreementRow {
  theory: number;
  /** Standard error of the prediction itself (0 unless it is computed by a seeded Monte Carlo). */
  theoryStderr: number;
  mean: number;
  /** Standard error of the simulated mean. */
  stderr: number;
  trials: number;
  allowance: number;
  /** (mean − theory) / √(stderr² + theoryStderr²). */
  z: number;
  /** 3·√(stderr² + theoryStderr²) + allowance. */
  tolerance: number;
  pass: boolean;
}

/** z-score of an estimate against a prediction, whose own standard error (if any) is combined in quadrature. */
export function zScore(est: { mean: number; stderr: number }, prediction: number, predictionStderr = 0): number {
  const se = Math.hypot(est.stderr, predictionStderr), diff = est.mean - prediction;
  // no Monte Carlo noise at all (e.g. an attention mass saturated at 1 in every trial): a gap at
  // the quadratures' tolerance (1e-9) is agreement, z = 0; a larger one stays ±∞
  if (se === 0) return Math.abs(diff) <= 1e-9 * Math.max(1, Math.abs(prediction)) ? 0 : diff / se;
  return diff / se;
}

/** Judge one point by the rule above. */
export function agreement(theory: number, est: MeanEstimate, allowance: number, theoryStderr = 0): AgreementRow {
  const se = Math.hypot(est.stderr, theoryStderr);
  const tolerance = 3 * se + allowance;
  return {
    theory, theoryStderr, mean: est.mean, stderr: est.stderr, trials: est.trials, allowance,
    z: zScore(est, theory, theoryStderr), tolerance, pass: Math.abs(est.mean - theory) <= tolerance,
  };
}

/**
 * Finite-size allowance of the known-prompt limits K2 (checked by K4) and K5 at dimension d.
 * Both limits drop the same O(1/d) effects (noise in d − 1 dimensions, n − 1 effective rows, the
 * label-free u-coordinate); the measurements behind 0.5/d are stated in theorems/K4.ts and K5.ts.
 */
export const finiteSizeAllowance = (d: number): number => 0.5 / d;
export const FINITE_SIZE_ALLOWANCE_NOTE = "0.5/d";

export interface AgreementSummary {
  agree: number;
  total: number;
  maxAbsZ: number;
  pass: boolean;
}

export function summarize(rows: readonly Pick<AgreementRow, "z" | "pass">[]): AgreementSummary {
  const agree = rows.filter((r) => r.pass).length;
  return { agree, total: rows.length, maxAbsZ: rows.reduce((m, r) => Math.max(m, Math.abs(r.z)), 0), pass: agree === rows.length };
}

/** Every agreement row inside a check's evidence (objects with theory, mean, z, tolerance and pass), depth first. */
export function collectAgreementRows(evidence: unknown): AgreementRow[] {
  const out: AgreementRow[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.theory === "number" && typeof o.mean === "number" && typeof o.z === "number" && typeof o.tolerance === "number" && typeof o.pass === "boolean") out.push(o as unknown as AgreementRow);
      else Object.values(o).forEach(visit);
    }
  };
  visit(evidence);
  return out;
}
