/** `theory gd-steps` and `simulate gd-steps`: G1–G3 predictions and the Monte Carlo of the three-step algorithm. */
import { Command } from "commander";
import { addFieldOptions, addMonteCarloOptions, pointFromFlags } from "../lawOptions.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { agreement, verdictLine } from "../verdict.ts";
import { G1_ALLOWANCE } from "../../../theorems/G1.ts";
import { G2_ALLOWANCE } from "../../../theorems/G2.ts";
import { G3_ATTENTION_ALLOWANCE, G3_ERROR_ALLOWANCE } from "../../../theorems/G3.ts";
import { cosW1Limit, predictedAttentionMass, predictedCosQ1, predictedCosW1, predictedTestError, type GdParams } from "../../theory/gdSteps.ts";
import { simulateGdSteps } from "../../sim/gdSteps.ts";
import { GD_FIXED_LAW, GD_SPECS, GD_STEPS_DEFAULTS, GD_STEPS_NAMES, checkGdSteps } from "../../params/point.ts";

type Flags = FormatFlags & { trials: number; seed: number; debias?: boolean };

/**
 * The gd-steps point: law G with its ranges narrowed by GD_SPECS (d ≥ 4, 2 ≤ T ≤ 1024,
 * σ ≥ 1e-100); --rho and --noise are law G's flags held at §5's values (0, isotropic).
 */
const params = (f: Flags): GdParams => pointFromFlags(checkGdSteps, GD_STEPS_NAMES, f);
const addGdOptions = (cmd: Command) => addFieldOptions(cmd, [...GD_STEPS_NAMES, "rho", "noise"], { ...GD_STEPS_DEFAULTS, ...GD_FIXED_LAW }, GD_SPECS);

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

/** Each quantity's allowance, from the claim that checks it (G1: cos(w1), G2: cos(q1), G3: the rest). */
const ALLOWANCES = { cosW1: G1_ALLOWANCE, cosQ1: G2_ALLOWANCE, attentionMass: G3_ATTENTION_ALLOWANCE, testError: G3_ERROR_ALLOWANCE } as const;

export function registerGdSteps(theoryCmd: Command, simulateCmd: Command): void {
  const t = theoryCmd.command("gd-steps").description("G1–G3: cos(w1, w⋆), cos(q1, q⋆), attention mass on R and test error after the three steps");
  addFormatOptions(addGdOptions(t)).action((f: Flags) => {
    const p = params(f);
    emit({ title: "gd-steps theory (G1–G3)", params: p, values: { claim: "G1–G3", ...gdTheory(p) } }, f);
  });

  const s = simulateCmd.command("gd-steps").description("Monte Carlo of the three-step algorithm on sampled tokens, beside G1–G3");
  addFormatOptions(addMonteCarloOptions(addGdOptions(s)))
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
