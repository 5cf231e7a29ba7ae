/**
 * A labeled set of n inputs drawn from any of the laws (G, B, GT, EC). Its shape matches the
 * trainer's `Dataset` (X[i] is T×d row-major, y[i] ∈ {±1}) and also keeps each relevant set.
 */
import type { Sample } from "./lawG.ts";

export interface LabeledSet {
  X: Float64Array[];
  y: Float64Array;
  R: Int32Array[];
  T: number;
  d: number;
}

/** n draws of `draw`, each into a fresh buffer of length T·d. */
export function drawSet(n: number, T: number, d: number, draw: (X: Float64Array<ArrayBuffer>) => Sample): LabeledSet {
  const set: LabeledSet = { X: [], y: new Float64Array(n), R: [], T, d };
  for (let i = 0; i < n; i++) {
    const s = draw(new Float64Array(T * d));
    set.X.push(s.X);
    set.y[i] = s.y;
    set.R.push(s.R);
  }
  return set;
}
