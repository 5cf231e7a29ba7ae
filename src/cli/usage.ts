/**
 * Command-line input errors: one line naming the flag and its valid range, exit code 2. Every
 * flag reads its text as the parameter schema does (src/params/fields.ts: decimal notation only,
 * integers in digits, 'inf' where allowed), so a value means the same on the command line, in a
 * sweep config and in the explorer.
 */
import { InvalidArgumentError } from "commander";
import { ParamError, parseValue, type FieldSpec } from "../params/fields.ts";

export class UsageError extends Error {}

type Parser<T> = (raw: string) => T;

/** A flag's parser for `spec`: a value out of range is commander's one-line error naming the flag. */
export function flagParser<T>(flag: string, spec: FieldSpec): Parser<T> {
  const name = flag.replace(/^--/, "");
  return (raw) => {
    try {
      return parseValue(name, raw, spec) as T;
    } catch (err) {
      if (err instanceof ParamError) throw new InvalidArgumentError(err.flagMessage);
      throw err;
    }
  };
}

/** A number flag in [lo, hi] (or (lo, hi] / [lo, hi) with open ends). */
export function numberIn(flag: string, lo: number, hi: number, opts: { openLo?: boolean; openHi?: boolean; allowInf?: boolean } = {}): Parser<number> {
  return flagParser(flag, { kind: "number", lo, hi, ...opts, doc: "" });
}

/** An integer flag in [lo, hi], written in decimal digits ("1e3" and "0x10" are refused, not read as 1000 and 16). */
export function intIn(flag: string, lo: number, hi: number): Parser<number> {
  return flagParser(flag, { kind: "int", lo, hi, doc: "" });
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(flag: string, values: readonly T[]): Parser<T> {
  return flagParser(flag, { kind: "enum", values, doc: "" });
}
