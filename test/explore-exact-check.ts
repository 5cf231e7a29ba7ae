/**
 * Manual check (not in npm test: minutes under load): the K5 and G1–G3 values the explorer computes
 * in its workers equal `theory known-prompt --noise isotropic`, `optimal-theta` and `theory gd-steps`.
 * Usage: npx tsx test/explore-exact-check.ts
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./browser.ts";
import { openExplorer } from "./exploreHarness.ts";
import { cli } from "./cliHarness.ts";
const browser = await launchBrowser();
const { page, errors } = await openExplorer(browser, "?d=100");
await page.waitForFunction(() => ((window as any).explorer.timings["k5-optimum:exact"]?.length ?? 0) > 0, null, { timeout: 600_000 });
const k5 = await page.evaluate(() => (window as any).explorer.rows("k5-optimum"));
const at2 = k5.find((r: any) => r.series === "SPA error (K5)" && r.theta === "2");
const opt = k5.find((r: any) => r.series === "optimal θ");
const a = JSON.parse(cli(["theory", "known-prompt", "--d", "100", "--noise", "isotropic", "--theta", "2", "--json"]).stdout);
const o = JSON.parse(cli(["optimal-theta", "--d", "100", "--json"]).stdout);
const same = (label: string, page: number, want: number) => {
  console.log(`${label.padEnd(16)} page ${page}  CLI ${want}`);
  assert.ok(Math.abs(page - want) <= 1e-12 * Math.abs(want), label);
};
same("K5 error θ = 2", Number(at2.value), a.error);
same("θ*", Number(opt.theta), o.optimal.theta);
same("error at θ*", Number(opt.value), o.optimal.error);
same("hardmax", Number(opt.errorHardmax), o.hardmax.error);
same("mean pooling", Number(opt.errorMeanPooling), o.meanPooling.error);
await page.waitForFunction(() => ((window as any).explorer.timings["gd-steps:exact"]?.length ?? 0) > 0, null, { timeout: 900_000 });
const gd = await page.evaluate(() => (window as any).explorer.rows("gd-steps"));
const g = JSON.parse(cli(["theory", "gd-steps", "--d", "100", "--n", "400", "--json"]).stdout);
for (const q of ["cosW1", "cosQ1", "attentionMass", "testError"]) same(q, Number(gd.find((r: any) => r.quantity === q && r.n === "400").value), g[q]);
assert.deepEqual(errors, []);
await browser.close();
