/**
 * An on-disk cache for the Monte Carlo side of the agreement checks, used by the mutation run
 * (mutations/run.ts): a mutant changes only formula code, so every mutant can reuse the
 * simulations of the unmutated tree. Enabled only when PA_SIM_CACHE names a folder; the key
 * covers the inputs and every source file on the simulation side, so a change there misses.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const SIM_SIDE = ["random", "linalg", "special", "data", "models", "eval", "train", "sim"];
const SRC = resolve(import.meta.dirname, "../src");

let sourceHash: string | undefined;
function simSourceHash(): string {
  if (sourceHash) return sourceHash;
  const h = createHash("sha256");
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts")) h.update(p.slice(SRC.length)).update(readFileSync(p));
    }
  };
  for (const d of SIM_SIDE) if (existsSync(join(SRC, d))) walk(join(SRC, d));
  return (sourceHash = h.digest("hex"));
}

/** `compute()`, or its stored result for the same label, inputs and simulation-side sources. */
export function cachedSimulation<T>(label: string, inputs: unknown, compute: () => T): T {
  const dir = process.env.PA_SIM_CACHE;
  if (!dir) return compute();
  const key = createHash("sha256").update(label).update(JSON.stringify(inputs)).update(simSourceHash()).digest("hex").slice(0, 32);
  const file = join(dir, `${label}-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"), (_k, v) => (v === "Infinity" ? Infinity : v)) as T;
  const value = compute();
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value, (_k, v) => (v === Infinity ? "Infinity" : v)));
  renameSync(tmp, file);
  return value;
}
