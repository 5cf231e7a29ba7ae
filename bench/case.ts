/**
 * One benchmark case in a fresh process (so its peak RSS is its own), driven by bench/run.ts:
 *   node --import tsx bench/case.ts '<json>'
 * kinds: "trials" times `trials` known-prompt trials on this thread, cold and in steady state;
 * "normals" times Rng.fillNormal (the ziggurat) on 2^22 draws; "k5" times the K5 theory per
 * point (rule given), the rule's construction and optimal-theta, with the stated stderr.
 * Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { knownPromptTrial, type KnownPromptSimParams } from "../src/sim/knownPrompt.ts";
import { Rng } from "../src/random/rng.ts";
import { contextRule, k5Theory } from "../src/theory/k5.ts";
import { optimalTheta } from "../src/theory/k5Optimal.ts";

interface Case {
  kind: "trials" | "normals" | "k5";
  params: KnownPromptSimParams;
  trials: number;
  seed: number;
  warmup?: boolean;
}

/**
 * Peak RSS of this process in KiB: VmHWM from /proc (Linux). getrusage's maxrss is not used
 * because Linux carries it across exec, so a child would report at least its parent's RSS.
 */
function peakRssKiB(): number {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

const c = JSON.parse(process.argv[2]!) as Case;
const p = { ...c.params, theta: c.params.theta ?? Infinity }; // JSON has no Infinity
const baseRssKiB = Math.round(process.memoryUsage().rss / 1024);
let out: Record<string, number> = {};
if (c.kind === "trials") {
  const pass = () => {
    const t0 = performance.now();
    let sum = 0;
    for (let i = 0; i < c.trials; i++) sum += knownPromptTrial(p, c.seed, i).error;
    return { seconds: (performance.now() - t0) / 1000, meanError: sum / c.trials };
  };
  // cold: the first pass of a fresh process, JIT compilation included; then warm-up trials
  // outside the timed set for at least 0.5 s, and the same trials again in steady state
  const cold = pass();
  if (c.warmup === false) out = { ...cold, coldSeconds: cold.seconds };
  else {
    const t0 = performance.now();
    for (let i = 0; i < 200 && performance.now() - t0 < 500; i++) knownPromptTrial(p, c.seed, 1_000_000 + i);
    out = { ...pass(), coldSeconds: cold.seconds };
  }
} else if (c.kind === "normals") {
  const rng = new Rng(c.seed), buf = new Float64Array(2 ** 22);
  let best = Infinity;
  for (let r = 0; r < 8; r++) {
    const t0 = performance.now();
    rng.fillNormal(buf);
    best = Math.min(best, performance.now() - t0);
  }
  out = { seconds: best / 1000, mNormalsPerSecond: buf.length / best / 1e3 };
} else if (c.kind === "k5") {
  const law = { T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, pool: "softmax" as const, n: 400, d: 200, lambda: 0 };
  let t0 = performance.now();
  const rule = contextRule(law.T, { seed: c.seed });
  const ruleMs = performance.now() - t0;
  const thetas = Array.from({ length: 12 }, (_, i) => 0.25 + 0.25 * i);
  k5Theory({ ...law, theta: 1 }, rule); // warm-up
  t0 = performance.now();
  let maxStderr = 0;
  for (const theta of thetas) maxStderr = Math.max(maxStderr, k5Theory({ ...law, theta }, rule).stderr.error);
  const perPointMs = (performance.now() - t0) / thetas.length;
  t0 = performance.now();
  const opt = optimalTheta(law, { rule: contextRule(law.T, { seed: c.seed + 1 }) });
  const optimalThetaSeconds = (performance.now() - t0) / 1000;
  out = { seconds: perPointMs / 1000, perPointMs, ruleMs, maxStderr, optimalThetaSeconds, optimalThetaIncludesRule: 1, thetaStar: opt.theta, errorStar: opt.error, stderrStar: opt.stderr, evaluations: opt.evaluations, points: rule.points };
}
console.log(JSON.stringify({ ...out, peakRssKiB: peakRssKiB(), baseRssKiB }));
