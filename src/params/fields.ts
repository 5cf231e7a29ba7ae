/**
 * The THEORY.md parameters, one spec each: kind, valid range, and what it means. Every consumer
 * (command-line flags, sweep configs, the explorer's controls, theory entry points) reads its
 * ranges from here, so a value valid in one place is valid in all. Ranges are the command
 * line's as of this writing; a bad value gives one line naming the parameter and its range.
 */
import { z } from "zod";
import { POOLS } from "../models/promptAttention.ts";
import type { Noise } from "../data/lawG.ts";

export interface NumberSpec {
  kind: "int" | "number";
  lo: number;
  hi: number;
  /** Open ends: (lo, … or …, hi). */
  openLo?: boolean;
  openHi?: boolean;
  /** Infinity is a value of this parameter (θ = ∞: hardmax); written 'inf'. */
  allowInf?: boolean;
  doc: string;
}

export interface EnumSpec<V extends string = string> {
  kind: "enum";
  values: readonly V[];
  doc: string;
}

export type FieldSpec = NumberSpec | EnumSpec;

export const NOISE_VALUES: readonly Noise[] = ["context-clean", "isotropic"];

/** Every parameter of a law-G point, the known-prompt pipeline and the three gradient steps. */
export const FIELDS = {
  d: { kind: "int", lo: 2, hi: 100000, doc: "token dimension d" },
  n: { kind: "int", lo: 1, hi: 10000000, doc: "training samples n" },
  T: { kind: "int", lo: 1, hi: 100000, doc: "tokens per input T" },
  k: { kind: "int", lo: 1, hi: 100000, doc: "relevant tokens k (default min(2, T); exclusive with ζ)" },
  zeta: { kind: "number", lo: 0, hi: 1, openLo: true, doc: "context sparsity ζ = k/T (k = round(ζT))" },
  c: { kind: "number", lo: 0, hi: 1e6, openLo: true, doc: "context norm c = ‖q⋆‖" },
  r: { kind: "number", lo: 0, hi: 1e6, doc: "label-signal norm r = ‖w⋆‖" },
  rho: { kind: "number", lo: 0, hi: 1, openHi: true, doc: "context level ρ of irrelevant tokens" },
  sigma: { kind: "number", lo: 0, hi: 1e6, openLo: true, doc: "noise level σ" },
  theta: { kind: "number", lo: 0, hi: 1e4, allowInf: true, doc: "prompt norm θ (q = θu); 'inf' is hardmax" },
  lambda: { kind: "number", lo: 0, hi: 1e12, doc: "ridge penalty λ (0: least squares / min-norm)" },
  pool: { kind: "enum", values: POOLS, doc: "attention weights: softmax (SPA), linear (LPA), uniform (UNI)" },
  noise: { kind: "enum", values: NOISE_VALUES, doc: "token noise law: context-clean (K2) or isotropic (K5)" },
  eta: { kind: "number", lo: 0, hi: 1e6, openLo: true, doc: "step size η of the head steps" },
  beta: { kind: "number", lo: 0, hi: 1e6, openLo: true, doc: "step size β of the prompt step" },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof FIELDS;

/** "an integer in [2, 100000]", "a number in [0, 1)", "a number in [0, 10000] or 'inf'", "one of a|b"; a single allowed value as itself. */
export function rangeText(spec: FieldSpec): string {
  if (spec.kind === "enum") return spec.values.length === 1 ? spec.values[0]! : `one of ${spec.values.join("|")}`;
  if (spec.lo === spec.hi) return String(spec.lo); // a value a command fixes (ρ = 0 for gd-steps)
  if (spec.kind === "int") return `an integer in [${spec.lo}, ${spec.hi}]`;
  return `a number in ${spec.openLo ? "(" : "["}${spec.lo}, ${spec.hi}${spec.openHi ? ")" : "]"}${spec.allowInf ? " or 'inf'" : ""}`;
}

/** How a message names a parameter: plainly ("k") or as the command line's flag ("--k"). */
export type Namer = (param: string) => string;

/**
 * A parameter value outside its range, or a rule between parameters broken; `message` is one line
 * with plain names, `flagMessage` the same line naming the command line's flags.
 */
export class ParamError extends Error {
  readonly flagMessage: string;
  constructor(readonly param: string, text: (name: Namer) => string) {
    super(text((p) => p));
    this.name = "ParamError";
    this.flagMessage = text((p) => `--${p}`);
  }
}

// decimal notation only: Number() would also read hex ("0x10"), binary and octal forms
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const DIGITS = /^[+-]?\d+$/;

/** The command line's reading of text: trimmed, 'inf'/'infinity' where allowed, decimal only ('' and '0x10' are not numbers; an integer is written in digits). */
function fromText(spec: FieldSpec): (raw: unknown) => unknown {
  return (raw) => {
    if (typeof raw !== "string" || spec.kind === "enum") return raw;
    const s = raw.trim();
    if (spec.allowInf && /^\+?inf(inity)?$/i.test(s)) return Infinity;
    return (spec.kind === "int" ? DIGITS : DECIMAL).test(s) ? Number(s) : raw;
  };
}

/** Text that names an integer in another notation ("0x10", "1e3", "4.0"): refused, and the message says why. */
function integerNotInDigits(raw: unknown): boolean {
  const s = typeof raw === "string" ? raw.trim() : "";
  return s !== "" && !DIGITS.test(s) && Number.isSafeInteger(Number(s));
}

/** "<name> must be <range>, got '<raw>'", saying so when an integer was not written in digits. */
export function rangeError(name: string, spec: FieldSpec, raw: unknown): ParamError {
  const notDigits = spec.kind === "int" && integerNotInDigits(raw);
  return new ParamError(name, (n) => `${n(name)} must be ${rangeText(spec)}${notDigits ? " written in decimal digits" : ""}, got '${String(raw)}'`);
}

/** x within the spec's range (an integer for kind int). */
function insideRange(spec: NumberSpec, x: number): boolean {
  return x >= spec.lo && x <= spec.hi && !(spec.openLo && x === spec.lo) && !(spec.openHi && x === spec.hi) && (spec.kind !== "int" || Number.isSafeInteger(x));
}

/** The zod schema of one parameter: accepts a number (or its text, as typed or in a URL) and checks the range. */
export function fieldSchema(spec: FieldSpec) {
  const msg = `must be ${rangeText(spec)}`;
  if (spec.kind === "enum") return z.enum(spec.values as [string, ...string[]], msg);
  const finite = z.number(msg).refine((x) => insideRange(spec, x), msg);
  const value = spec.allowInf ? z.union([z.literal(Infinity), finite], msg) : finite;
  return z.preprocess(fromText(spec), value);
}

/**
 * The zod schema of one parameter as a JSON config writes it: a number only (no text: a config is
 * typed), θ = ∞ as the word 'inf', kept as written (the config's form enters its hash).
 */
export function configFieldSchema(spec: FieldSpec): z.ZodType<number | string> {
  const msg = `must be ${rangeText(spec)}`;
  if (spec.kind === "enum") return z.enum(spec.values as [string, ...string[]], msg);
  const finite = configNumberSchema(spec);
  return spec.allowInf ? z.union([finite, z.literal("inf")], msg) : finite;
}

/** A finite number in the spec's range, as a config writes it. */
export function configNumberSchema(spec: NumberSpec): z.ZodType<number> {
  const msg = `must be ${rangeText({ ...spec, allowInf: false })}`;
  return z.number(msg).refine((x) => insideRange(spec, x), msg);
}

const FIELD_SCHEMAS = new Map<FieldName, ReturnType<typeof fieldSchema>>();

/**
 * One parameter from text or a number, against its FIELDS range or a narrower `spec` (a command's
 * own domain); throws ParamError "<name> must be <range>, got '<raw>'".
 */
export function parseField(name: FieldName, raw: unknown, spec: FieldSpec = FIELDS[name]): number | string {
  if (spec !== FIELDS[name]) return parseValue(name, raw, spec);
  let schema = FIELD_SCHEMAS.get(name);
  if (!schema) FIELD_SCHEMAS.set(name, (schema = fieldSchema(spec)));
  const r = schema.safeParse(raw);
  if (!r.success) throw rangeError(name, spec, raw);
  return r.data;
}

/** Any named value (a parameter or a command's own option, e.g. trials) against a spec, read as parseField reads text. */
export function parseValue(name: string, raw: unknown, spec: FieldSpec): number | string {
  const r = fieldSchema(spec).safeParse(raw);
  if (!r.success) throw rangeError(name, spec, raw);
  return r.data;
}

/** θ as text: 'inf' for hardmax, else the shortest text that reads back to the same double. */
export function thetaText(theta: number): string {
  return theta === Infinity ? "inf" : String(theta);
}
