/**
 * `expressivity --law G|B|GT|EC --model spa|lpa|ssa|uni [--readout mean|first|last] [--seed]`:
 * train one model on one law by gradient descent (E4's recipe) and report its accuracy on a
 * fresh test set with a 95% Clopper–Pearson interval.
 */
import { Command, Option } from "commander";
import { UsageError, flagParser, intIn } from "../usage.ts";
import { EXPRESSIVITY_FIELDS } from "../../params/expressivity.ts";
import { rangeText } from "../../params/fields.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { LAW_NAMES, DEFAULT_RECIPE, runExpressivity, type LawName } from "../../sim/expressivity.ts";
import { MODEL_KINDS, type ModelKind, type Readout } from "../../train/gd.ts";

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

/** The flag of one E4 parameter, its range, help and message from src/params/expressivity.ts. */
function option(flags: string, name: keyof typeof EXPRESSIVITY_FIELDS): Option {
  const spec = EXPRESSIVITY_FIELDS[name];
  return new Option(flags, `${spec.doc}: ${rangeText(spec)}`).argParser(flagParser(flags.split(" ")[0]!, spec));
}

export function registerExpressivity(program: Command): void {
  const cmd = program
    .command("expressivity")
    .description("E4: train SPA, LPA, SSA or UNI on law G, B, GT or EC; test accuracy with a 95% Clopper–Pearson interval")
    .addOption(option("--law <name>", "law"))
    .addOption(option("--model <kind>", "model"))
    .addOption(option("--readout <kind>", "readout"))
    .addOption(new Option("--seed <int>", "seed of the run (law directions, data, initialization)").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1))
    .addOption(option("--n <int>", "n").default(DEFAULT_RECIPE.n))
    .addOption(option("--n-test <int>", "nTest").default(DEFAULT_RECIPE.nTest))
    .addOption(option("--steps <int>", "steps").default(DEFAULT_RECIPE.steps))
    .addOption(option("--sigma <x>", "sigma"));
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
