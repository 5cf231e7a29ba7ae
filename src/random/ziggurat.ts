/**
 * Tables of the 256-layer ziggurat for the standard normal (Marsaglia & Tsang, 2000), with
 * f(x) = exp(−x²/2) unnormalized. Layer 0 is the base strip [0, r] × [0, f(r)] plus the tail
 * x > r, every layer i ≥ 1 the rectangle [0, x_i] × [f(x_i), f(x_{i+1})]; all 256 have area v.
 *
 * r and v solve the closing condition f(x_255) + v/x_255 = 1 of the recursion
 * x_{i+1} = f⁻¹(f(x_i) + v/x_i), with v = r f(r) + √(π/2) erfc(r/√2) (base strip plus tail),
 * to 40 digits (mpmath bisection); in double the table closes to ~1e-15 (test/random checks
 * it), so picking a layer with probability 1/256 is exact.
 */
export const ZIG_R = 3.654152885361009;
export const ZIG_V = 0.004928673233974655;

/** x_0 = v/f(r) (the base strip's virtual width), x_1 = r, …, x_255, x_256 = 0. */
export const ZIG_X = new Float64Array(257);
/** f(x_i); f(x_256) = 1. */
export const ZIG_F = new Float64Array(257);
/** x_{i+1}/x_i: a uniform U < ratio_i puts U·x_i under the curve without evaluating f. */
export const ZIG_RATIO = new Float64Array(256);

ZIG_X[0] = ZIG_V / Math.exp(-0.5 * ZIG_R * ZIG_R);
ZIG_X[1] = ZIG_R;
for (let i = 1; i < 255; i++) {
  const x = ZIG_X[i]!;
  ZIG_X[i + 1] = Math.sqrt(-2 * Math.log(ZIG_V / x + Math.exp(-0.5 * x * x)));
}
ZIG_X[256] = 0;
for (let i = 0; i <= 256; i++) ZIG_F[i] = Math.exp(-0.5 * ZIG_X[i]! * ZIG_X[i]!);
for (let i = 0; i < 256; i++) ZIG_RATIO[i] = ZIG_X[i + 1]! / ZIG_X[i]!;

/** How far the top layer misses its area v (rounding only): |f(x_255) + v/x_255 − 1|. */
export function zigguratClosure(): number {
  return Math.abs(ZIG_F[255]! + ZIG_V / ZIG_X[255]! - 1);
}
