/**
 * Marchenko–Pastur Stieltjes transform for W = GᵀG/n, G ∈ R^{n×d} with i.i.d. N(0, 1)
 * entries and ratio γ = d/n: m(z) = lim (1/d) tr (W − zI)⁻¹, for z < 0.
 * It is the positive root of γ z m² − (1 − γ − z) m + 1 = 0.
 */

function check(gamma: number, z: number): void {
  if (!(gamma > 0 && Number.isFinite(gamma))) throw new RangeError(`gamma must be a finite number > 0, got ${gamma}`);
  if (!(z <= 0 && Number.isFinite(z))) throw new RangeError(`z must be finite and <= 0, got ${z}`);
}

/**
 * m(z) for z ≤ 0, the positive root written without cancellation: with b = 1 − γ − z,
 * 2/(b + √disc) when b ≥ 0 and (√disc − b)/(−2γz) when b < 0 (√disc > |b| for z < 0).
 * At z = 0 it is finite only for γ < 1 (1/(1 − γ)); γ ≥ 1 at z = 0 gives +∞ (the atom at 0).
 */
export function mpStieltjes(gamma: number, z: number): number {
  check(gamma, z);
  const b = 1 - gamma - z;
  if (z === 0) return b > 0 ? 1 / b : Infinity;
  const root = Math.sqrt(b * b - 4 * gamma * z);
  return b >= 0 ? 2 / (b + root) : (root - b) / (-2 * gamma * z);
}

/** m′(z) = dm/dz = −(γm² + m) / (2γzm − (1 − γ − z)), from implicit differentiation. */
export function mpStieltjesDerivative(gamma: number, z: number): number {
  const m = mpStieltjes(gamma, z);
  if (!Number.isFinite(m)) return Infinity;
  return -(gamma * m * m + m) / (2 * gamma * z * m - (1 - gamma - z));
}
