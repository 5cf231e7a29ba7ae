/**
 * `theory known-prompt` and `simulate known-prompt`: K1–K2 formulas and the K4 Monte Carlo;
 * with --noise isotropic, the K5 theory (random attention weights) and its Monte Carlo.
 */
import { Command } from "commander";
import { addLawOptions, addMonteCarloOptions, addPromptOptions, pointFromFlags, type LawFlags, type PromptFlags } from "../lawOptions.ts";
import { UsageError } from "../usage.ts";
import { KNOWN_PROMPT_NAMES, checkKnownPrompt, type KnownPromptPoint, type KnownPromptUse } from "../../params/point.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { agreement, verdictLine } from "../verdict.ts";
import { knownPromptTheory } from "../../theory/knownPrompt.ts";
import { freemem } from "node:os";
import { solverFailureMessage, trialMemoryBytes, type KnownPromptSimParams } from "../../sim/knownPrompt.ts";
import { simulateKnownPromptParallel } from "../../sim/parallel.ts";
import { k5Theory } from "../../theory/k5.ts";
import { logQ } from "../../special/normal.ts";
import { addWorkersOption } from "../workers.ts";
import { finiteSizeAllowance, FINITE_SIZE_ALLOWANCE_NOTE } from "../../stats/agreement.ts";

type Flags = LawFlags & PromptFlags & FormatFlags & { trials: number; seed: number; workers: number };

const PEAK_NOTE = "n = d with λ = 0 is the interpolation peak (γ = 1): the least-squares head fits pure noise, and the error takes its limit ½";

/** The point, checked by the schema's rules for its use (theory takes the λ = 0, n = d peak as a limit). */
function params(f: Flags, use: KnownPromptUse): KnownPromptPoint {
  return pointFromFlags((input) => checkKnownPrompt(input, use), KNOWN_PROMPT_NAMES, f);
}

/**
 * K2 for context-clean noise, K5 (which adds nu, a, b and the integration's stderr) for isotropic
 * noise; with logError = ln(error) from the tail-accurate log Q, so errors below the smallest
 * double stay visible. K5 averages Q over the attention law and has no log form: its logError is
 * left out where the error underflows to 0 (a note says so). At the interpolation peak K5's ‖w⊥‖
 * is unbounded and is left out.
 */
function theory(p: KnownPromptSimParams) {
  if (p.noise === "isotropic") {
    const { b, ...th } = k5Theory(p);
    return { ...th, ...(b === Infinity ? {} : { b }), ...(th.error > 0 ? { logError: Math.log(th.error) } : {}) };
  }
  const th = knownPromptTheory(p);
  return { claim: "K2" as const, ...th, logError: logQ(th.margin) };
}

/** Notes on the limits the theory took. */
function theoryNotes(p: KnownPromptSimParams, th: ReturnType<typeof theory>): string[] {
  const notes: string[] = [];
  if (p.n === p.d && p.lambda === 0) notes.push(PEAK_NOTE);
  if (th.logError === undefined) notes.push("the error is below the smallest double (K5 has no log-domain form)");
  else if (th.error < 1e-300) notes.push(`the error is below the doubles' range: error = 10^${(th.logError / Math.LN10).toFixed(3)} (logError = ln error)`);
  return notes;
}

export function registerKnownPrompt(theoryCmd: Command, simulateCmd: Command): void {
  const t = theoryCmd
    .command("known-prompt")
    .description("K1–K3: pooling statistics, effective SNR and the asymptotic test error of a ridge head; K5 with --noise isotropic");
  addFormatOptions(addPromptOptions(addLawOptions(t))).action((f: Flags) => {
    const p = params(f, "theory");
    const th = theory(p);
    const title = th.claim === "K5" ? "known-prompt theory, isotropic noise (K5)" : "known-prompt theory (K1–K3)";
    emit({ title, params: p, values: th, notes: theoryNotes(p, th) }, f);
  });

  /** Refuse a run whose trials (one per worker at a time) would not fit in the free memory. */
  const checkMemory = (p: KnownPromptSimParams, workers: number) => {
    const need = trialMemoryBytes(p) * Math.max(1, workers);
    const free = freemem();
    if (need > 0.8 * free) throw new UsageError(`--n ${p.n} and --d ${p.d} need about ${(need / 2 ** 30).toFixed(1)} GiB (8·(n·d + 2·min(n,d)²) bytes per worker, ${workers} workers), more than 80% of the ${(free / 2 ** 30).toFixed(1)} GiB free; lower --n, --d or --workers`);
  };

  const s = simulateCmd.command("known-prompt").description("K4: Monte Carlo of tokens → attention → ridge head → exact conditional test error, beside K2 (K5 with --noise isotropic)");
  addFormatOptions(addWorkersOption(addMonteCarloOptions(addPromptOptions(addLawOptions(s))))).action(async (f: Flags) => {
    const p = params(f, "simulation");
    checkMemory(p, f.workers);
    const th = theory(p);
    const bar = progress(`simulate known-prompt (${th.claim})`, f.trials, !machineReadable(f));
    const onTrial = (done: number) => bar.tick(done);
    const sim = await simulateKnownPromptParallel(p, f.trials, f.seed, { workers: f.workers, onTrial });
    bar.stop();
    const failure = solverFailureMessage(sim);
    if (failure?.level === "error") throw new Error(failure.message);
    if (failure) process.stderr.write(`warning: ${failure.message}\n`);
    const agree = agreement("error", sim.error, th.error, finiteSizeAllowance(p.d), th.claim === "K5" ? th.stderr.error : 0);
    const verdict = verdictLine([agree], FINITE_SIZE_ALLOWANCE_NOTE);
    const { params: _p, ...rest } = sim;
    const values = { ...rest, theory: th, z: agree.z, agreement: agree };
    emit({
      title: `known-prompt simulation (${th.claim === "K5" ? "K5, isotropic noise" : "K4"})`,
      params: { ...p, trials: f.trials, seed: f.seed },
      values,
      lines: [
        `  error           ${sim.error.mean.toFixed(5)} ± ${sim.error.stderr.toFixed(5)}  (${sim.trials} trials, seed ${sim.seed})`,
        `  theory error    ${th.error.toPrecision(6)}${th.claim === "K5" ? ` ± ${th.stderr.error.toPrecision(2)}` : ""}`,
        `  z               ${agree.z.toFixed(3)}`,
        `  solver failures ${sim.solverFailures}`,
      ],
      json: { ...sim, params: p, theory: th, z: agree.z, agreement: agree, verdict },
      verdict,
    }, f);
  });
}
