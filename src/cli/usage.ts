/**
 * Command-line input errors: one line naming the flag and its valid range, exit code 2.
 */
import { InvalidArgumentError } from "commander";

export class UsageError extends Error {}

type Parser<T> = (raw: string) => T;

function fail(flag: string, range: string, raw: string): never {
  throw new InvalidArgumentError(`${flag} must be ${range}, got '${raw}'`);
}

/** Decimal notation only: Number() would also take hex ("0x10"), binary and whitespace-padded forms. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const DIGITS = /^[+-]?\d+$/;

/** A number flag in [lo, hi] (or (lo, hi] / [lo, hi) with open ends). */
export function numberIn(flag: string, lo: number, hi: number, opts: { openLo?: boolean; openHi?: boolean; allowInf?: boolean } = {}): Parser<number> {
  const range = `a number in ${opts.openLo ? "(" : "["}${lo}, ${hi}${opts.openHi ? ")" : "]"}${opts.allowInf ? " or 'inf'" : ""}`;
  return (raw) => {
    if (opts.allowInf && /^\+?inf(inity)?$/i.test(raw.trim())) return Infinity;
    const x = DECIMAL.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isFinite(x)) fail(flag, range, raw);
    if (x < lo || x > hi || (opts.openLo && x === lo) || (opts.openHi && x === hi)) fail(flag, range, raw);
    return x;
  };
}

/** An integer flag in [lo, hi], written in decimal digits ("1e3" and "0x10" are refused, not read as 1000 and 16). */
export function intIn(flag: string, lo: number, hi: number): Parser<number> {
  return (raw) => {
    const digits = DIGITS.test(raw.trim());
    const x = digits ? Number(raw) : NaN;
    if (!Number.isSafeInteger(x) || x < lo || x > hi) fail(flag, `an integer in [${lo}, ${hi}]${digits ? "" : " written in decimal digits"}`, raw);
    return x;
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(flag: string, values: readonly T[]): Parser<T> {
  return (raw) => {
    if (!(values as readonly string[]).includes(raw)) fail(flag, `one of ${values.join("|")}`, raw);
    return raw as T;
  };
}
