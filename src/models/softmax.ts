/** Overflow-safe softmax: the maximum is subtracted before exponentiating. */
export function softmax(a: Float64Array, out = new Float64Array(a.length)): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > max) max = a[i]!;
  if (!Number.isFinite(max)) throw new RangeError(`softmax: scores must be finite (max = ${max})`);
  let z = 0;
  for (let i = 0; i < a.length; i++) {
    const e = Math.exp(a[i]! - max);
    out[i] = e;
    z += e;
  }
  for (let i = 0; i < a.length; i++) out[i]! /= z;
  return out;
}
