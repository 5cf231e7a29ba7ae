/** `theory gd-steps` and `simulate gd-steps`: G1–G3 predictions and the Monte Carlo of the three-step algorithm. */
import { Command, Option } from "commander";
import { addLawOptions, addMonteCarloOptions, lawParams, type LawFlags } from "../lawOptions.ts";
import { UsageError, numberIn } from "../usage.ts";
import { printJson, progress } from "../output.ts";
import { cosW1Limit, predictedAttentionMass, predictedCosQ1, predictedCosW1, predictedTestError, type GdParams } from "../../theory/gdSteps.ts";
import { simulateGdSteps } from "../../sim/gdSteps.ts";
import { zScore } from "../../sim/stats.ts";

type Flags = LawFlags & { eta: number; beta: number; json?: boolean; trials: number; seed: number; debias?: boolean };

/** Law G as THEORY.md §5 needs it: isotropic noise, ρ = 0. */
function params(f: Flags): GdParams {
  if (f.noise !== "isotropic") throw new UsageError(`--noise must be isotropic for gd-steps (THEORY.md §5), got '${f.noise}'`);
  if (f.rho !== 0) throw new UsageError(`--rho must be 0 for gd-steps (THEORY.md §5), got '${f.rho}'`);
  const law = lawParams(f);
  if (law.d < 4) throw new UsageError(`--d must be an integer in [4, 100000] for gd-steps, got '${law.d}'`);
  return { d: law.d, n: law.n, T: law.T, k: law.k, c: law.c, r: law.r, sigma: law.sigma, eta: f.eta, beta: f.beta };
}

export function gdTheory(p: GdParams) {
  const err = predictedTestError(p);
  return {
    cosW1: predictedCosW1(p),
    cosW1Limit: cosW1Limit(p),
    cosQ1: predictedCosQ1(p),
    attentionMass: predictedAttentionMass(p),
    testError: err.error,
    testErrorQuadratureStderr: err.stderr,
  };
}

/** The step sizes, --json, and --noise defaulting to isotropic (the only law G3's theory covers). */
function addStepOptions(cmd: Command): Command {
  const noise = cmd.options.find((o) => o.long === "--noise");
  if (noise) {
    noise.default("isotropic");
    cmd.setOptionValueWithSource("noise", "isotropic", "default");
  }
  return cmd
    .addOption(new Option("--eta <x>", "step size η of the head steps").argParser(numberIn("--eta", 0, 1e6, { openLo: true })).default(1))
    .addOption(new Option("--beta <x>", "step size β of the prompt step").argParser(numberIn("--beta", 0, 1e6, { openLo: true })).default(100))
    .option("--json", "print one JSON document on stdout");
}

function describe(label: string, values: Record<string, unknown>): string {
  return `${label}\n` + Object.entries(values).map(([k, v]) => `  ${k.padEnd(14)} ${typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(6) : String(v)}`).join("\n");
}

export function registerGdSteps(theoryCmd: Command, simulateCmd: Command): void {
  const t = theoryCmd.command("gd-steps").description("G1–G3: cos(w1, w⋆), cos(q1, q⋆), attention mass on R and test error after the three steps");
  addStepOptions(addLawOptions(t, { d: 100, n: 400 })).action((f: Flags) => {
    const p = params(f);
    const th = gdTheory(p);
    if (f.json) printJson({ claim: "G1–G3", params: p, ...th });
    else console.log(describe("gd-steps theory (G1–G3)", th));
  });

  const s = simulateCmd.command("gd-steps").description("Monte Carlo of the three-step algorithm on sampled tokens, beside G1–G3");
  addStepOptions(addMonteCarloOptions(addLawOptions(s, { d: 100, n: 400 })))
    .option("--debias", "also run the debiased steps (centered labels, head off the prompt direction)")
    .action((f: Flags) => {
      const p = params(f);
      const th = gdTheory(p);
      const bar = progress("simulate", f.trials, !f.json);
      const { raw: _raw, ...sim } = simulateGdSteps({ ...p, debias: f.debias ?? false }, f.trials, f.seed, (done) => bar.tick(done));
      bar.stop();
      const z = { cosW1: zScore(sim.cosW1, th.cosW1), cosQ1: zScore(sim.cosQ1, th.cosQ1), attentionMass: zScore(sim.attentionMass, th.attentionMass), testError: zScore(sim.testError, th.testError) };
      if (f.json) printJson({ ...sim, theory: th, z });
      else {
        const fmt = (e: { mean: number; stderr: number }) => `${e.mean.toFixed(5)} ± ${e.stderr.toFixed(5)}`;
        console.log(describe("gd-steps simulation (G1–G3), mean ± stderr [theory]", {
          cosW1: `${fmt(sim.cosW1)}  [${th.cosW1.toFixed(5)}]`,
          cosQ1: `${fmt(sim.cosQ1)}  [${th.cosQ1.toFixed(5)}]`,
          attentionMass: `${fmt(sim.attentionMass)}  [${th.attentionMass.toFixed(5)}]`,
          testError: `${fmt(sim.testError)}  [${th.testError.toFixed(5)}]`,
          ...(sim.debiased ? { debiasedError: fmt(sim.debiased.testError) } : {}),
          trials: sim.trials,
          seed: sim.seed,
        }));
      }
    });
}
