/**
 * The command lines that issue 16 found ending in NaN, a native crash or an internal message, run
 * as a user runs them: each must now end in one of the three accepted ways (a finite result with
 * exit 0, a one-line domain error with exit 2, a one-line runtime error with exit 1). The other
 * findings have their own tests: Q on all doubles (special.test.ts), report --out
 * (cli-report-out.test.ts), sweep locks, checksums and signals (sweep-files, sweep-cli), memory
 * estimates and failed solves (known-prompt-pipeline.test.ts), small slips (cli-output.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cli } from "./cliHarness.ts";

/** Every number in a JSON document, however deep. */
function numbers(x: unknown): number[] {
  if (typeof x === "number") return [x];
  if (x === null) return [NaN];
  if (Array.isArray(x)) return x.flatMap(numbers);
  if (typeof x === "object") return Object.values(x as object).flatMap(numbers);
  return [];
}

function finiteRun(argv: string[], budgetMs: number): Record<string, unknown> {
  const t0 = performance.now();
  const r = cli([...argv, "--json"]);
  const ms = performance.now() - t0;
  assert.equal(r.status, 0, `${argv.join(" ")}: ${r.stderr}`);
  assert.ok(ms < budgetMs, `${argv.join(" ")} took ${ms.toFixed(0)} ms`);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  // θ = ∞ may be echoed as a parameter; every result must be finite
  const { params: _params, ...results } = doc;
  for (const v of numbers(results)) assert.ok(Number.isFinite(v), `${argv.join(" ")}: non-finite value in ${r.stdout.slice(0, 400)}`);
  return doc;
}

test("finding 1: theory known-prompt --sigma 1e-9 --r 100 gives error 0 and a finite logError (was NaN with exit 0)", () => {
  const doc = finiteRun(["theory", "known-prompt", "--sigma", "1e-9", "--r", "100"], 60_000);
  assert.equal(doc.error, 0);
  assert.ok((doc.logError as number) < -1e21);
});

test("finding 2: theory gd-steps at T = 4, σ = 10 and σ = 100 is finite and quick (was NaN, 170 s, a V8 crash)", () => {
  for (const extra of [["--T", "4"], ["--sigma", "10"], ["--sigma", "100"]]) {
    const doc = finiteRun(["theory", "gd-steps", ...extra], 60_000);
    for (const key of ["cosW1", "cosQ1", "attentionMass", "testError"]) assert.equal(typeof doc[key], "number", key);
    assert.ok((doc.attentionMass as number) >= 0 && (doc.attentionMass as number) <= 1);
  }
});

test("finding 2: theory gd-steps --T 1 --k 1 is refused in one line naming --T (was an internal 'Z is identically 0')", () => {
  const r = cli(["theory", "gd-steps", "--T", "1", "--k", "1"]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^error: --T must be an integer in \[2, \d+\]/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});

test("finding 5: simulate known-prompt --r 1e6 --sigma 0.01 solves every trial (was 0.5 ± 0 from failed solves, z = Infinity)", () => {
  const doc = finiteRun(["simulate", "known-prompt", "--r", "1e6", "--sigma", "0.01", "--trials", "4"], 60_000);
  assert.equal(doc.solverFailures, 0);
  assert.ok((doc.error as { mean: number }).mean < 0.01, JSON.stringify(doc.error));
});

test("finding 6: simulate known-prompt --d 100000 --n 10000000 is refused before allocating (was 'Invalid typed array length')", () => {
  const r = cli(["simulate", "known-prompt", "--d", "100000", "--n", "10000000"]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^error: --n 10000000 and --d 100000 need about .* GiB/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});
