/**
 * The explorer page (issue 14) in headless Chromium, opened from file://: the URL sets the
 * controls, a slider moves the curves, the page's values equal the command line's to 1e-12,
 * a dropped sweep file draws its points with the right |z|, a bad value shows the schema's
 * message (never NaN), the K5 worker answers, and the console stays free of errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { cli } from "./cliHarness.ts";
import { openExplorer, type ExplorerHook } from "./exploreHarness.ts";
import { knownPromptTheory } from "../src/theory/knownPrompt.ts";
import { parseKnownPrompt, type KnownPromptPoint } from "../src/params/point.ts";

type Row = Record<string, string>;
const rows = (page: Page, id: string) => page.evaluate((panel) => (window as unknown as { explorer: ExplorerHook }).explorer.rows(panel), id);

function parseCsv(text: string): Row[] {
  const [head, ...lines] = text.trim().split("\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
}

async function downloadCsv(page: Page, id: string): Promise<Row[]> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`#panel-${id} .csv`)]);
  return parseCsv(readFileSync((await dl.path())!, "utf8"));
}

const FLAGS = ["d", "n", "T", "k", "c", "r", "rho", "sigma", "noise", "theta", "lambda", "pool"];
const k2 = (p: KnownPromptPoint) => knownPromptTheory(p).error;
const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test("the explorer: URL state, sliders, CLI agreement, sweep overlay, inline errors", { timeout: 180_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors, file } = await openExplorer(browser, "?T=8&rho=0.2&d=150&n=300");
    assert.ok(!/<script[^>]+src=/.test(readFileSync(file, "utf8")), "the page must not load external scripts");
    await page.waitForFunction(() => (window as unknown as { explorer: ExplorerHook }).explorer.rows("lambda").length > 0);

    // the query string set the controls
    assert.equal(await page.inputValue("#t-T"), "8");
    assert.match((await page.textContent("#panel-theta .caption"))!, /T = 8, k = 2, c = 1, r = 1\.5, ρ = 0\.2/);

    // three values of the page, from its CSV downloads, against `theory known-prompt --json`
    const picks = [
      (await downloadCsv(page, "n-over-d")).filter((r) => r.series === "SPA error")[5]!,
      (await downloadCsv(page, "theta")).filter((r) => r.series === "LPA r_eff")[10]!,
      (await downloadCsv(page, "lambda")).find((r) => r.series === "UNI error" && Number(r.lambda) > 1)!,
    ];
    for (const row of picks) {
      assert.ok(row, "a picked row is missing");
      const r = cli(["theory", "known-prompt", ...FLAGS.flatMap((f) => [`--${f}`, row[f]!]), "--json"]);
      assert.equal(r.status, 0, r.stderr);
      const want = JSON.parse(r.stdout)[row.quantity!] as number;
      assert.ok(relErr(Number(row.value), want) <= 1e-12, `${row.series} at ${JSON.stringify(row)}: page ${row.value}, CLI ${want}`);
    }

    // a sweep file (the format src/sim/sweep.ts writes, one extra field) drops onto the n/d panel
    const base = parseKnownPrompt({ d: 150, n: 300, T: 8, rho: 0.2 });
    const sim = [60, 120, 600].map((n, i) => ({ n, mean: k2({ ...base, n }) + 0.004 * (i - 1), stderr: 0.003 }));
    const jsonl = sim.map((s, index) => JSON.stringify({ sweep: "0123456789abcdef", index, points: 3, point: { n: s.n }, params: { ...base, n: s.n }, seed: 1, trials: 40, error: { mean: s.mean, stderr: s.stderr, trials: 40 }, theory: {}, z: 0, addedLater: { x: 1 } })).join("\n") + "\n";
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "sweep.jsonl"));
      document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, jsonl);
    await page.waitForFunction(() => /drawn/.test(document.getElementById("drop-status")!.textContent ?? ""));
    await page.waitForFunction(() => document.querySelectorAll("#panel-n-over-d .errorbar").length >= 3);
    assert.match((await page.textContent("#drop-status"))!, /3 simulated values \(sweep\); 3 drawn; 0 hidden/);
    const drawn = (await rows(page, "n-over-d")).filter((r) => r.series === "SPA error: simulation");
    assert.equal(drawn.length, 3);
    for (const s of sim) {
      const row = drawn.find((r) => Number(r.n) === s.n)!;
      const z = (s.mean - k2({ ...base, n: s.n })) / s.stderr;
      assert.ok(Math.abs(Number(row.z) - z) <= 1e-9 * Math.max(1, Math.abs(z)), `z at n = ${s.n}: ${row.z} vs ${z}`);
    }

    // moving the θ slider moves the curves (and the URL)
    const pathOf = () => page.getAttribute("#panel-n-over-d .scatterlayer .trace:first-child path.js-line", "d");
    const before = { path: await pathOf(), rows: await rows(page, "n-over-d") };
    await page.locator("#s-theta").fill("150");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("theta") !== null);
    await page.waitForFunction((old) => document.querySelector("#panel-n-over-d .scatterlayer .trace path.js-line")?.getAttribute("d") !== old, before.path);
    const after = await rows(page, "n-over-d");
    const at = (rs: Row[]) => rs.find((r) => r.series === "SPA error" && r.n === "60")!.value;
    assert.notEqual(at(after), at(before.rows));
    assert.notEqual(await page.inputValue("#t-theta"), "2");

    // a bad typed value: the schema's message inline, the curves keep their last valid values
    await page.fill("#t-n", "abc");
    assert.equal(await page.textContent("#m-n"), "n must be an integer in [1, 10000000], got 'abc'");
    await page.fill("#t-n", "300");
    await page.fill("#t-k", "9");
    assert.equal(await page.textContent("#m-k"), "k must be an integer in [1, T=8], got '9'");
    assert.deepEqual(await rows(page, "n-over-d"), after);
    assert.ok(!/NaN/.test(await page.innerText("body")), "NaN shown on the page");
    assert.ok(!/NaN/.test(JSON.stringify(after)));

    // the K5 worker (a Blob-URL Web Worker, from file://) answers with its preview
    await page.waitForFunction(() => ((window as unknown as { explorer: ExplorerHook }).explorer.timings["k5-optimum:preview"]?.length ?? 0) > 0, null, { timeout: 60_000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
