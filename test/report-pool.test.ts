/**
 * The report's pool (src/report/pool.ts): sections and claims table bit-identical for one
 * thread and for worker threads, each check computed once (as its own task, or by the first
 * section that needs it and shared), and a failing task fails the run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runReport } from "../src/report/pool.ts";
import { claimsTable } from "../notebooks/checks.ts";

const ctx = { quick: true, seed: 3 };

async function page(workers: number, checks: string[]) {
  const run = await runReport({ ctx, sections: ["expressivity"], checks, workers });
  const claims = await claimsTable(ctx, run.sections, ["E1", "E4"]);
  return { json: JSON.stringify({ sections: run.sections, claims }), timings: run.timings };
}

test("the expressivity section and its claims are bit-identical on 1 and on 2 worker threads; every check runs once", async () => {
  const here = await page(1, ["E1"]);
  const pooled = await page(2, ["E1"]); // E1 as a task of its own, E4 computed by the section and shared
  assert.equal(pooled.json, here.json);
  for (const t of [here.timings, pooled.timings]) {
    const checks = t.filter((x) => x.kind === "check").map((x) => x.id).sort();
    assert.deepEqual(checks, ["E1", "E4"]);
  }
  assert.ok(pooled.timings.every((t) => t.worker >= 1) && here.timings.every((t) => t.worker === 0));
  const onlySections = await page(3, []);
  assert.equal(onlySections.json, here.json);
});

test("an unknown section fails the run with its name, on worker threads too", async () => {
  for (const workers of [1, 2]) await assert.rejects(runReport({ ctx, sections: ["nope"], checks: [], workers }), /nope/);
});
