/**
 * Flags derived from the parameter schema (src/params): each parameter's flag takes its range,
 * help text and message from FIELDS (or a command's narrower spec, e.g. GD_SPECS), and a command
 * checks its point with the schema's own rules (k ≤ T, k xor ζ, λ > 0 at n = d, θ = ∞ only with
 * softmax, the representable SNR), so the command line, sweeps and the explorer accept the same
 * points with the same one-line messages, here naming the flags (--k) instead of the fields (k).
 */
import { Command, Option } from "commander";
import { UsageError, flagParser, intIn } from "./usage.ts";
import { FIELDS, ParamError, rangeText, type FieldName, type FieldSpec } from "../params/fields.ts";
import { KNOWN_PROMPT_DEFAULTS, contextRule, resolveK, ridgeRule, type Checked } from "../params/point.ts";
import type { LawGParams, Noise } from "../data/lawG.ts";
import type { Pool } from "../params/kinds.ts";

export interface LawFlags {
  d: number;
  n: number;
  T: number;
  k?: number;
  zeta?: number;
  c: number;
  r: number;
  rho: number;
  sigma: number;
  noise: Noise;
}

export interface PromptFlags {
  theta: number;
  lambda: number;
  pool: Pool;
}

/** A ParamError from the schema as the command line's error: exit 2, the line naming flags. */
function asFlagError(err: unknown, make: (message: string) => Error): never {
  if (err instanceof ParamError) throw make(err.flagMessage);
  throw err;
}

const PLACEHOLDER = { int: "<int>", number: "<x>", enum: "<kind>" } as const;

/** Declare --<name> for each parameter, parsed against its spec, with the default if one is given. */
export function addFieldOptions(cmd: Command, names: readonly FieldName[], defaults: Partial<Record<FieldName, unknown>>, specs: Partial<Record<FieldName, FieldSpec>> = {}): Command {
  for (const name of names) {
    const spec = specs[name] ?? FIELDS[name];
    const option = new Option(`--${name} ${PLACEHOLDER[spec.kind]}`, `${spec.doc}: ${rangeText(spec)}`).argParser(flagParser(`--${name}`, spec));
    cmd.addOption(defaults[name] === undefined ? option : option.default(defaults[name]));
  }
  return cmd;
}

/** Check a command's point with the schema (after its flags' ranges): a broken rule is a usage error. */
export function pointFromFlags<P>(check: (input: unknown) => Checked<P>, names: readonly string[], flags: object): P {
  const given = Object.fromEntries(names.flatMap((name) => {
    const v = (flags as Record<string, unknown>)[name];
    return v === undefined ? [] : [[name, v]];
  }));
  const c = check(given);
  if (!c.ok) asFlagError(c.error, (m) => new UsageError(m));
  return c.point;
}

const LAW_NAMES = ["d", "n", "T", "k", "zeta", "c", "r", "rho", "sigma", "noise"] as const satisfies readonly FieldName[];

/** Declare --d --n --T --k --zeta --c --r --rho --sigma --noise with the known-prompt defaults (d, n, T overridable). */
export function addLawOptions(cmd: Command, defaults: { d?: number; n?: number; T?: number } = {}): Command {
  return addFieldOptions(cmd, LAW_NAMES, { ...KNOWN_PROMPT_DEFAULTS, ...defaults });
}

/** Declare --theta --lambda --pool. */
export function addPromptOptions(cmd: Command): Command {
  return addFieldOptions(cmd, ["theta", "lambda", "pool"], KNOWN_PROMPT_DEFAULTS);
}

/**
 * For commands whose theory covers isotropic noise only (K5's optimum): --noise defaults to
 * isotropic and its help says so; any other value is refused by the command.
 */
export function isotropicOnly(cmd: Command, why: string): Command {
  const noise = cmd.options.find((o) => o.long === "--noise");
  if (noise) {
    noise.default("isotropic");
    noise.description = `token noise: isotropic only (${why})`;
    cmd.setOptionValueWithSource("noise", "isotropic", "default");
  }
  return cmd;
}

/** Declare --trials --seed. */
export function addMonteCarloOptions(cmd: Command, trials = 40): Command {
  return cmd
    .addOption(new Option("--trials <int>", "Monte Carlo trials").argParser(intIn("--trials", 2, 1000000)).default(trials))
    .addOption(new Option("--seed <int>", "seed of the run").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1));
}

/** Law G from its flags: k resolved (from --k or --zeta) and checked against T by the schema's rule. */
export function lawParams(f: LawFlags): LawGParams & { n: number } {
  const broken = contextRule(f as unknown as Record<string, unknown>);
  if (broken) asFlagError(broken, (m) => new UsageError(m));
  return { d: f.d, n: f.n, T: f.T, k: resolveK(f), c: f.c, r: f.r, rho: f.rho, sigma: f.sigma, noise: f.noise };
}

/** The schema's ridge rule: a Monte Carlo's least-squares system is singular at λ = 0, n = d. */
export function checkRidgeShape(n: number, d: number, lambda: number): void {
  const broken = ridgeRule({ n, d, lambda });
  if (broken) asFlagError(broken, (m) => new UsageError(m));
}
