/**
 * The one data-set type: n labelled inputs of T tokens in dimension d, from a law (G, B, GT, EC)
 * or from MNIST canvases; what the trainer fits and what accuracy is measured on.
 */
import type { Sample } from "./lawG.ts";

/** X[i] is input i's T×d tokens, row-major; y[i] ∈ {−1, +1}. */
export interface Dataset {
  X: Float64Array[];
  y: Float64Array;
  T: number;
  d: number;
}

/** A data set drawn from a law, keeping each input's relevant set R[i] (token indices). */
export interface LabeledSet extends Dataset {
  R: Int32Array[];
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
