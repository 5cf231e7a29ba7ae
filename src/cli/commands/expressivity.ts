/**
 * `expressivity --law G|B|GT|EC --model spa|lpa|ssa|uni [--readout mean|first|last] [--seed]`:
 * train one model on one law by gradient descent (E4's recipe) and report its accuracy on a
 * fresh test set with a 95% Clopper–Pearson interval.
 */
import { Command, Option } from "commander";
import { UsageError, intIn, numberIn, oneOf } from "../usage.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { LAW_NAMES, DEFAULT_RECIPE, runExpressivity, type LawName } from "../../sim/expressivity.ts";
import { MODEL_KINDS, type ModelKind, type Readout } from "../../train/gd.ts";
import { READOUTS } from "../../models/ssa.ts";

interface Flags extends FormatFlags {
  law?: LawName;
  model?: ModelKind;
  readout?: Readout;
  seed: number;
  n: number;
  nTest: number;
  steps: number;
  sigma?: number;
}

export function registerExpressivity(program: Command): void {
  const cmd = program
    .command("expressivity")
    .description("E4: train SPA, LPA, SSA or UNI on law G, B, GT or EC; test accuracy with a 95% Clopper–Pearson interval")
    .addOption(new Option("--law <name>", `contextual mixture law (${LAW_NAMES.join("|")})`).argParser(oneOf("--law", LAW_NAMES)))
    .addOption(new Option("--model <kind>", `model (${MODEL_KINDS.join("|")})`).argParser(oneOf("--model", MODEL_KINDS)))
    .addOption(new Option("--readout <kind>", `SSA readout (${READOUTS.join("|")}; default mean)`).argParser(oneOf("--readout", READOUTS)))
    .addOption(new Option("--seed <int>", "seed of the run (law directions, data, initialization)").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1))
    .addOption(new Option("--n <int>", "training inputs").argParser(intIn("--n", 10, 100000)).default(DEFAULT_RECIPE.n))
    .addOption(new Option("--n-test <int>", "fresh test inputs").argParser(intIn("--n-test", 10, 1000000)).default(DEFAULT_RECIPE.nTest))
    .addOption(new Option("--steps <int>", "gradient steps").argParser(intIn("--steps", 0, 100000)).default(DEFAULT_RECIPE.steps))
    .addOption(new Option("--sigma <x>", "token noise σ (laws G, GT, EC; default per law)").argParser(numberIn("--sigma", 0, 100)));
  addFormatOptions(cmd).action((f: Flags) => {
      if (!f.law) throw new UsageError(`--law is required: one of ${LAW_NAMES.join("|")}`);
      if (!f.model) throw new UsageError(`--model is required: one of ${MODEL_KINDS.join("|")}`);
      if (f.readout && f.model !== "ssa") throw new UsageError(`--readout applies only to --model ssa, got --model ${f.model}`);
      if (f.sigma !== undefined && f.law === "B") throw new UsageError("--sigma is not defined for --law B (its tokens are noise-free)");
      const bar = progress(`train ${f.model} on law ${f.law}`, f.steps, !machineReadable(f));
      const run = runExpressivity({ law: f.law, model: f.model, readout: f.readout, seed: f.seed, sigma: f.sigma, recipe: { n: f.n, nTest: f.nTest, steps: f.steps }, onStep: (step) => bar.tick(step + 1) });
      bar.stop();
      const learned = { q: Array.from(run.params.q), W: Array.from(run.params.W), w: Array.from(run.params.w) };
      const params = { law: run.law, model: run.model, readout: run.readout ?? "none", seed: run.seed, lawParams: run.lawParams, recipe: run.recipe };
      const a = run.accuracy;
      const t = run.training;
      emit({
        title: `expressivity (E4): ${run.readout ? `${run.model} (${run.readout} readout)` : run.model} on law ${run.law}`,
        params,
        values: { training: t, accuracy: a, learned },
        lines: [
          `  test accuracy  ${a.mean.toFixed(4)}  95% CI [${a.low.toFixed(4)}, ${a.high.toFixed(4)}]  (${a.successes}/${a.trials})`,
          `  train accuracy ${t.trainAccuracy.toFixed(4)}  final loss ${t.finalLoss.toPrecision(4)}  steps ${t.stepsTaken}${t.converged ? " (converged)" : ""}${t.diverged ? " (diverged)" : ""}`,
        ],
        rows: [{ ...params, training: t, accuracy: a }],
        json: { claim: "E4", law: run.law, model: run.model, readout: run.readout, seed: run.seed, lawParams: run.lawParams, recipe: run.recipe, training: t, accuracy: a, params: learned },
      }, f);
    });
}
