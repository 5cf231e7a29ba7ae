/**
 * A seed for a named sub-experiment, for APIs that take a seed rather than an Rng (a simulation
 * that derives its own per-trial streams). Sub-experiments of one run used to be told apart by
 * arithmetic on the seed (seed·7919, seed·1000 + 100k, …), which collides across runs (seed 2 of
 * one is seed 1 of another); a label hashed with Rng.derive does not.
 */
import { Rng } from "./rng.ts";

/** An integer in [0, 2^53) determined by (seed, label, index), from the labelled stream's first 53 bits. */
export function deriveSeed(seed: number, label: string, index?: number): number {
  const rng = Rng.derive(seed, label, index);
  return rng.nextUint32() * 2 ** 21 + (rng.nextUint32() >>> 11);
}
