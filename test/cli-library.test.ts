/**
 * The package by its name (issue 12, code use): from TypeScript (this file; `tsc` resolves the
 * `ts-source` condition to src/index.ts) and from plain Node ESM with no loader (the built
 * dist/, which `npm install` builds through `prepare` and `npm test` rebuilds).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as byName from "prompt-attention-theory";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";
import { Q } from "../src/special/normal.ts";
import { Rng } from "../src/random/rng.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/import-by-name.mjs", import.meta.url));
const tsx = import.meta.resolve("tsx");

function run(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The same numbers from the source modules, bit for bit. */
const expected = {
  error: knownPromptTheory({ T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 2, pool: "softmax", n: 100, d: 200, lambda: 0 }).error,
  q3: Q(3),
  draw: new Rng(7).normal(),
};

test("plain Node ESM imports the package by name from the built dist/ and gets the source's numbers", () => {
  const out = JSON.parse(run([fixture]));
  assert.ok(out.resolved.endsWith("/dist/index.js"), out.resolved);
  assert.deepEqual({ error: out.error, q3: out.q3, draw: out.draw }, expected);
});

test("with the ts-source condition the name resolves to src/index.ts (TypeScript, run by tsx)", () => {
  const out = JSON.parse(run(["--conditions=ts-source", "--import", tsx, fixture]));
  assert.ok(out.resolved.endsWith("/src/index.ts"), out.resolved);
  assert.deepEqual({ error: out.error, q3: out.q3, draw: out.draw }, expected);
});

test("a TypeScript import by name exposes the documented entry points", () => {
  for (const name of ["knownPromptTheory", "k5Theory", "optimalTheta", "predictedCosW1", "predictedCosQ1", "predictedAttentionMass", "samplesForAlignment",
    "poolingStats", "makeLawG", "sampleG", "forward", "ssaForward", "Rng", "Q", "logQ", "Qinv", "mpStieltjes", "simulateKnownPrompt", "simulateGdSteps", "runExpressivity"] as const) {
    assert.equal(typeof byName[name], "function", name);
  }
  const th = byName.knownPromptTheory({ T: 16, k: 2, c: 1, r: 1.5, rho: 0, sigma: 1, theta: 2, pool: "softmax", n: 100, d: 200, lambda: 0 });
  assert.equal(th.error, expected.error);
});

test("the example checks K2 against the Monte Carlo through the package name and agrees", () => {
  const out = run(["--import", tsx, "examples/k2-vs-monte-carlo.ts", "40", "3"]);
  assert.match(out, /theory {6}error 0\.12456/);
  assert.match(out, /simulation {2}error 0\.1\d{4} ± 0\.00\d{3} {3}\(40 trials, seed 3\)/);
  assert.match(out, /\n {2}agree: /);
});
