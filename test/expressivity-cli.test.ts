import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { clopperPearson } from "../src/sim/binomial.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

function run(args: string[]) {
  const r = spawnSync("npx", ["tsx", "src/cli.ts", ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Out {
  law: string;
  model: string;
  readout: string | null;
  seed: number;
  accuracy: { mean: number; low: number; high: number; successes: number; trials: number; level: number };
  params: { q: number[]; W: number[]; w: number[] };
  training: { stepsTaken: number };
}

test("expressivity --json: SPA on EC is near 1, with an exact Clopper–Pearson interval, seed and parameters", () => {
  const args = ["expressivity", "--law", "EC", "--model", "spa", "--seed", "2", "--n", "200", "--steps", "100", "--json"];
  const r = run(args);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Out; // stdout is one JSON document and nothing else
  assert.equal(out.law, "EC");
  assert.equal(out.seed, 2);
  assert.equal(out.accuracy.trials, 1000);
  assert.ok(out.accuracy.mean >= 0.95, `accuracy ${out.accuracy.mean}`);
  const ci = clopperPearson(out.accuracy.successes, out.accuracy.trials);
  assert.ok(Math.abs(ci.low - out.accuracy.low) < 1e-12 && Math.abs(ci.high - out.accuracy.high) < 1e-12, "interval is Clopper–Pearson of the reported count");
  assert.equal(out.params.q.length, 8);
  assert.equal(out.params.W.length, 0);
  assert.ok(out.training.stepsTaken > 0 && out.training.stepsTaken <= 100, `steps ${out.training.stepsTaken}`);
  assert.equal(run(args).stdout, r.stdout, "same seed, same output");
});

test("expressivity --json: trained LPA on Gram twins stays at chance; SSA readout is reported", () => {
  const lpa = run(["expressivity", "--law", "GT", "--model", "lpa", "--n", "200", "--steps", "100", "--json"]);
  assert.equal(lpa.status, 0, lpa.stderr);
  const a = (JSON.parse(lpa.stdout) as Out).accuracy;
  const wide = clopperPearson(a.successes, a.trials, 0.999);
  assert.ok(wide.low <= 0.5 && 0.5 <= wide.high, `LPA on GT: ${JSON.stringify(a)}`);
  const ssa = run(["expressivity", "--law", "EC", "--model", "ssa", "--readout", "last", "--n", "100", "--n-test", "200", "--steps", "30", "--json"]);
  assert.equal(ssa.status, 0, ssa.stderr);
  const s = JSON.parse(ssa.stdout) as Out;
  assert.equal(s.readout, "last");
  assert.equal(s.params.W.length, 64);
  assert.equal(s.accuracy.trials, 200);
});

test("expressivity: bad input ends with one line naming the flag and its range, exit 2, no stdout", () => {
  for (const [args, pattern] of [
    [["--law", "X", "--model", "spa"], /--law must be one of G\|B\|GT\|EC/],
    [["--law", "G", "--model", "spa", "--readout", "first"], /--readout applies only to --model ssa/],
    [["--model", "spa"], /--law is required: one of G\|B\|GT\|EC/],
    [["--law", "G", "--model", "ssa", "--n", "5"], /--n must be an integer in \[10, 100000\]/],
  ] as const) {
    const r = run(["expressivity", ...args, "--json"]);
    assert.equal(r.status, 2, `${args.join(" ")}: status ${r.status}`);
    assert.equal(r.stdout, "", "nothing on stdout");
    assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  }
});

test("verify E1 --quick --json reports the claim as passing", () => {
  const r = run(["verify", "E1", "--quick", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { claim: string; pass: boolean }[];
  assert.deepEqual(out.map((c) => [c.claim, c.pass]), [["E1", true]]);
});
