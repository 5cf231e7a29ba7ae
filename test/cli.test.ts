import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cliHarness.ts";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";

test("theory known-prompt --json prints one JSON document matching the library", () => {
  const r = cli(["theory", "known-prompt", "--d", "200", "--n", "100", "--k", "2", "--theta", "2", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const lib = knownPromptTheory({ T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 2, pool: "softmax", n: 100, d: 200, lambda: 0 });
  for (const key of ["S", "N", "rEff", "error", "bayesPooled"]) assert.equal(out[key], lib[key as keyof typeof lib]);
  assert.equal(out.params.k, 2);
});

test("simulate known-prompt --json reports mean, stderr, trials, seed and the theory", () => {
  const r = cli(["simulate", "known-prompt", "--d", "60", "--n", "120", "--trials", "8", "--seed", "3", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.trials, 8);
  assert.equal(out.seed, 3);
  assert.ok(out.error.mean > 0 && out.error.mean < 0.5 && out.error.stderr > 0);
  assert.ok(Math.abs(out.error.mean - out.theory.error) < 0.1);
  // the same seed reproduces the run bit for bit
  const again = JSON.parse(cli(["simulate", "known-prompt", "--d", "60", "--n", "120", "--trials", "8", "--seed", "3", "--json"]).stdout);
  assert.equal(again.error.mean, out.error.mean);
});

test("theta inf is accepted and serialized", () => {
  const r = cli(["theory", "known-prompt", "--theta", "inf", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.params.theta, "Infinity");
  assert.equal(out.S, 1);
});

test("bad input: one line naming the flag and its range, exit 2, no file written", () => {
  const cwd = mkdtempSync(join(tmpdir(), "pa-cli-"));
  const cases: [string[], RegExp][] = [
    [["theory", "known-prompt", "--bogus", "1"], /--bogus/],
    [["theory", "known-prompt", "--k", "20", "--T", "16"], /--k must be an integer in \[1, T=16\]/],
    [["theory", "known-prompt", "--sigma", "0"], /--sigma must be a number in \(0, /],
    [["theory", "known-prompt", "--sigma", "-1"], /--sigma/],
    [["theory", "known-prompt", "--rho", "1"], /--rho must be a number in \[0, 1\)/],
    [["theory", "known-prompt", "--n", "0"], /--n must be an integer in \[1, /],
    [["theory", "known-prompt", "--d", "abc"], /--d must be an integer/],
    [["theory", "known-prompt", "--theta", "two"], /--theta must be a number/],
    [["theory", "known-prompt", "--pool", "max"], /--pool must be one of softmax\|linear\|uniform/],
    [["theory", "known-prompt", "--k", "2", "--zeta", "0.5"], /--k and --zeta/],
    [["simulate", "known-prompt", "--n", "200", "--d", "200"], /--lambda must be > 0/],
    [["simulate", "known-prompt", "--trials", "1"], /--trials must be an integer in \[2, /],
    [["report", "--only", "nope", "--out", "out"], /--only must be one of/],
    [["verify", "Z9"], /claims must be among/],
  ];
  for (const [args, msg] of cases) {
    const r = cli(args, cwd);
    assert.equal(r.status, 2, `${args.join(" ")}: status ${r.status}, stderr ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(lines[0]!, msg);
    assert.equal(r.stdout, "");
  }
  assert.deepEqual(readdirSync(cwd), []);
});

test("verify K1 K2 K3 K4 passes", () => {
  const r = cli(["verify", "K1", "K2", "K3", "K4", "--quick", "--json"]);
  assert.equal(r.status, 0, r.stderr + r.stdout.slice(0, 2000));
  const out = JSON.parse(r.stdout) as { claim: string; pass: boolean }[];
  assert.deepEqual(out.map((c) => [c.claim, c.pass]), [["K1", true], ["K2", true], ["K3", true], ["K4", true]]);
});

test("--help describes the commands and flags", () => {
  const r = cli(["theory", "known-prompt", "--help"]);
  assert.equal(r.status, 0);
  for (const flag of ["--d", "--n", "--T", "--k", "--zeta", "--rho", "--sigma", "--theta", "--lambda", "--pool", "--json"]) assert.ok(r.stdout.includes(flag), flag);
});
