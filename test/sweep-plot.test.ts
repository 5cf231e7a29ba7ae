/** `plot`: a figure page from the merged sweep file of every experiment. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cliHarness.ts";
import { mergeSweepFiles, planSweep, runSweep, writeFileAtomic } from "../src/sweep/index.ts";

const dir = mkdtempSync(join(tmpdir(), "sweep-plot-"));
const CONFIGS = {
  "known-prompt": { experiment: "known-prompt", seed: 1, trials: 3, base: { d: 16, T: 4 }, grid: { noise: ["context-clean", "isotropic"], n: [8, 32] } },
  "gd-steps": { experiment: "gd-steps", seed: 1, trials: 3, base: { d: 20, T: 8 }, grid: { n: [100, 200] } },
  expressivity: { experiment: "expressivity", seed: 1, base: { n: 40, nTest: 50, steps: 5 }, grid: { law: ["GT", "EC"], model: ["lpa", "ssa"] } },
};

test("plot draws every measure of a merged sweep of each experiment beside its prediction, with the data behind each figure", async () => {
  for (const [name, config] of Object.entries(CONFIGS)) {
    const plan = planSweep(config);
    const shards = [0, 1].map((i) => join(dir, `${name}.shard-${i}.jsonl`));
    for (let i = 0; i < 2; i++) await runSweep(plan, { out: shards[i]!, shard: { i, N: 2 } });
    const merged = join(dir, `${name}.jsonl`);
    writeFileAtomic(merged, mergeSweepFiles(shards).text);
    const r = cli(["plot", merged, "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    const page = readFileSync(summary.out, "utf8");
    const lines = readFileSync(merged, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const measures = lines[0].measures.map((m: { name: string }) => m.name);
    assert.deepEqual(summary.figures, measures.map((m: string) => `${name}-${m}`));
    for (const id of summary.figures) {
      assert.ok(page.includes(`data-figure="${id}"`), `${id} on the page`);
      const data = JSON.parse(readFileSync(join(dir, `${name}-plot`, "data", `${id}.json`), "utf8"));
      assert.equal(data.rows.length, lines.length, "one row per point");
      const m = id.slice(name.length + 1);
      // every row carries the line's own measure, prediction included
      for (const row of data.rows) assert.deepEqual({ ...row, index: undefined, series: undefined, ...Object.fromEntries(Object.keys(lines[0].point).map((a) => [a, undefined])) }, { index: undefined, series: undefined, ...Object.fromEntries(Object.keys(lines[0].point).map((a) => [a, undefined])), ...lines[row.index].measures.find((x: { name: string }) => x.name === m) });
    }
    const caption = JSON.parse(readFileSync(join(dir, `${name}-plot`, "data", `${summary.figures[0]}.json`), "utf8")).caption as string;
    assert.match(caption, name === "expressivity" ? /the 95% interval reaches the predicted side of the bound at \d of 2 bounded cells/ : /\|z\| ≤ 3 at \d+ of \d+ points/, caption);
  }
});

test("plot refuses a bad file (exit 2, like sweep and merge) and a folder it did not write", () => {
  const bad = join(dir, "bad.jsonl");
  writeFileSync(bad, '{"sweep":"x"}\n');
  const r = cli(["plot", bad]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `error: plot: ${bad}:1: not a sweep line (no checksum)\n`);
  const foreign = join(dir, "results");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "keep.txt"), "mine\n");
  const f = cli(["plot", join(dir, "gd-steps.jsonl"), "--out", foreign]);
  assert.equal(f.status, 2);
  assert.match(f.stderr, /is a non-empty folder that plot did not write; choose another\n$/);
  assert.equal(readFileSync(join(foreign, "keep.txt"), "utf8"), "mine\n");
  // a previous plot's folder is replaced
  assert.equal(cli(["plot", join(dir, "gd-steps.jsonl")]).status, 0);
  assert.ok(existsSync(join(dir, "gd-steps-plot", "index.html")));
  const x = cli(["plot", join(dir, "gd-steps.jsonl"), "--x", "sigma"]);
  assert.equal(x.status, 2);
  assert.equal(x.stderr, "error: --x must be one of the sweep's grid axes (n), got 'sigma'\n");
});
