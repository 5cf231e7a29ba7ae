/** The explorer page built into a temporary folder and opened from file:// in headless Chromium, its console errors collected. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { buildExplorer } from "../src/explore/build.ts";

/** What the page exposes for tests: each panel's CSV rows, and its redraw times by key. */
export interface ExplorerHook {
  rows(id: string): Record<string, string>[];
  timings: Record<string, number[]>;
}

export async function openExplorer(browser: Browser, query = ""): Promise<{ page: Page; errors: string[]; file: string }> {
  const file = await buildExplorer(join(mkdtempSync(join(tmpdir(), "pa-explore-")), "explore.html"));
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const errors: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${pathToFileURL(file).href}${query}`);
  return { page, errors, file };
}
