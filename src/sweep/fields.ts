/**
 * Config fields with the command line's ranges, as zod schemas whose messages name the valid
 * range ("must be a number in (0, 1000000]"), shared by the experiments' parameter blocks.
 */
import { z } from "zod";
import { kFromZeta } from "../data/lawG.ts";

export function intField(lo: number, hi: number) {
  const m = `must be an integer in [${lo}, ${hi}]`;
  return z.number(m).int(m).min(lo, m).max(hi, m);
}

export function numberField(lo: number, hi: number, open: { lo?: boolean; hi?: boolean } = {}) {
  const m = `must be a number in ${open.lo ? "(" : "["}${lo}, ${hi}${open.hi ? ")" : "]"}`;
  const n = z.number(m).min(lo, m).max(hi, m);
  return n.refine((x) => !(open.lo && x === lo) && !(open.hi && x === hi), m);
}

export function oneOfField<T extends string>(values: readonly T[]) {
  return z.enum(values as [T, ...T[]], `must be one of ${values.join("|")}`);
}

export const boolField = () => z.boolean("must be true or false");

/** Law G's parameters (docs/theory.md §2) as `simulate known-prompt` accepts them. */
export const LAW_G_FIELDS = {
  d: intField(2, 100000),
  n: intField(1, 10000000),
  T: intField(1, 100000),
  k: intField(1, 100000),
  zeta: numberField(0, 1, { lo: true }),
  c: numberField(0, 1e6, { lo: true }),
  r: numberField(0, 1e6),
  sigma: numberField(0, 1e6, { lo: true }),
};

export type FieldValue = string | number | boolean;
/** A point's parameters as written in a config. */
export type PointSpec = Record<string, FieldValue>;

/** k from `k` or `zeta` (k = round(ζT)), checked against T. */
export function resolveK(spec: PointSpec): number {
  const T = spec.T as number;
  if (spec.k !== undefined && spec.zeta !== undefined) throw new Error("k and zeta are exclusive: give one of them");
  const k = spec.zeta !== undefined ? kFromZeta(T, spec.zeta as number) : (spec.k as number | undefined) ?? Math.min(2, T);
  if (k > T) throw new Error(`k must be an integer in [1, T=${T}], got ${k}`);
  return k;
}
