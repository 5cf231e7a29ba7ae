/**
 * The report in headless Chromium (system or npm-shipped, driven by playwright-core): every
 * figure drawn with data and no NaN, legends clear of the plot area and of the axes' tick labels
 * at 1000 and 1600 px, no console errors, and a claims table whose verdicts are those of
 * `verify --json` (run beside the report, with the same seed and preview setting).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchBrowser } from "./browser.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The CLI in a child process, asynchronously, so the report and `verify` run side by side. */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(root, "src/cli.ts"), ...args], { cwd: root });
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

interface Box { x: number; y: number; width: number; height: number }
const overlap = (a: Box, b: Box) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

test("report --quick: claims table equals verify --json; every figure drawn, finite, legends clear, no console errors", { timeout: 1_200_000 }, async () => {
  const out = join(mkdtempSync(join(tmpdir(), "pa-report-")), "report");
  const [rep, ver] = await Promise.all([cli(["report", "--quick", "--out", out, "--json"]), cli(["verify", "--quick", "--json"])]);
  assert.equal(rep.status, 0, rep.stderr);
  const summary = JSON.parse(rep.stdout) as { claims: { claim: string; pass: boolean }[]; sections: { figures: { id: string }[] }[] };
  const verified = (JSON.parse(ver.stdout) as { claim: string; pass: boolean }[]).map(({ claim, pass }) => ({ claim, pass }));
  assert.ok(verified.length >= 15);
  assert.deepEqual(summary.claims, verified, "the report's verdicts must be verify's");
  const written = JSON.parse(readFileSync(join(out, "data", "claims.json"), "utf8")) as { claims: { id: string; pass: boolean }[] };
  assert.deepEqual(written.claims.map((c) => ({ claim: c.id, pass: c.pass })), verified);

  const ids = summary.sections.flatMap((s) => s.figures.map((f) => f.id));
  assert.ok(ids.length >= 15);
  for (const id of ids) {
    assert.ok(existsSync(join(out, "data", `${id}.csv`)), id);
    const data = JSON.parse(readFileSync(join(out, "data", `${id}.json`), "utf8"));
    for (const key of ["params", "provenance", "theory", "rows"]) assert.ok(key in data, `${id}.json lacks ${key}`);
    assert.equal(typeof data.provenance.figureSeed, "number", id);
    assert.ok(data.provenance.node && data.provenance.packageVersion && data.provenance.command, id);
  }
  assert.ok(!readdirSync(join(out, "..")).some((f) => f.includes(".tmp-")), "staging folder left behind");
  const html = readFileSync(join(out, "index.html"), "utf8");
  assert.ok(!/<script[^>]+src=/.test(html), "the page must not load external scripts");

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(e.message));
    for (const width of [1000, 1600]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await page.waitForFunction((n) => document.querySelectorAll(".plot .main-svg").length >= n, ids.length, { timeout: 120_000 });

      // the claims table as the reader sees it
      const table = await page.$$eval("#claims tbody tr", (trs) => trs.map((tr) => ({ claim: (tr as HTMLElement).dataset.claim!, pass: (tr as HTMLElement).dataset.verdict === "PASS" })));
      assert.deepEqual(table, verified);

      // (no named functions inside: tsx would wrap them in a helper the page does not have)
      const figs = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>(".plot")].map((el) => {
          const gd = el as HTMLElement & { data: { type?: string; x?: unknown; y?: unknown; z?: unknown }[] };
          const values = gd.data.flatMap((t) => [t.x, t.y, t.z].flatMap((a) => (Array.isArray(a) ? a.flat(2) : [])));
          // JSON carries NaN as null: a scatter trace with data and a null y is a gap, i.e. a NaN (legend-only keys are all null)
          const gaps = gd.data.filter((t) => t.type === "scatter" && Array.isArray(t.y) && t.y.some((v) => typeof v === "number") && t.y.some((v) => v === null)).length;
          const [legend, areas, ticks] = [".legend .bg", ".draglayer .nsewdrag", ".xtick text, .ytick text, .y2tick text"]
            .map((sel) => [...el.querySelectorAll(sel)].map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
          return {
            id: el.dataset.figure!,
            drawn: el.querySelectorAll(".scatterlayer .trace, .barlayer .trace, .heatmaplayer .hm, .imagelayer image").length,
            finite: values.filter((v) => typeof v === "number" && Number.isFinite(v)).length,
            nan: gaps + values.filter((v) => typeof v === "number" && Number.isNaN(v)).length,
            legend: legend![0] ?? null,
            areas: areas!,
            ticks: ticks!,
          };
        }),
      );
      assert.deepEqual(figs.map((f) => f.id), ids);
      for (const f of figs) {
        assert.ok(f.drawn > 0 && f.finite > 0, `${f.id}: no data drawn`);
        assert.equal(f.nan, 0, `${f.id}: NaN in the data`);
        if (!f.legend) continue;
        assert.ok(f.areas.length > 0 && f.ticks.length > 0, `${f.id}: no plot area or ticks found to test the legend against`);
        for (const a of f.areas) assert.ok(!overlap(f.legend, a), `${f.id} at ${width} px: the legend overlaps the plot area`);
        for (const t of f.ticks) assert.ok(!overlap(f.legend, t), `${f.id} at ${width} px: the legend covers tick labels`);
      }
      assert.deepEqual(errors, []);
    }
  } finally {
    await browser.close();
  }
});
