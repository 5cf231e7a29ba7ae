/**
 * Redraw times of the explorer's panels in headless Chromium (issue 14): N slider moves per
 * panel, each timed on the page from the input event to the end of Plotly's redraw; median and
 * worst. Also writes a screenshot of every panel. Not part of `npm test` (a few minutes).
 * Usage: npx tsx test/explore-measure.ts [--moves 50] [--shots dir]
 */
import { mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser } from "./browser.ts";
import { openExplorer, type ExplorerHook } from "./exploreHarness.ts";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const MOVES = Number(arg("moves", "50"));
const SHOTS = arg("shots", "");

const count = (page: Page, key: string) => page.evaluate((k) => (window as unknown as { explorer: ExplorerHook }).explorer.timings[k]?.length ?? 0, key);
const times = (page: Page, key: string) => page.evaluate((k) => (window as unknown as { explorer: ExplorerHook }).explorer.timings[k] ?? [], key);

/** Move `slider` `moves` times; after each move wait until every key in `waitFor` has one more timing. */
async function moveAndWait(page: Page, slider: string, positions: number[], waitFor: string[], timeout: number): Promise<void> {
  for (const pos of positions) {
    const before = await Promise.all(waitFor.map((k) => count(page, k)));
    await page.locator(slider).fill(String(pos));
    await page.waitForFunction(({ keys, before }) => keys.every((k, i) => ((window as unknown as { explorer: ExplorerHook }).explorer.timings[k]?.length ?? 0) > before[i]!), { keys: waitFor, before }, { timeout });
  }
}

function summary(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return `median ${median.toFixed(1)} ms, worst ${s.at(-1)!.toFixed(1)} ms (${s.length} moves)`;
}

/**
 * The machine's load, to judge the times by: the 1-minute load average against the core count, and
 * a fixed JavaScript workload timed on the page's own thread (after a warm-up run, median of 7, in ms).
 */
async function load(page: Page, when: string): Promise<void> {
  const ms = await page.evaluate(() => {
    const runs: number[] = [];
    for (let r = 0; r < 8; r++) {
      const t = performance.now();
      let acc = 0;
      for (let i = 1; i <= 2_000_000; i++) acc += Math.log(i) * Math.exp(-i * 1e-6);
      runs.push(performance.now() - t + (acc === -1 ? 1 : 0));
    }
    return runs.slice(1).sort((a, b) => a - b)[3]!;
  });
  console.log(`load ${when}: load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} cores; reference workload (2e6 log·exp on the page's thread) ${ms.toFixed(1)} ms`);
}

const browser = await launchBrowser();
try {
  const { page, errors } = await openExplorer(browser);
  await page.waitForFunction(() => (window as unknown as { explorer: ExplorerHook }).explorer.timings["k5-optimum:preview"]?.length === 1, null, { timeout: 120_000 });
  await load(page, "before");
  const positions = (n: number, lo: number, hi: number) => Array.from({ length: n }, (_, i) => Math.round(lo + ((hi - lo) * ((i * 37) % n)) / (n - 1)));
  const K2 = ["n-over-d", "theta", "lambda"];
  // θ moves redraw only the three K2 panels (K5's axis does not follow θ)
  const skip = Object.fromEntries(await Promise.all([...K2, "k5-optimum:preview"].map(async (k) => [k, await count(page, k)] as const)));
  await moveAndWait(page, "#s-theta", positions(MOVES, 300, 700), K2, 120_000);
  for (const k of K2) console.log(`${k.padEnd(22)} ${summary((await times(page, k)).slice(skip[k]))}  (θ moves)`);
  // ρ moves redraw the K2 panels and restart K5, timed to its preview curve
  await moveAndWait(page, "#s-rho", positions(MOVES, 20, 980), [...K2, "k5-optimum:preview"], 120_000);
  console.log(`${"k5-optimum:preview".padEnd(22)} ${summary((await times(page, "k5-optimum:preview")).slice(skip["k5-optimum:preview"]))}  (ρ moves)`);
  // β moves replan only the G1–G3 panel: timed to its first full curve (G1, cos(w1, w⋆))
  const g0 = await count(page, "gd-steps:first-curve");
  await moveAndWait(page, "#s-beta", positions(MOVES, 500, 800), ["gd-steps:first-curve"], 120_000);
  console.log(`${"gd-steps:first-curve".padEnd(22)} ${summary((await times(page, "gd-steps:first-curve")).slice(g0))}`);
  // the full values with the command line's own rules, a few moves each (tens of seconds apiece)
  const few = Number(arg("exact-moves", "3"));
  const e0 = await count(page, "k5-optimum:exact");
  await moveAndWait(page, "#s-rho", positions(few, 100, 300), ["k5-optimum:exact"], 600_000);
  console.log(`${"k5-optimum:exact".padEnd(22)} ${summary((await times(page, "k5-optimum:exact")).slice(e0))}`);
  const x0 = await count(page, "gd-steps:exact");
  await moveAndWait(page, "#s-beta", positions(few, 550, 560), ["gd-steps:exact"], 900_000);
  console.log(`${"gd-steps:exact".padEnd(22)} ${summary((await times(page, "gd-steps:exact")).slice(x0))}`);
  await load(page, "after");
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    for (const id of [...K2, "k5-optimum", "gd-steps"]) await page.locator(`#panel-${id}`).screenshot({ path: join(SHOTS, `${id}.png`) });
    await page.screenshot({ path: join(SHOTS, "page.png") });
    console.log(`screenshots in ${SHOTS}`);
  }
  // isotropic noise: the three known-prompt panels become K5 too (a worker each), timed to their previews
  await page.selectOption("#t-noise", "isotropic");
  const ISO = [...K2, "k5-optimum"].map((k) => `${k}:preview`);
  await page.waitForFunction((keys) => keys.every((k) => ((window as unknown as { explorer: ExplorerHook }).explorer.timings[k]?.length ?? 0) > 0), ISO, { timeout: 120_000 });
  const i0 = Object.fromEntries(await Promise.all(ISO.map(async (k) => [k, await count(page, k)] as const)));
  await moveAndWait(page, "#s-rho", positions(MOVES, 20, 980), ISO, 120_000);
  for (const k of ISO) console.log(`${k.padEnd(22)} ${summary((await times(page, k)).slice(i0[k]))}  (ρ moves, isotropic noise)`);
  if (SHOTS) for (const id of K2) await page.locator(`#panel-${id}`).screenshot({ path: join(SHOTS, `${id}-isotropic.png`) });
  console.log(`console errors: ${errors.length}${errors.length ? `: ${errors.join(" | ")}` : ""}`);
} finally {
  await browser.close();
}
