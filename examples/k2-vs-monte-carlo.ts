/**
 * One formula against one simulation, through the library's public API only:
 * K2's asymptotic test error of a ridge head on softmax-pooled tokens, beside the Monte Carlo of
 * the trained pipeline (tokens → attention → ridge head → exact conditional error) at d = 200.
 *
 *   npm run example            (or: npx tsx examples/k2-vs-monte-carlo.ts [trials] [seed])
 *
 * Exit code 0 when they agree by the project's rule, |sim − theory| ≤ 3·stderr + 0.5/d; else 1.
 */
import { knownPromptTheory, simulateKnownPrompt, type KnownPromptSimParams } from "prompt-attention-theory";

const trials = Number(process.argv[2] ?? 100);
const seed = Number(process.argv[3] ?? 1);
const point: KnownPromptSimParams = {
  d: 200, n: 100, T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, noise: "context-clean",
  theta: 2, lambda: 0, pool: "softmax",
};

const theory = knownPromptTheory(point); // the formula: no sampling
const sim = simulateKnownPrompt(point, trials, seed); // the experiment: never calls the formula
const tolerance = 3 * sim.error.stderr + 0.5 / point.d;
const gap = Math.abs(sim.error.mean - theory.error);

console.log(`K2 at d=${point.d} n=${point.n} T=${point.T} k=${point.k} θ=${point.theta} λ=${point.lambda} (softmax pooling)`);
console.log(`  theory      error ${theory.error.toFixed(5)}   (r_eff ${theory.rEff.toFixed(4)}, γ = d/n = ${theory.gamma})`);
console.log(`  simulation  error ${sim.error.mean.toFixed(5)} ± ${sim.error.stderr.toFixed(5)}   (${sim.trials} trials, seed ${sim.seed})`);
console.log(`  ${gap <= tolerance ? "agree" : "disagree"}: |sim − theory| = ${gap.toFixed(5)} ${gap <= tolerance ? "≤" : ">"} 3·stderr + 0.5/d = ${tolerance.toFixed(5)}`);
process.exitCode = gap <= tolerance ? 0 : 1;
