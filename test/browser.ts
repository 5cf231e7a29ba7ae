/**
 * Headless Chromium for the browser tests, with no apt package needed: a system Chromium is used
 * when one is found (CHROMIUM_PATH, then `chromium` on PATH), otherwise the binary that the npm
 * package @sparticuz/chromium ships inside itself (unpacked on first use).
 */
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

// Chromium's background services try to reach the network, which a closed machine refuses.
const QUIET = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function executable(): Promise<{ path: string; args: string[] }> {
  const onPath = (process.env.PATH ?? "").split(delimiter).flatMap((dir) => ["chromium", "chromium-browser"].map((name) => join(dir, name)));
  const system = [process.env.CHROMIUM_PATH, ...onPath].find((p) => p && existsSync(p));
  if (system) return { path: system, args: ["--headless", ...QUIET] };
  const packaged = (await import("@sparticuz/chromium")).default;
  return { path: await packaged.executablePath(), args: [...packaged.args, ...QUIET] };
}

export async function launchBrowser(): Promise<Browser> {
  const { path, args } = await executable();
  return chromium.launch({ executablePath: path, args, headless: true });
}
