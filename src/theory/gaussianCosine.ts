/**
 * E[⟨Z, e⟩ / ‖Z‖] for a Gaussian vector Z ~ N(μ, Σ) and a unit vector e, written as one
 * 1-D integral. With 1/√x = (1/√π) ∫₀^∞ t^{-1/2} e^{−t x} dt and, for Gaussian Z,
 *   E[Z e^{−t‖Z‖²}] = det(I + 2tΣ)^{-1/2} exp(−t μᵀ(I + 2tΣ)⁻¹μ) (I + 2tΣ)⁻¹μ,
 * (complete the square: the tilted law has precision Σ⁻¹ + 2tI and mean (I + 2tΣ)⁻¹μ),
 * Fubini gives
 *   E[⟨Z,e⟩/‖Z‖] = (1/√π) ∫₀^∞ t^{-1/2} det(I + 2tΣ)^{-1/2} e^{−t μᵀ(I+2tΣ)⁻¹μ} eᵀ(I + 2tΣ)⁻¹μ dt.
 * In the eigenbasis of Σ every factor is a product or a sum over eigen-directions, so Σ is
 * passed as a list of directions (variance λ, multiplicity m, mean coordinate μ̃, target
 * coordinate ẽ); an isotropic bulk of dimension m has μ̃ = ẽ = 0.
 *
 * Quadrature: t = e^s, and the trapezoid rule in s. The integrand is analytic in a strip around
 * the real s-axis and decays exponentially at both ends, so the rule converges geometrically in
 * the step: steps 0.05 to 0.3 all agree with the closed form of the isotropic case (Kummer's
 * confluent hypergeometric function) to 1e-9 relative; the default is 0.2 (test/gd-steps.test.ts).
 * Cost: 150/step + 1 nodes (751 at the default), each one exp, one square root and one log per block
 * or per four single directions.
 */

export interface Direction {
  /** variance along the direction (≥ 0) */
  lambda: number;
  /** multiplicity (dimension of an isotropic block) */
  mult: number;
  /** coordinate of the mean μ (0 for a block of multiplicity > 1) */
  mu: number;
  /** coordinate of the target unit vector e (0 for a block) */
  e: number;
}

export function gaussianCosine(dirs: Direction[], step = 0.2): number {
  // the cosine is scale-free: measure Z in units of its largest coordinate scale, so that
  // neither μ² nor λ under- or overflows (β = 1e-248 or σ = 1e6 steps give such scales)
  let unit = 0;
  for (const d of dirs) unit = Math.max(unit, Math.abs(d.mu), Math.sqrt(d.lambda));
  if (!(unit > 0 && Number.isFinite(unit))) throw new RangeError(`gaussianCosine: Z must have a finite, nonzero scale, got ${unit}`);
  dirs = dirs.map((d) => ({ ...d, mu: d.mu / unit, lambda: d.lambda / unit / unit }));
  let scale = 0;
  for (const d of dirs) scale += d.mu * d.mu + d.mult * d.lambda;
  const s0 = -Math.log(scale);
  const lo = s0 - 90, hi = s0 + 60;
  // per node: the blocks' log-determinant by one log each, the single directions' as one product
  // (each factor 1 + 2tλ ≤ 1 + 2e^{60}: a product of up to four stays finite, longer ones are folded
  // into the log), so a node costs about one log, one exp and one square root
  const single = dirs.filter((d) => d.mult === 1), blocks = dirs.filter((d) => d.mult !== 1);
  const lam = single.map((d) => d.lambda), mu2 = single.map((d) => d.mu * d.mu), emu = single.map((d) => d.e * d.mu);
  let sum = 0;
  for (let s = lo; s <= hi; s += step) {
    const t = Math.exp(s);
    let logDet = 0, det = 1, quad = 0, proj = 0;
    for (let i = 0; i < lam.length; i++) {
      const a = 1 + 2 * t * lam[i]!;
      det *= a;
      if ((i & 3) === 3) {
        logDet += Math.log(det);
        det = 1;
      }
      quad += mu2[i]! / a;
      proj += emu[i]! / a;
    }
    if (proj === 0) continue;
    for (const b of blocks) logDet += b.mult * Math.log(1 + 2 * t * b.lambda);
    sum += (Math.sqrt(t / det) * Math.exp(-0.5 * logDet - t * quad)) * proj;
  }
  // a cosine: rounding in the quadrature may stray past ±1 by a few ulps when Z is nearly deterministic
  return Math.max(-1, Math.min(1, (sum * step) / Math.sqrt(Math.PI)));
}

/**
 * Closed form of the isotropic case, Z ~ N(a e, s² I_d):
 *   E[cos(Z, e)] = a/(s√(2π)) · B(1/2, (d+1)/2) · M(1/2, d/2 + 1, −a²/(2s²)),
 * with Kummer's M evaluated as e^{−x} M(b − 1/2, b, x) (a series of positive terms).
 * Used to check the quadrature.
 */
export function isotropicCosineClosedForm(a: number, s: number, d: number): number {
  const x = (a * a) / (2 * s * s);
  const b = d / 2 + 1;
  // M(b − 1/2, b, x) = Σ_j (b − 1/2)_j / (b)_j · x^j / j!, summed in logs (the terms reach e^x)
  const logs: number[] = [0];
  let logTerm = 0, maxLog = 0;
  for (let j = 0; j < 1000000; j++) {
    logTerm += Math.log((b - 0.5 + j) / (b + j)) + Math.log(x / (j + 1));
    logs.push(logTerm);
    if (logTerm > maxLog) maxLog = logTerm;
    if (j > x && logTerm < maxLog - 40) break;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - maxLog);
  const logM = maxLog + Math.log(sum);
  const logBeta = lgamma(0.5) + lgamma((d + 1) / 2) - lgamma(d / 2 + 1);
  return (a / (s * Math.sqrt(2 * Math.PI))) * Math.exp(logBeta - x + logM);
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0]!;
  const t = x + g + 0.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
