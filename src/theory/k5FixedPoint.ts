/**
 * K5's fixed point (ν, a, b) and error on a law of (S, N) (docs/theory.md §4, derivation in
 * theorems/K5.ts): with γ = d/n, λ̄ = λ/n and ω = ν/(ν + N²),
 *   γ ν = E[ν N²/(ν + N²)] + λ̄,
 *   a   = r E[ωS] / (r² E[ωS²] + E[ωN²] + λ̄),
 *   b²  = E[((1 − r a S)² + a² N²) N²/(ν + N²)²] / (γ − E[N⁴/(ν + N²)²]),
 *   error = E[Q(r a S/(N √(a² + b²)))],
 * with the minimum-norm limit (λ̄ = 0, γ > 1) a = r E[S/N²]/(r² E[S²/N²] + γ),
 * b² = E[(1 − r a S)²/N² + a²]/(γ − 1).
 *
 * The law's points are split into B batches (contiguous ranges of points, weights renormalized
 * per batch) and the B fixed points are solved together, every pass over the points
 * serving all batches: B = 1 is the whole law, and the batches' spread gives the integration's
 * standard error. Cost: at most 200 Newton passes (about 4 from the constant law's root, 2–4 from a
 * nearby root), two passes for a and b and one with a Q per point, each O(points), memory O(B).
 */
import { fastQ } from "../special/millsRatio.ts";
import { newtonBracketedMany } from "../special/solvers.ts";
import type { AttentionLaw } from "./k5Law.ts";

/** Smallest ratio of the law's smallest N to its largest: (N/max N)⁴ stays a normal double above it. */
const MIN_N_RATIO = 1e-75;
/** Largest λ̃ = λ̄/(max N)² solved with (see solveK5Batches). */
const LAMBDA_CAP = 1e100;

export type K5Regime = "ridge" | "min-norm" | "interpolation-peak" | "degenerate";

export interface K5FixedPoint {
  nu: number;
  a: number;
  /** ‖w_⊥‖; Infinity at the interpolation peak (λ̄ = 0, γ = 1). */
  b: number;
  /** The limiting test error E[Q(r a S/(N √(a² + b²)))]. */
  error: number;
  regime: K5Regime;
  converged: boolean;
  iterations: number;
  /** |γν − E[νN²/(ν + N²)] − λ̄| at the returned ν (0 in the closed-form regimes). */
  residual: number;
}

/** First point of batch b of B over `points` points: batches are contiguous ranges. */
export const batchStart = (points: number, B: number, b: number) => Math.floor((b * points) / B);

/** Weighted means of f(S, N) per batch (contiguous ranges of points) and over the whole law. */
export function batchMeans(law: AttentionLaw, B: number, f: (S: number, N: number) => number): { mean: number; batches: Float64Array } {
  const batches = new Float64Array(B), P = law.S.length;
  let sum = 0, total = 0;
  for (let b = 0; b < B; b++) {
    let W = 0, s = 0;
    for (let j = batchStart(P, B, b), end = batchStart(P, B, b + 1); j < end; j++) {
      W += law.w[j]!;
      s += law.w[j]! * f(law.S[j]!, law.N[j]!);
    }
    batches[b] = s / W;
    sum += s;
    total += W;
  }
  return { mean: sum / total, batches };
}

/** E_b[Q(κ_b S/N)] per batch: the error of a head with margin scale κ_b = r a/√(a² + b²). */
function batchErrors(law: AttentionLaw, B: number, kappa: Float64Array): Float64Array {
  const out = new Float64Array(B), P = law.S.length;
  for (let b = 0; b < B; b++) {
    let W = 0, s = 0;
    const k = kappa[b]!;
    for (let j = batchStart(P, B, b), end = batchStart(P, B, b + 1); j < end; j++) {
      const N = law.N[j]!;
      W += law.w[j]!;
      const S = law.S[j]!; // S = 0 is a zero margin even where κ is infinite (no signal noise left)
      s += law.w[j]! * (N > 0 ? fastQ(S === 0 ? 0 : (k * S) / N) : 0.5);
    }
    out[b] = s / W;
  }
  return out;
}

/** E[Q(κ S/N)] with κ = r a/√(a² + b²): the error of a head with ⟨w, v⟩ = a, ‖w_⊥‖ = b. */
export function k5Error(law: AttentionLaw, r: number, a: number, b: number): number {
  if (b === Infinity) return 0.5;
  const norm = Math.hypot(a, b);
  return norm === 0 ? 0.5 : batchErrors(law, 1, Float64Array.of((r * a) / norm))[0]!;
}

/**
 * ν per batch: the root of f(ν) = γν − E[νN²/(ν + N²)] − λ̄ on (0, (E[N²] + λ̄)/γ]. f is convex
 * with f(0) = −λ̄ ≤ 0, so Newton from any point where f ≥ 0 decreases monotonically to the root.
 * It starts from `start` when given (e.g. the whole law's root, for its batches: a few steps),
 * else from the root ν₀ of the constant law N² = E[N²]: by Jensen (νN²/(ν + N²) is concave in
 * N²) f(ν₀) ≥ 0, and ν₀ is far closer than the upper end.
 */
function solveNu(law: AttentionLaw, B: number, gamma: number, lambdaBar: number, EN2: Float64Array, start?: number) {
  const P = law.S.length;
  const hi = EN2.map((m) => (m + lambdaBar) / gamma);
  const x0 = EN2.map((m, b) => {
    if (start !== undefined && start > 0 && start < hi[b]!) return start;
    // γν² + (γm − m − λ̄)ν − λ̄m = 0, its positive root (written without cancellation)
    const p = gamma * m - m - lambdaBar, q = lambdaBar * m;
    const nu0 = p < 0 ? (-p + Math.sqrt(p * p + 4 * gamma * q)) / (2 * gamma) : (2 * q) / (p + Math.sqrt(p * p + 4 * gamma * q));
    return nu0 > 0 && nu0 < hi[b]! ? nu0 : hi[b]!;
  });
  const f = (nu: Float64Array, value: Float64Array, slope: Float64Array, scale: Float64Array) => {
    for (let b = 0; b < B; b++) {
      // f = ν(γ − 1 + E[ω]) − λ̄ and f′ = γ − 1 + E[ω(1 + q)], q = 1 − ω: no cancellation at γ ≈ 1
      let W = 0, om = 0, om1q = 0;
      const x = nu[b]!;
      for (let j = batchStart(P, B, b), end = batchStart(P, B, b + 1); j < end; j++) {
        const w = law.w[j]!, N2 = law.N[j]! * law.N[j]!, o = x / (x + N2);
        W += w;
        om += w * o;
        om1q += w * o * (2 - o);
      }
      value[b] = x * (gamma - 1 + om / W) - lambdaBar;
      slope[b] = gamma - 1 + om1q / W;
      scale[b] = gamma * x + lambdaBar;
    }
  };
  return newtonBracketedMany(f, new Float64Array(B), hi, x0);
}

/**
 * The fixed points of the B batches of `law` (contiguous ranges of its points; B = 1: the law
 * itself); `nuStart` (optional) starts every ν iteration near a known root.
 *
 * Solved in units where the largest N and |S| are 1 (Ñ = N/s, S̃ = S/t, r̃ = rt/s, λ̃ = λ̄/s²,
 * ν̃ = ν/s²: the error is invariant, a = α/(rt) with α = r̃ã, b = b̃/s), so σ, c, θ down to
 * 1e-300 keep N⁴ and S² in range; and with α = E[ωS̃]/(E[ωS̃²] + (E[ωÑ²] + λ̃)/r̃²), a huge r̃
 * does not overflow. λ̃ in the ν equation is capped at 1e100: beyond, ω = 1 and ν̃ and 1/b̃ grow as λ̃ up
 * to relative terms O(1/λ̃), far below rounding, so the capped ν̃ and b̃, rescaled, are the
 * solution (α takes λ̃/r̃² = λ̄/r² uncapped).
 */
export function solveK5Batches(law: AttentionLaw, B: number, r: number, gamma: number, lambdaBar: number, nuStart?: number): K5FixedPoint[] {
  if (!(gamma > 0 && Number.isFinite(gamma))) throw new RangeError(`solveK5: γ must be finite and > 0, got ${gamma}`);
  if (!(lambdaBar >= 0 && Number.isFinite(lambdaBar))) throw new RangeError(`solveK5: λ̄ must be finite and ≥ 0, got ${lambdaBar}`);
  const P = law.S.length;
  const fixed = (regime: K5Regime, b: number): K5FixedPoint => ({ nu: 0, a: 0, b, error: 0.5, regime, converged: true, iterations: 0, residual: 0 });
  let minN = Infinity, s = 0, t = 0;
  for (let j = 0; j < P; j++) {
    const S = law.S[j]!, N = law.N[j]!;
    // a NaN would pass every comparison below unseen: an overflow upstream is an error here
    if (!(Number.isFinite(S) && N >= 0 && N < Infinity)) throw new Error(`K5: the law of (S, N) has a non-finite point (S = ${S}, N = ${N})`);
    [minN, s, t] = [Math.min(minN, N), Math.max(s, N), Math.max(t, Math.abs(S))];
  }
  // e.g. linear pooling at θ = 0: the pooled feature is identically zero, every head guesses
  if (s === 0) return Array.from({ length: B }, () => fixed("degenerate", 0));
  if (minN < MIN_N_RATIO * s) throw new RangeError(`K5: the pooled noise N = σ‖s‖ spans ${minN.toExponential(2)} to ${s.toExponential(2)} over the law, more than the double range of its N⁴ moments`);
  if (lambdaBar === 0 && gamma === 1) return Array.from({ length: B }, () => fixed("interpolation-peak", Infinity));
  // S enters only as r·S: S/t with r·t (t = max |S|) is the same problem, with S² in range too
  const unit: AttentionLaw = { ...law, S: t > 0 ? law.S.map((S) => S / t) : law.S, N: law.N.map((N) => N / s) };
  const rT = t > 0 ? r * (t / s) : 0, u2 = rT === 0 ? Infinity : 1 / rT / rT; // r̃ and 1/r̃²
  const lamExact = lambdaBar / s / s, lamT = Math.min(lamExact, LAMBDA_CAP);
  const lamU = lambdaBar === 0 ? 0 : lambdaBar / (r * t) / (r * t); // λ̃/r̃² = λ̄/(rt)², never capped
  // ν = sc·ν̃ and b = b̃·shrink/s map the capped solution back (shrink = 1 uncapped); a = α/r
  const capped = lamT < lamExact, sc = capped ? lambdaBar / lamT : s * s, shrink = capped ? lamT / lamExact : 1;
  const EN2 = batchMeans(unit, B, (_S, N) => N * N).batches;
  const nu = new Float64Array(B), alpha = new Float64Array(B), bT = new Float64Array(B), kappa = new Float64Array(B);
  const status = Array.from({ length: B }, () => ({ converged: true, iterations: 0, residual: 0 }));
  const minNorm = lambdaBar === 0 && gamma > 1;
  if (!minNorm) {
    solveNu(unit, B, gamma, lamT, EN2, nuStart === undefined ? undefined : nuStart / sc).forEach((root, b) => {
      nu[b] = root.x;
      status[b] = { converged: root.converged, iterations: root.iterations, residual: root.residual };
    });
  }
  for (let b = 0; b < B; b++) {
    const from = batchStart(P, B, b), end = batchStart(P, B, b + 1), x = nu[b]!;
    let W = 0, eS = 0, eS2 = 0, eN2 = 0, num = 0, om1q = 0;
    // a's moments: ω-weighted (ridge), or the λ̄ → 0 limit ω ∝ 1/N² (min-norm)
    for (let j = from; j < end; j++) {
      const S = unit.S[j]!, N2 = unit.N[j]! * unit.N[j]!, om = unit.w[j]! * (minNorm ? 1 / N2 : x / (x + N2));
      W += unit.w[j]!;
      eS += om * S;
      eS2 += om * S * S;
      eN2 += om * N2;
    }
    const al = rT === 0 ? 0 : eS / (minNorm ? eS2 + gamma * W * u2 : eS2 + eN2 * u2 + lamU * W);
    const at = rT === 0 ? 0 : al / rT;
    for (let j = from; j < end; j++) {
      const S = unit.S[j]!, N2 = unit.N[j]! * unit.N[j]!;
      if (minNorm) num += unit.w[j]! * ((1 - al * S) ** 2 / N2 + at * at);
      else {
        const w = unit.w[j]! / (x + N2) ** 2;
        num += w * ((1 - al * S) ** 2 + at * at * N2) * N2;
        om1q += w * x * (x + 2 * N2); // ω(1 + q)
      }
    }
    const slope = minNorm ? gamma - 1 : gamma - 1 + om1q / W; // = f′(ν̃) = γ − E[N⁴/(ν̃ + N²)²] > 0 at the root
    const bCap = slope > 0 ? Math.sqrt(num / W / slope) : Infinity;
    // the margin r a S/(N √(a² + b²)) = κ̃ S/Ñ, κ̃ = α/√(ã² + b̃²) = sign(α)/hypot(1/r̃, b̃/α); when
    // capped, b̃ = bCap·lamT/λ̃ and α·λ̃ = E[ωS]/(D/λ̃), so b̃/α is formed without λ̃ itself
    const ratio = u2 === Infinity || bCap === Infinity ? Infinity : bCap === 0 ? 0
      : capped ? (bCap * lamT * (eS2 / lamExact + (eN2 * u2) / lamExact + u2 * W)) / Math.abs(eS) : bCap / Math.abs(al);
    kappa[b] = ratio === Infinity ? 0 : Math.sign(eS) / Math.hypot(1 / rT, ratio);
    [alpha[b], bT[b]] = [al, bCap * shrink];
    status[b]!.converged &&= slope > 0;
  }
  const errors = batchErrors(unit, B, kappa);
  return Array.from({ length: B }, (_, b) => {
    const bNorm = bT[b]! / s, a = alpha[b] === 0 ? 0 : alpha[b]! / r / t, nuOut = nu[b]! * sc;
    // the head's coefficients scale as 1/(feature scale): beyond the doubles they cannot be reported
    if ((bNorm === Infinity && bT[b] !== Infinity) || !Number.isFinite(a) || !Number.isFinite(nuOut)) throw new RangeError(`K5: the head's coefficients (a = ${a.toExponential(2)}, b = ${bNorm.toExponential(2)}) leave the double range: the pooled feature's scale N ≈ ${s.toExponential(2)} is too small`);
    const error = bNorm === Infinity ? 0.5 : errors[b]!;
    return { nu: nuOut, a, b: bNorm, error, regime: minNorm ? "min-norm" : "ridge", ...status[b]! };
  });
}

/** Solve the K5 fixed point on a law of (S, N); `nuStart` (optional) starts the ν iteration near a known root. */
export function solveK5(law: AttentionLaw, r: number, gamma: number, lambdaBar: number, nuStart?: number): K5FixedPoint {
  return solveK5Batches(law, 1, r, gamma, lambdaBar, nuStart)[0]!;
}
