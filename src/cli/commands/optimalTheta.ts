/**
 * `optimal-theta`: the prompt norm θ that minimizes K5's error under isotropic noise (a scan and
 * Brent search on the theory), beside θ = 0 (mean pooling) and θ = ∞ (hardmax).
 */
import { Command, Option } from "commander";
import { addLawOptions, checkRidgeShape, isotropicOnly, lawParams, type LawFlags } from "../lawOptions.ts";
import { UsageError, intIn, numberIn } from "../usage.ts";
import { addFormatOptions, emit, type FormatFlags } from "../output.ts";
import { contextRule, DEFAULT_DRAWS } from "../../theory/k5.ts";
import { optimalTheta } from "../../theory/k5Optimal.ts";
import { STREAM_VERSION } from "../../random/rng.ts";

type Flags = LawFlags & FormatFlags & { lambda: number; draws: number; seed: number };

export function registerOptimalTheta(program: Command): void {
  const cmd = program.command("optimal-theta").description("K5: the error-minimizing prompt norm θ under isotropic noise, against θ = 0 (mean pooling) and θ = ∞ (hardmax)");
  addFormatOptions(isotropicOnly(addLawOptions(cmd), "with context-clean noise the error only falls as θ grows"))
    .addOption(new Option("--lambda <x>", "ridge penalty λ (0: least squares / min-norm)").argParser(numberIn("--lambda", 0, 1e12)).default(0))
    .addOption(new Option("--draws <int>", "points of K5's integration over the context noise (randomized lattice for T ≤ 64, Monte Carlo beyond)").argParser(intIn("--draws", 10000, 10000000)).default(DEFAULT_DRAWS))
    .addOption(new Option("--seed <int>", "seed of the lattice shifts (or draws)").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1))
    .action((f: Flags) => {
      if (f.noise !== "isotropic") throw new UsageError("--noise must be isotropic for optimal-theta (with context-clean noise the error only falls as θ grows: the optimum is θ = ∞)");
      const law = lawParams(f);
      checkRidgeShape(law.n, law.d, f.lambda);
      const rule = contextRule(law.T, { draws: f.draws, seed: f.seed });
      const opt = optimalTheta({ ...law, lambda: f.lambda, pool: "softmax" }, { rule });
      const params = { ...law, lambda: f.lambda, pool: "softmax", draws: f.draws, seed: f.seed };
      const values = {
        claim: "K5",
        optimal: { theta: opt.theta, error: opt.error, stderr: opt.stderr },
        meanPooling: { theta: 0, error: opt.errorMean },
        hardmax: { theta: Infinity, error: opt.errorHardmax },
        gainOverMean: opt.errorMean - opt.error,
        gainOverHardmax: opt.errorHardmax - opt.error,
        interior: opt.interior,
        search: { converged: opt.converged, iterations: opt.iterations, evaluations: opt.evaluations, bracket: opt.bracket, fixedPointsConverged: opt.fixedPointsConverged },
        integration: { method: rule.kind, points: rule.points, ...(rule.kind === "gauss-hermite" ? {} : { seed: f.seed }), streamVersion: STREAM_VERSION },
      };
      emit({
        title: "optimal prompt norm (K5, isotropic noise)",
        params,
        values,
        lines: [
          `  θ*           ${opt.theta.toPrecision(6)}   error ${opt.error.toFixed(5)} ± ${opt.stderr.toFixed(5)}`,
          `  θ = 0        error ${opt.errorMean.toFixed(5)}   (mean pooling; θ* gains ${(opt.errorMean - opt.error).toFixed(5)})`,
          `  θ = ∞        error ${opt.errorHardmax.toFixed(5)}   (hardmax; θ* gains ${(opt.errorHardmax - opt.error).toFixed(5)})`,
          `  search       ${opt.converged ? "converged" : "NOT converged"} after ${opt.iterations} Brent steps, ${opt.evaluations} evaluations`,
        ],
      }, f);
    });
}
