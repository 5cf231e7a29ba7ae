/**
 * The docs/theory.md flags shared by commands on law G: declarations with their ranges, and the
 * cross-flag checks (k ≤ T, k xor ζ) that a single flag's parser cannot do.
 */
import { Command, Option } from "commander";
import { UsageError, intIn, numberIn, oneOf } from "./usage.ts";
import { kFromZeta, type LawGParams, type Noise } from "../data/lawG.ts";
import { POOLS, type Pool } from "../models/promptAttention.ts";

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

/** Declare --d --n --T --k --zeta --c --r --rho --sigma --noise with defaults. */
export function addLawOptions(cmd: Command, defaults: { d?: number; n?: number; T?: number } = {}): Command {
  return cmd
    .addOption(new Option("--d <int>", "token dimension d").argParser(intIn("--d", 2, 100000)).default(defaults.d ?? 200))
    .addOption(new Option("--n <int>", "training samples n").argParser(intIn("--n", 1, 10000000)).default(defaults.n ?? 400))
    .addOption(new Option("--T <int>", "tokens per input T").argParser(intIn("--T", 1, 100000)).default(defaults.T ?? 16))
    .addOption(new Option("--k <int>", "relevant tokens k (default 2; exclusive with --zeta)").argParser(intIn("--k", 1, 100000)))
    .addOption(new Option("--zeta <x>", "context sparsity ζ = k/T (k = round(ζT))").argParser(numberIn("--zeta", 0, 1, { openLo: true })))
    .addOption(new Option("--c <x>", "context norm c = ‖q⋆‖").argParser(numberIn("--c", 0, 1e6, { openLo: true })).default(1))
    .addOption(new Option("--r <x>", "label-signal norm r = ‖w⋆‖").argParser(numberIn("--r", 0, 1e6)).default(1.5))
    .addOption(new Option("--rho <x>", "context level ρ of irrelevant tokens").argParser(numberIn("--rho", 0, 1, { openHi: true })).default(0))
    .addOption(new Option("--sigma <x>", "noise level σ").argParser(numberIn("--sigma", 0, 1e6, { openLo: true })).default(1))
    .addOption(new Option("--noise <kind>", "token noise: context-clean (none along u; K1–K4) | isotropic (K5, G)").argParser(oneOf("--noise", ["isotropic", "context-clean"] as const)).default("context-clean"));
}

/**
 * For commands whose theory covers isotropic noise only (K5's optimum, G1–G3): --noise defaults
 * to isotropic and its help says so; any other value is refused by the command.
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

/** Declare --theta --lambda --pool. */
export function addPromptOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--theta <x>", "prompt norm θ (q = θu); 'inf' is hardmax").argParser(numberIn("--theta", 0, 1e4, { allowInf: true })).default(2))
    .addOption(new Option("--lambda <x>", "ridge penalty λ (0: least squares / min-norm)").argParser(numberIn("--lambda", 0, 1e12)).default(0))
    .addOption(new Option("--pool <kind>", "attention weights: softmax (SPA) | linear (LPA) | uniform (UNI)").argParser(oneOf("--pool", POOLS)).default("softmax"));
}

/** Declare --trials --seed. */
export function addMonteCarloOptions(cmd: Command, trials = 40): Command {
  return cmd
    .addOption(new Option("--trials <int>", "Monte Carlo trials").argParser(intIn("--trials", 2, 1000000)).default(trials))
    .addOption(new Option("--seed <int>", "seed of the run").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1));
}

/** Resolve k (from --k or --zeta) and check it against T. */
export function lawParams(f: LawFlags): LawGParams & { n: number } {
  if (f.k !== undefined && f.zeta !== undefined) throw new UsageError("--k and --zeta are exclusive: give one of them");
  const k = f.zeta !== undefined ? kFromZeta(f.T, f.zeta) : f.k ?? Math.min(2, f.T);
  if (k > f.T) throw new UsageError(`--k must be an integer in [1, T=${f.T}], got ${k}`);
  return { d: f.d, n: f.n, T: f.T, k, c: f.c, r: f.r, rho: f.rho, sigma: f.sigma, noise: f.noise };
}

export interface PromptFlags {
  theta: number;
  lambda: number;
  pool: Pool;
}

/** The Monte Carlo's ridge system is singular at λ = 0, n = d (the theory takes the limit there). */
export function checkRidgeShape(n: number, d: number, lambda: number): void {
  if (lambda === 0 && n === d) throw new UsageError(`--lambda must be > 0 when --n equals --d (${n}): the least-squares system is singular there`);
}
