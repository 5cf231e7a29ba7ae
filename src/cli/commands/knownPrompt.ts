/** `theory known-prompt` and `simulate known-prompt`: K1–K2 formulas and the K4 Monte Carlo. */
import { Command } from "commander";
import { addLawOptions, addMonteCarloOptions, addPromptOptions, checkRidgeShape, lawParams, type LawFlags, type PromptFlags } from "../lawOptions.ts";
import { UsageError } from "../usage.ts";
import { printJson, progress } from "../output.ts";
import { knownPromptTheory } from "../../theory/knownPrompt.ts";
import { type KnownPromptSimParams } from "../../sim/knownPrompt.ts";
import { simulateKnownPromptParallel } from "../../sim/parallel.ts";
import { addWorkersOption } from "../workers.ts";
import { zScore } from "../../sim/stats.ts";

type Flags = LawFlags & PromptFlags & { json?: boolean; trials: number; seed: number; workers: number };

function params(f: Flags): KnownPromptSimParams {
  const law = lawParams(f);
  checkRidgeShape(law.n, law.d, f.lambda);
  if (f.theta === Infinity && f.pool !== "softmax") throw new UsageError("--theta inf is only defined for --pool softmax (hardmax)");
  return { ...law, theta: f.theta, lambda: f.lambda, pool: f.pool };
}

function theory(p: KnownPromptSimParams) {
  if (p.noise !== "context-clean") throw new UsageError("--noise isotropic needs the K5 theory (random attention weights); use --noise context-clean");
  return knownPromptTheory(p, p);
}

function describe(label: string, values: Record<string, unknown>): string {
  return `${label}\n` + Object.entries(values).map(([k, v]) => `  ${k.padEnd(12)} ${typeof v === "number" && !Number.isInteger(v) ? v.toPrecision(6) : String(v)}`).join("\n");
}

export function registerKnownPrompt(theoryCmd: Command, simulateCmd: Command): void {
  const t = theoryCmd.command("known-prompt").description("K1–K3: pooling statistics, effective SNR and the asymptotic test error of a ridge head");
  addPromptOptions(addLawOptions(t)).option("--json", "print one JSON document on stdout").action((f: Flags) => {
    const p = params(f);
    const th = theory(p);
    const out = { claim: "K2", params: p, ...th };
    if (f.json) printJson(out);
    else console.log(describe("known-prompt theory (K1–K3)", { S: th.S, N: th.N, rEff: th.rEff, gamma: th.gamma, lambdaTilde: th.lambdaTilde, error: th.error, bayesPooled: th.bayesPooled }));
  });

  const s = simulateCmd.command("known-prompt").description("K4: Monte Carlo of tokens → attention → ridge head → exact conditional test error");
  addWorkersOption(addMonteCarloOptions(addPromptOptions(addLawOptions(s)))).option("--json", "print one JSON document on stdout").action(async (f: Flags) => {
    const p = params(f);
    const th = theory(p);
    const bar = progress("simulate", f.trials, !f.json);
    const sim = await simulateKnownPromptParallel(p, f.trials, f.seed, { workers: f.workers, onTrial: (done) => bar.tick(done) });
    bar.stop();
    const out = { ...sim, theory: th, z: zScore(sim.error, th.error) };
    if (f.json) printJson(out);
    else console.log(describe("known-prompt simulation (K4)", { error: `${sim.error.mean.toFixed(5)} ± ${sim.error.stderr.toFixed(5)}`, theory: th.error, z: out.z, trials: sim.trials, seed: sim.seed }));
  });
}
