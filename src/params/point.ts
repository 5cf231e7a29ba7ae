/**
 * Parameter points: a known-prompt point (law G + prompt + ridge head, K1–K5) and a gd-steps point
 * (law G for the three gradient steps, G1–G4). Each is one zod schema holding the ranges (from
 * fields.ts), the defaults and the rules between parameters; the parsed point is what theory,
 * simulation and sweeps take, with θ = ∞ as the number Infinity and k resolved from ζ.
 */
import { z } from "zod";
import { FIELDS, ParamError, fieldSchema, rangeError, type FieldName, type FieldSpec } from "./fields.ts";
import { kFromZeta, type LawGParams } from "../data/lawG.ts";
import type { Pool } from "../models/promptAttention.ts";

/** Law G, the training-set size, the prompt q = θu and the ridge head. */
export interface KnownPromptPoint extends LawGParams {
  n: number;
  /** Infinity is hardmax (softmax only). */
  theta: number;
  lambda: number;
  pool: Pool;
}

/**
 * A known-prompt point without its noise law: what K2 takes (its formula is the context-clean
 * law's, and a caller asking for the known-prompt oracle of another law says so by calling it).
 */
export type KnownPromptTheoryPoint = Omit<KnownPromptPoint, "noise">;

/** Law G as THEORY.md §5 needs it (isotropic noise, ρ = 0, so neither is a field) and the step sizes. */
export interface GdStepsPoint extends Omit<LawGParams, "rho" | "noise"> {
  n: number;
  eta: number;
  beta: number;
}

/** The command line's defaults; k defaults to min(2, T) when neither k nor ζ is given. */
export const KNOWN_PROMPT_DEFAULTS = { d: 200, n: 400, T: 16, c: 1, r: 1.5, rho: 0, sigma: 1, noise: "context-clean", theta: 2, lambda: 0, pool: "softmax" } as const;
export const GD_STEPS_DEFAULTS = { d: 100, n: 400, T: 16, c: 1, r: 1.5, sigma: 1, eta: 1, beta: 100 } as const;
const DEFAULT_K = 2;

/** gd-steps needs d ≥ 4: w1, q1 and the score direction need room beside u and v. */
// T ≥ 2 (with one token C_i = 0 and there is no prompt step), T ≤ 1024 (the test-error
// prediction costs O(T) per draw), σ ≥ 1e-100 (q1's moments carry σ⁴, which would underflow)
// ρ and the noise law are fixed by §5 (ρ = 0, isotropic): not fields of the point, but a command
// line that shares law G's flags accepts only these values for them
export const GD_SPECS: Partial<Record<FieldName, FieldSpec>> = {
  d: { ...FIELDS.d, lo: 4 },
  T: { ...FIELDS.T, lo: 2, hi: 1024 },
  sigma: { ...FIELDS.sigma, lo: 1e-100, openLo: false },
  rho: { ...FIELDS.rho, hi: 0, openHi: false, doc: "context level ρ of irrelevant tokens (0 in docs/theory.md §5)" },
  noise: { ...FIELDS.noise, values: ["isotropic"], doc: "token noise law: isotropic only (docs/theory.md §5)" },
};
/** The law-G values §5 fixes (see GD_SPECS). */
export const GD_FIXED_LAW = { rho: 0, noise: "isotropic" } as const;

/**
 * The largest SNR r√k/σ a known-prompt point may have. It bounds r_eff = r|S|/(σN) ≤ r√k/σ
 * (Cauchy–Schwarz: |S| ≤ √k·N) and so K2's margin; log Q(x) ≈ −x²/2 leaves the doubles for
 * x > 1.9e154, and 1e150 keeps a margin of four decades below that.
 */
export const MAX_SNR = 1e150;

type Values = Record<string, unknown>;
/** A rule between parameters: the broken rule's one-line error, or undefined. */
type Rule = (v: Values) => ParamError | undefined;

function shape(names: readonly FieldName[], defaults: Record<string, unknown>, specs: Partial<Record<FieldName, FieldSpec>> = {}) {
  return Object.fromEntries(names.map((name) => {
    const s: z.ZodType = fieldSchema(specs[name] ?? FIELDS[name]);
    return [name, name in defaults ? s.default(defaults[name] as never) : s.optional()];
  }));
}

/** k xor ζ, and k ≤ T; shared by both points. */
export const contextRule: Rule = (v) => {
  if (v.k !== undefined && v.zeta !== undefined) return new ParamError("zeta", (n) => `${n("k")} and ${n("zeta")} are exclusive: give one of them`);
  if (typeof v.k === "number" && typeof v.T === "number" && v.k > v.T) return new ParamError("k", (n) => `${n("k")} must be an integer in [1, T=${v.T}], got '${v.k}'`);
  return undefined;
};

/** At λ = 0, n = d (γ = 1) the least-squares system is singular: a simulation has nothing to solve (K2's error is its limit ½ there). */
export const ridgeRule: Rule = (v) =>
  v.lambda === 0 && v.n === v.d
    ? new ParamError("lambda", (n) => `${n("lambda")} must be > 0 when ${n("n")} equals ${n("d")} (${v.n}): the least-squares system is singular there (the γ = 1 interpolation peak)`)
    : undefined;

const hardmaxRule: Rule = (v) =>
  v.theta === Infinity && v.pool !== "softmax" ? new ParamError("theta", (n) => `${n("theta")} 'inf' is only defined for ${n("pool")} softmax (hardmax)`) : undefined;

/** x rounded up to three significant digits, so the lower end a message shows is itself accepted. */
function ceil3(x: number): number {
  const unit = 10 ** (Math.floor(Math.log10(x)) - 2);
  let y = Number((Math.ceil(x / unit) * unit).toPrecision(3));
  while (y < x) y = Number((y + unit).toPrecision(3));
  return y;
}

/**
 * Where the formulas stop being representable in doubles (MAX_SNR): σ's lower end moves with r
 * and k. K5 needs no floor of its own: its fixed point is solved in units where max N = 1, so it
 * is scale-free down to σ = 1e-300 (test/k5-integration.test.ts).
 */
const representableRule: Rule = (v) => {
  const { r, sigma } = v as { r: number; sigma: number };
  const k = resolveK(v as never);
  const lo = (r * Math.sqrt(k)) / MAX_SNR;
  if (sigma >= lo) return undefined;
  return new ParamError("sigma", (n) => `${n("sigma")} must be a number in [${ceil3(lo)}, ${FIELDS.sigma.hi}] at ${n("r")} ${r}, ${n("k")} ${k}: the SNR r√k/σ must be at most 1e150, beyond which log Q of K2's margin leaves the doubles' range, got '${sigma}'`);
};

/** k from k or ζ (k = round(ζT)), else min(2, T). */
export function resolveK(v: { T: number; k?: number; zeta?: number }): number {
  return v.zeta !== undefined ? kFromZeta(v.T, v.zeta) : v.k ?? Math.min(DEFAULT_K, v.T);
}

/** Add the first broken rule as an issue carrying its ParamError (its message is already the whole line). */
function refineWith(rules: readonly Rule[]) {
  return (v: Values, ctx: z.core.$RefinementCtx<Values>) => {
    for (const rule of rules) {
      const error = rule(v);
      if (error) return ctx.addIssue({ code: "custom", path: [error.param], params: { error }, message: error.message });
    }
  };
}

/** The fields of each point (pick them out of a larger flag set before parsing: the schemas are strict). */
export const KNOWN_PROMPT_NAMES = ["d", "n", "T", "k", "zeta", "c", "r", "rho", "sigma", "noise", "theta", "lambda", "pool"] as const;

/**
 * What a known-prompt point is for: theory takes the λ = 0, n = d peak as its limit, a simulation
 * must refuse it (ridgeRule).
 */
export type KnownPromptUse = "theory" | "simulation";

const knownPromptSchema = (use: KnownPromptUse) => z.strictObject(shape(KNOWN_PROMPT_NAMES, KNOWN_PROMPT_DEFAULTS))
  .superRefine(refineWith(use === "simulation" ? [contextRule, ridgeRule, hardmaxRule, representableRule] : [contextRule, hardmaxRule, representableRule]))
  .transform((v): KnownPromptPoint => {
    const { d, n, T, c, r, rho, sigma, noise, theta, lambda, pool } = v as Omit<KnownPromptPoint, "k"> & { k?: number; zeta?: number };
    return { d, n, T, k: resolveK(v as never), c, r, rho, sigma, noise, theta, lambda, pool };
  });

export const KnownPromptSchema = knownPromptSchema("simulation");
const KnownPromptTheorySchema = knownPromptSchema("theory");

export const GD_STEPS_NAMES = ["d", "n", "T", "k", "zeta", "c", "r", "sigma", "eta", "beta"] as const;

export const GdStepsSchema = z.strictObject(shape(GD_STEPS_NAMES, GD_STEPS_DEFAULTS, GD_SPECS))
  .superRefine(refineWith([contextRule]))
  .transform((v): GdStepsPoint => {
    const { d, n, T, c, r, sigma, eta, beta } = v as Omit<GdStepsPoint, "k">;
    return { d, n, T, k: resolveK(v as never), c, r, sigma, eta, beta };
  });

/** The first issue of a failed parse as one line naming the parameter. */
function firstError(issue: z.core.$ZodIssue, input: unknown, specs: Partial<Record<FieldName, FieldSpec>>): ParamError {
  const name = String(issue.path[0] ?? "point");
  if (issue.code === "unrecognized_keys") return new ParamError(issue.keys[0]!, (n) => `${n(issue.keys[0]!)} is not a parameter of this point`);
  const rule = (issue as { params?: { error?: unknown } }).params?.error;
  if (rule instanceof ParamError) return rule;
  const spec = specs[name as FieldName] ?? FIELDS[name as FieldName];
  const raw = (input as Record<string, unknown> | null)?.[name];
  return spec ? rangeError(name, spec, raw) : new ParamError(name, (n) => `${n(name)} ${issue.message}`);
}

export type Checked<P> = { ok: true; point: P } | { ok: false; error: ParamError };

function check<P>(schema: z.ZodType<P>, input: unknown, specs: Partial<Record<FieldName, FieldSpec>>): Checked<P> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, error: new ParamError("point", () => "a parameter point must be an object of named parameters") };
  const r = schema.safeParse(input);
  return r.success ? { ok: true, point: r.data } : { ok: false, error: firstError(r.error.issues[0]!, input, specs) };
}

/** Check a known-prompt point (numbers or their text; missing fields take the defaults), for a simulation unless told otherwise. */
export const checkKnownPrompt = (input: unknown, use: KnownPromptUse = "simulation"): Checked<KnownPromptPoint> =>
  check(use === "simulation" ? KnownPromptSchema : KnownPromptTheorySchema, input, {});
export const checkGdSteps = (input: unknown): Checked<GdStepsPoint> => check(GdStepsSchema, input, GD_SPECS);

function orThrow<P>(c: Checked<P>): P {
  if (!c.ok) throw c.error;
  return c.point;
}

/** Parse or throw ParamError (one line). */
export const parseKnownPrompt = (input: unknown, use: KnownPromptUse = "simulation"): KnownPromptPoint => orThrow(checkKnownPrompt(input, use));
export const parseGdSteps = (input: unknown): GdStepsPoint => orThrow(checkGdSteps(input));
