/**
 * `mnist`: the contextual-MNIST experiment (R1). Trains SPA, LPA, UNI, SSA and the oracle on
 * canvases of real digits over several seeds and prints each model's test accuracy (mean over
 * seeds, with its standard error) and SPA's attention mass on the relevant cells. The defaults
 * are the report's setting, so a report number reproduces without flags.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { UsageError, intIn, oneOf } from "../usage.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { DISTRACTOR_KINDS, type DistractorKind } from "../../data/mnist.ts";
import { POOLED_PIXELS } from "../../data/embedding.ts";
import { runMnistExperiment } from "../../sim/mnist.ts";
import { REPORT_MNIST as DEFAULTS, REPORT_MNIST_SEEDS, MNIST_MODELS, type MnistModel, type MnistParams } from "../../sim/mnistParams.ts";
import { mnistContext } from "../../sim/mnistData.ts";

interface Flags extends FormatFlags {
  T: number;
  k: number;
  d: number;
  n: number;
  distractor: DistractorKind;
  classes: [number, number];
  nValidation: number;
  nTest: number;
  models: MnistModel[];
  steps?: number;
  seeds: number;
  seed: number;
}

function parseClasses(raw: string): [number, number] {
  const parts = raw.split(",").map((s) => s.trim());
  const nums = parts.map(Number);
  if (parts.length !== 2 || !parts.every((c) => /^\d$/.test(c)) || nums[0] === nums[1]) {
    throw new InvalidArgumentError(`--classes must be two different digits in [0, 9] as 'a,b', got '${raw}'`);
  }
  return [nums[0]!, nums[1]!];
}

function parseModels(raw: string): MnistModel[] {
  const list = raw.split(",").map((s) => s.trim());
  if (list.length === 0 || list.some((m) => !(MNIST_MODELS as readonly string[]).includes(m)) || new Set(list).size !== list.length) {
    throw new InvalidArgumentError(`--models must be a comma-separated subset of ${MNIST_MODELS.join(",")}, got '${raw}'`);
  }
  return list as MnistModel[];
}

function params(f: Flags): MnistParams {
  if (f.k > f.T) throw new UsageError(`--k must be an integer in [1, T=${f.T}], got ${f.k}`);
  const optimizers = { ...DEFAULTS.optimizers };
  if (f.steps !== undefined) for (const m of MNIST_MODELS) optimizers[m] = { ...optimizers[m], steps: f.steps };
  return { ...DEFAULTS, T: f.T, k: f.k, d: f.d, n: f.n, distractor: f.distractor, classes: f.classes, nValidation: f.nValidation, nTest: f.nTest, models: f.models, optimizers };
}

const pm = (e: { mean: number; stderr?: number }) => `${e.mean.toFixed(3)}${e.stderr === undefined ? " (one seed: no stderr)" : ` ± ${e.stderr.toFixed(3)}`}`;

/** An estimate over seeds; its stderr is undefined for a single seed, and then left out. */
const overSeeds = (e: { mean: number; stderr: number; trials: number }) => (e.trials > 1 ? e : { mean: e.mean, trials: e.trials });

export function registerMnist(program: Command): void {
  const cmd = program
    .command("mnist")
    .description("R1: contextual MNIST — test accuracy of SPA prompt-tuning, LPA, UNI linear probe, SSA fine-tuning and the oracle; SPA's attention mass on the relevant cells")
    .addOption(new Option("--T <int>", "cells per canvas T").argParser(intIn("--T", 2, 64)).default(DEFAULTS.T))
    .addOption(new Option("--k <int>", "task cells k (≤ T)").argParser(intIn("--k", 1, 64)).default(DEFAULTS.k))
    .addOption(new Option("--d <int>", "embedding dimension d (PCA components)").argParser(intIn("--d", 1, POOLED_PIXELS)).default(DEFAULTS.d))
    .addOption(new Option("--n <int>", "training canvases n").argParser(intIn("--n", 1, 20000)).default(DEFAULTS.n))
    .addOption(new Option("--distractor <kind>", `what fills the other cells: ${DISTRACTOR_KINDS.join("|")}`).argParser(oneOf("--distractor", DISTRACTOR_KINDS)).default(DEFAULTS.distractor))
    .addOption(new Option("--classes <a,b>", "the two task digits (label +1, −1)").argParser(parseClasses).default([...DEFAULTS.classes], "3,8"))
    .addOption(new Option("--n-validation <int>", "validation canvases (early stopping)").argParser(intIn("--n-validation", 1, 20000)).default(DEFAULTS.nValidation))
    .addOption(new Option("--n-test <int>", "test canvases").argParser(intIn("--n-test", 1, 20000)).default(DEFAULTS.nTest))
    .addOption(new Option("--models <list>", `models to train, a comma-separated subset of ${MNIST_MODELS.join(",")}`).argParser(parseModels).default([...MNIST_MODELS], MNIST_MODELS.join(",")))
    .addOption(new Option("--steps <int>", `maximum gradient steps per model (default ${DEFAULTS.optimizers.spa.steps})`).argParser(intIn("--steps", 1, 100000)))
    .addOption(new Option("--seeds <int>", "number of seeds (trials)").argParser(intIn("--seeds", 1, 1000)).default(REPORT_MNIST_SEEDS))
    .addOption(new Option("--seed <int>", "first seed; the runs use consecutive seeds from it").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER - 1000)).default(1));
  addFormatOptions(cmd).action((f: Flags) => {
      const p = params(f);
      const seeds = Array.from({ length: f.seeds }, (_, i) => f.seed + i);
      const bar = progress("mnist seeds", seeds.length, !machineReadable(f));
      const sum = runMnistExperiment(p, seeds, (done) => bar.tick(done));
      bar.stop();
      const ctx = mnistContext(p.splitSeed, p.d);
      const models: Record<string, Record<string, unknown>> = {};
      for (const m of p.models) {
        const s = sum.models[m]!;
        const acc = overSeeds(s.accuracy);
        models[m] = { accuracy: acc.mean, ...("stderr" in acc ? { accuracyStderr: acc.stderr } : {}), trials: s.accuracy.trials, perSeed: sum.trials.map((t) => t.models[m]!.accuracy), meanSteps: s.meanSteps, diverged: s.diverged };
      }
      const mass = sum.attentionMass && overSeeds(sum.attentionMass);
      if (models.spa && mass) {
        models.spa = { ...models.spa, attentionMass: mass.mean, ...("stderr" in mass ? { attentionMassStderr: mass.stderr } : {}), uniformMass: sum.uniformMass };
      }
      const { optimizers, ...rest } = p;
      const echo = { ...rest, optimizers: Object.fromEntries(p.models.map((m) => [m, optimizers[m]])), seeds };
      const embedding = { kind: "whitened PCA of 2×2-pooled images", d: ctx.embedding.d, explainedVariance: ctx.embedding.explained, fitImages: ctx.embedding.fitCount };
      const pools = Object.fromEntries(Object.entries(ctx.splits).map(([k, v]) => [k, v.all.length]));
      emit({
        title: `contextual MNIST (R1): ${seeds.length} seeds, ${p.nTest} test canvases each`,
        params: echo,
        values: { claim: "R1", embedding, pools, ...models },
        lines: [
          ...p.models.map((m) => {
            const s = sum.models[m]!;
            return `  ${m.padEnd(7)} accuracy ${pm(overSeeds(s.accuracy))}   (mean steps ${s.meanSteps.toFixed(0)}${s.diverged ? `, ${s.diverged} diverged` : ""})`;
          }),
          ...(mass ? [`  spa attention mass on relevant cells ${pm(mass)} (uniform: k/T = ${sum.uniformMass.toFixed(3)})`] : []),
        ],
        rows: p.models.map((m) => ({ ...rest, seeds: seeds.join(" "), model: m, ...models[m] })),
        json: { claim: "R1", params: echo, seeds, embedding, pools, ...models },
      }, f);
    });
}
