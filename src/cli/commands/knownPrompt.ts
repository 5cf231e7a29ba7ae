/**
 * `theory known-prompt` and `simulate known-prompt`: K1–K2 formulas and the K4 Monte Carlo;
 * with --noise isotropic, the K5 theory (random attention weights) and its Monte Carlo.
 */
import { Command } from "commander";
import { addLawOptions, addMonteCarloOptions, addPromptOptions, checkRidgeShape, lawParams, type LawFlags, type PromptFlags } from "../lawOptions.ts";
import { UsageError } from "../usage.ts";
import { printJson, progress } from "../output.ts";
import { knownPromptTheory } from "../../theory/knownPrompt.ts";
import { freemem } from "node:os";
import { solverFailureMessage, trialMemoryBytes, type KnownPromptSimParams } from "../../sim/knownPrompt.ts";
import { simulateKnownPromptParallel } from "../../sim/parallel.ts";
import { k5Theory } from "../../theory/k5.ts";
import { addWorkersOption } from "../workers.ts";

type Flags = LawFlags & PromptFlags & { json?: boolean; trials: number; seed: number; workers: number };

function params(f: Flags): KnownPromptSimParams {
  const law = lawParams(f);
  checkRidgeShape(law.n, law.d, f.lambda);
  if (f.theta === Infinity && f.pool !== "softmax") throw new UsageError("--theta inf is only defined for --pool softmax (hardmax)");
  return { ...law, theta: f.theta, lambda: f.lambda, pool: f.pool };
}

/** K2 for context-clean noise; K5 (whose output adds nu, a, b and the integration's stderr) for isotropic noise. */
function theory(p: KnownPromptSimParams) {
  return p.noise === "isotropic" ? k5Theory(p, p) : knownPromptTheory(p, p);
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
    else if ("nu" in th) console.log(describe("known-prompt theory, isotropic noise (K5)", { S: th.S, N: th.N, nu: th.nu, a: th.a, b: th.b, error: `${th.error.toPrecision(6)} ± ${th.stderr.error.toPrecision(2)} (${th.method})`, bayesPooled: th.bayesPooled, converged: th.converged }));
    else console.log(describe("known-prompt theory (K1–K3)", { S: th.S, N: th.N, rEff: th.rEff, gamma: th.gamma, lambdaTilde: th.lambdaTilde, error: th.error, bayesPooled: th.bayesPooled }));
  });

  /** Refuse a run whose trials (one per worker at a time) would not fit in the free memory. */
  const checkMemory = (p: KnownPromptSimParams, workers: number) => {
    const need = trialMemoryBytes(p) * Math.max(1, workers);
    const free = freemem();
    if (need > 0.8 * free) throw new UsageError(`--n ${p.n} and --d ${p.d} need about ${(need / 2 ** 30).toFixed(1)} GiB (8·(n·d + 2·min(n,d)²) bytes per worker, ${workers} workers), more than 80% of the ${(free / 2 ** 30).toFixed(1)} GiB free; lower --n, --d or --workers`);
  };

  const s = simulateCmd.command("known-prompt").description("K4: Monte Carlo of tokens → attention → ridge head → exact conditional test error");
  addWorkersOption(addMonteCarloOptions(addPromptOptions(addLawOptions(s)))).option("--json", "print one JSON document on stdout").action(async (f: Flags) => {
    const p = params(f);
    checkMemory(p, f.workers);
    const th = theory(p);
    const bar = progress("simulate", f.trials, !f.json);
    const sim = await simulateKnownPromptParallel(p, f.trials, f.seed, { workers: f.workers, onTrial: (done) => bar.tick(done) });
    bar.stop();
    const failure = solverFailureMessage(sim);
    if (failure?.level === "error") throw new Error(failure.message);
    if (failure) process.stderr.write(`warning: ${failure.message}\n`);
    // K5: the theory's own integration error enters the z-score beside the Monte Carlo's
    const diff = sim.error.mean - th.error;
    const se = "nu" in th ? Math.hypot(sim.error.stderr, th.stderr.error) : sim.error.stderr;
    const out = { ...sim, theory: th, z: diff === 0 ? 0 : diff / se }; // 0/0 when every trial and the theory are exactly 0
    if (f.json) return printJson(out);
    console.log(describe(`known-prompt simulation${"nu" in th ? ", isotropic noise (K5)" : " (K4)"}`, { error: `${sim.error.mean.toFixed(5)} ± ${sim.error.stderr.toFixed(5)}`, theory: th.error, z: out.z, trials: sim.trials, solverFailures: sim.solverFailures, seed: sim.seed, streamVersion: sim.streamVersion }));
  });
}
