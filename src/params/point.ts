/**
 * Parameter points: a known-prompt point (law G + prompt + ridge head, K1–K5) and a gd-steps point
 * (law G for the three gradient steps, G1–G4). Each is one zod schema holding the ranges (from
 * fields.ts), the defaults and the rules between parameters; the parsed point is what theory,
 * simulation and sweeps take, with θ = ∞ as the number Infinity and k resolved from ζ.
 */
import { z } from "zod";
import { FIELDS, ParamError, fieldSchema, rangeText, type FieldName, type FieldSpec } from "./fields.ts";
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
const GD_SPECS: Partial<Record<FieldName, FieldSpec>> = { d: { ...FIELDS.d, lo: 4 }, T: { ...FIELDS.T, lo: 2, hi: 1024 }, sigma: { ...FIELDS.sigma, lo: 1e-100, openLo: false } };

/** Marks an issue raised by a rule between parameters: its message is already the whole line. */
const CROSS = { crossField: true };

type Ctx = z.core.$RefinementCtx<Record<string, unknown>>;

function shape(names: readonly FieldName[], defaults: Record<string, unknown>, specs: Partial<Record<FieldName, FieldSpec>> = {}) {
  return Object.fromEntries(names.map((name) => {
    const s: z.ZodType = fieldSchema(specs[name] ?? FIELDS[name]);
    return [name, name in defaults ? s.default(defaults[name] as never) : s.optional()];
  }));
}

/** k ≤ T and k xor ζ, shared by both points. */
function checkContext(v: Record<string, unknown>, ctx: Ctx): void {
  if (v.k !== undefined && v.zeta !== undefined) ctx.addIssue({ code: "custom", path: ["zeta"], params: CROSS, message: "k and zeta are exclusive: give one of them" });
  else if (typeof v.k === "number" && typeof v.T === "number" && v.k > v.T) ctx.addIssue({ code: "custom", path: ["k"], params: CROSS, message: `k must be an integer in [1, T=${v.T}], got '${v.k}'` });
}

function resolveK(v: { T: number; k?: number; zeta?: number }): number {
  return v.zeta !== undefined ? kFromZeta(v.T, v.zeta) : v.k ?? Math.min(DEFAULT_K, v.T);
}

/** The fields of each point (pick them out of a larger flag set before parsing: the schemas are strict). */
export const KNOWN_PROMPT_NAMES = ["d", "n", "T", "k", "zeta", "c", "r", "rho", "sigma", "noise", "theta", "lambda", "pool"] as const;

export const KnownPromptSchema = z.strictObject(shape(KNOWN_PROMPT_NAMES, KNOWN_PROMPT_DEFAULTS))
  .superRefine((v, ctx) => {
    checkContext(v, ctx);
    // at λ = 0, n = d (γ = 1) the least-squares system is singular: K2's error is its limit 1/2 there
    if (v.lambda === 0 && v.n === v.d) ctx.addIssue({ code: "custom", path: ["lambda"], params: CROSS, message: `lambda must be > 0 when n equals d (${v.n}): the least-squares system is singular there (the γ = 1 interpolation peak)` });
    if (v.theta === Infinity && v.pool !== "softmax") ctx.addIssue({ code: "custom", path: ["theta"], params: CROSS, message: "theta 'inf' is only defined for pool softmax (hardmax)" });
  })
  .transform((v): KnownPromptPoint => {
    const { d, n, T, c, r, rho, sigma, noise, theta, lambda, pool } = v as Omit<KnownPromptPoint, "k"> & { k?: number; zeta?: number };
    return { d, n, T, k: resolveK(v as never), c, r, rho, sigma, noise, theta, lambda, pool };
  });

export const GD_STEPS_NAMES = ["d", "n", "T", "k", "zeta", "c", "r", "sigma", "eta", "beta"] as const;

export const GdStepsSchema = z.strictObject(shape(GD_STEPS_NAMES, GD_STEPS_DEFAULTS, GD_SPECS))
  .superRefine(checkContext)
  .transform((v): GdStepsPoint => {
    const { d, n, T, c, r, sigma, eta, beta } = v as Omit<GdStepsPoint, "k">;
    return { d, n, T, k: resolveK(v as never), c, r, sigma, eta, beta };
  });

/** The first issue of a failed parse as one line naming the parameter. */
function firstError(issue: z.core.$ZodIssue, input: unknown, specs: Partial<Record<FieldName, FieldSpec>>): ParamError {
  const name = String(issue.path[0] ?? "point");
  if (issue.code === "unrecognized_keys") return new ParamError(issue.keys[0]!, `${issue.keys[0]} is not a parameter of this point`);
  if ((issue as { params?: unknown }).params === CROSS) return new ParamError(name, issue.message);
  const spec = specs[name as FieldName] ?? FIELDS[name as FieldName];
  const raw = (input as Record<string, unknown> | null)?.[name];
  return new ParamError(name, spec ? `${name} must be ${rangeText(spec)}, got '${String(raw)}'` : `${name} ${issue.message}`);
}

export type Checked<P> = { ok: true; point: P } | { ok: false; error: ParamError };

function check<P>(schema: z.ZodType<P>, input: unknown, specs: Partial<Record<FieldName, FieldSpec>>): Checked<P> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, error: new ParamError("point", "a parameter point must be an object of named parameters") };
  const r = schema.safeParse(input);
  return r.success ? { ok: true, point: r.data } : { ok: false, error: firstError(r.error.issues[0]!, input, specs) };
}

/** Check a known-prompt point (numbers or their text; missing fields take the defaults). */
export const checkKnownPrompt = (input: unknown): Checked<KnownPromptPoint> => check(KnownPromptSchema, input, {});
export const checkGdSteps = (input: unknown): Checked<GdStepsPoint> => check(GdStepsSchema, input, GD_SPECS);

function orThrow<P>(c: Checked<P>): P {
  if (!c.ok) throw c.error;
  return c.point;
}

/** Parse or throw ParamError (one line). */
export const parseKnownPrompt = (input: unknown): KnownPromptPoint => orThrow(checkKnownPrompt(input));
export const parseGdSteps = (input: unknown): GdStepsPoint => orThrow(checkGdSteps(input));
