/** `theory gd-steps` and `simulate gd-steps`: G1–G3 predictions and the Monte Carlo of the three-step algorithm. */
import { Command, Option } from "commander";
import { addLawOptions, addMonteCarloOptions, isotropicOnly, lawParams, type LawFlags } from "../lawOptions.ts";
import { UsageError, numberIn } from "../usage.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { agreement, verdictLine } from "../verdict.ts";
import { G1_ALLOWANCE } from "../../../theorems/G1.ts";
import { G2_ALLOWANCE } from "../../../theorems/G2.ts";
import { G3_ATTENTION_ALLOWANCE, G3_ERROR_ALLOWANCE } from "../../../theorems/G3.ts";
import { cosW1Limit, predictedAttentionMass, predictedCosQ1, predictedCosW1, predictedTestError, type GdParams } from "../../theory/gdSteps.ts";
import { simulateGdSteps } from "../../sim/gdSteps.ts";

type Flags = LawFlags & FormatFlags & { eta: number; beta: number; trials: number; seed: number; debias?: boolean };

/** Law G as docs/theory.md §5 needs it: isotropic noise, ρ = 0. */
function params(f: Flags): GdParams {
  if (f.noise !== "isotropic") throw new UsageError(`--noise must be isotropic for gd-steps (docs/theory.md §5), got '${f.noise}'`);
  if (f.rho !== 0) throw new UsageError(`--rho must be 0 for gd-steps (docs/theory.md §5), got '${f.rho}'`);
  const law = lawParams(f);
  if (law.d < 4) throw new UsageError(`--d must be an integer in [4, 100000] for gd-steps, got '${law.d}'`);
  // T = 1 has no prompt step (C_i = 0, so q1 = 0); the test-error prediction costs O(T) per draw
  if (law.T < 2 || law.T > 1024) throw new UsageError(`--T must be an integer in [2, 1024] for gd-steps, got '${law.T}'`);
  if (law.sigma < 1e-100) throw new UsageError(`--sigma must be a number in [1e-100, 1000000] for gd-steps (q1's moments carry σ⁴), got '${law.sigma}'`);
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

/** The step sizes, and --noise isotropic (the only law the G1–G3 theory covers). */
function addStepOptions(cmd: Command): Command {
  isotropicOnly(cmd, "the law of docs/theory.md §5");
  return cmd
    .addOption(new Option("--eta <x>", "step size η of the head steps").argParser(numberIn("--eta", 0, 1e6, { openLo: true })).default(1))
    .addOption(new Option("--beta <x>", "step size β of the prompt step").argParser(numberIn("--beta", 0, 1e6, { openLo: true })).default(100));
}

/** Each quantity's allowance, from the claim that checks it (G1: cos(w1), G2: cos(q1), G3: the rest). */
const ALLOWANCES = { cosW1: G1_ALLOWANCE, cosQ1: G2_ALLOWANCE, attentionMass: G3_ATTENTION_ALLOWANCE, testError: G3_ERROR_ALLOWANCE } as const;

export function registerGdSteps(theoryCmd: Command, simulateCmd: Command): void {
  const t = theoryCmd.command("gd-steps").description("G1–G3: cos(w1, w⋆), cos(q1, q⋆), attention mass on R and test error after the three steps");
  addFormatOptions(addStepOptions(addLawOptions(t, { d: 100, n: 400 }))).action((f: Flags) => {
    const p = params(f);
    emit({ title: "gd-steps theory (G1–G3)", params: p, values: { claim: "G1–G3", ...gdTheory(p) } }, f);
  });

  const s = simulateCmd.command("gd-steps").description("Monte Carlo of the three-step algorithm on sampled tokens, beside G1–G3");
  addFormatOptions(addStepOptions(addMonteCarloOptions(addLawOptions(s, { d: 100, n: 400 }))))
    .option("--debias", "also run the debiased steps (centered labels, head off the prompt direction)")
    .action((f: Flags) => {
      const p = params(f);
      const th = gdTheory(p);
      const bar = progress("simulate gd-steps", f.trials, !machineReadable(f));
      const { raw: _raw, params: _p, ...sim } = simulateGdSteps({ ...p, debias: f.debias ?? false }, f.trials, f.seed, (done) => bar.tick(done));
      bar.stop();
      const rows = (Object.keys(ALLOWANCES) as (keyof typeof ALLOWANCES)[]).map((q) =>
        agreement(q, sim[q], th[q], ALLOWANCES[q], q === "testError" ? th.testErrorQuadratureStderr : 0));
      const z = Object.fromEntries(rows.map((r) => [r.quantity, r.z]));
      const verdict = verdictLine(rows, `the G1–G3 allowances (${Object.values(ALLOWANCES).join(", ")})`);
      const fmtEst = (e: { mean: number; stderr: number }) => `${e.mean.toFixed(5)} ± ${e.stderr.toFixed(5)}`;
      emit({
        title: "gd-steps simulation (G1–G3), mean ± stderr [theory]",
        params: { ...p, debias: f.debias ?? false, trials: f.trials, seed: f.seed },
        values: { ...sim, theory: th, z, agreement: rows },
        lines: [
          ...rows.map((r) => `  ${r.quantity.padEnd(14)} ${fmtEst(sim[r.quantity as keyof typeof ALLOWANCES])}  [${r.theory.toFixed(5)}]  z ${r.z.toFixed(2)}`),
          ...(sim.debiased ? [`  ${"debiasedError".padEnd(14)} ${fmtEst(sim.debiased.testError)}`] : []),
          `  ${"trials".padEnd(14)} ${sim.trials}, seed ${sim.seed}`,
        ],
        rows: rows.map((r) => ({ ...p, seed: f.seed, ...r })),
        json: { ...sim, params: { ...p, debias: f.debias ?? false }, theory: th, z, agreement: rows, verdict },
        verdict,
      }, f);
    });
}
