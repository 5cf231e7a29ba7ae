/**
 * Manual check (not in npm test: minutes under load): the K5 and G1–G3 values the explorer computes
 * in its workers equal `theory known-prompt --noise isotropic`, `optimal-theta` and `theory gd-steps`.
 * Usage: npx tsx test/explore-exact-check.ts
 */
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
console.log("K5 θ=2 page", at2.value, "cli", a.error, "rel", Math.abs(at2.value - a.error) / a.error);
console.log("opt page", opt.theta, opt.value, opt.errorHardmax, opt.errorMeanPooling, "cli", o.optimal.theta, o.optimal.error, o.hardmax.error, o.meanPooling.error);
await page.waitForFunction(() => ((window as any).explorer.timings["gd-steps:exact"]?.length ?? 0) > 0, null, { timeout: 900_000 });
const gd = await page.evaluate(() => (window as any).explorer.rows("gd-steps"));
const g = JSON.parse(cli(["theory", "gd-steps", "--d", "100", "--n", "400", "--json"]).stdout);
for (const q of ["cosW1", "cosQ1", "attentionMass", "testError"]) { const r = gd.find((r: any) => r.quantity === q && r.n === "400"); console.log(q, r.value, g[q], Math.abs(r.value - g[q]) / Math.abs(g[q])); }
console.log(errors, await page.textContent("#panel-gd-steps .status"));
await browser.close();
