/**
 * The report opens in headless Chromium (system or npm-shipped, driven by playwright-core) with no console
 * errors, and every figure has at least one drawn trace.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchBrowser } from "./browser.ts";
import { cli } from "./cliHarness.ts";

test("report --quick writes a self-contained page that renders every figure without console errors", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "pa-report-")), "report");
  const r = cli(["report", "--quick", "--out", out, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { sections: { figures: { id: string }[] }[] };
  const ids = summary.sections.flatMap((s) => s.figures.map((f) => f.id));
  assert.ok(ids.length >= 3);
  for (const id of ids) {
    assert.ok(existsSync(join(out, "data", `${id}.json`)) && existsSync(join(out, "data", `${id}.csv`)), id);
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
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await page.waitForFunction((n) => document.querySelectorAll(".plot .main-svg").length >= n, ids.length, { timeout: 60_000 });
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".plot")].map((el) => ({
        id: el.dataset.figure,
        traces: el.querySelectorAll(".scatterlayer .trace, .barlayer .trace, .heatmaplayer .hm, .imagelayer image, .contourlayer .contour").length,
      })),
    );
    assert.deepEqual(drawn.map((d) => d.id), ids);
    for (const d of drawn) assert.ok(d.traces > 0, `figure ${d.id} has no drawn trace`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
