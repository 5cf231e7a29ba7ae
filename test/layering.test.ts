/**
 * The import graph keeps the checks honest (README, design notes): layers import only downwards,
 * a simulation never imports the theory it is compared with, and the theory never imports the
 * models, evaluators or simulations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, dirname, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");

/** Layer of each top folder, low to high; a module may import its own layer or lower ones. */
const LAYER: Record<string, number> = {
  "src/random": 0, "src/special": 0, "src/linalg": 0, "src/stats": 0,
  "src/data": 1, "src/models": 1, "src/params": 1,
  "src/eval": 2, "src/train": 2, "src/theory": 2,
  "src/sim": 3,
  "src/sweep": 4, theorems: 4,
  notebooks: 5, "src/report": 5,
  "src/cli": 6, "src/cli.ts": 6, "src/index.ts": 6, "src/explore": 6,
};
/** Imports forbidden even where the layers would allow them. */
const FORBIDDEN: [string, string][] = [
  ["src/sim", "src/theory"],
  ["src/theory", "src/models"],
  ["src/theory", "src/eval"],
  ["src/theory", "src/sim"],
  ["src/eval", "src/theory"],
  ["src/eval", "src/train"],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function area(path: string): string | undefined {
  const rel = relative(ROOT, path).split("\\").join("/");
  return Object.keys(LAYER).filter((k) => rel === k || rel.startsWith(k + "/")).sort((a, b) => b.length - a.length)[0];
}

function edges(): { from: string; to: string; fromArea: string; toArea: string }[] {
  const out: { from: string; to: string; fromArea: string; toArea: string }[] = [];
  for (const f of [...files(join(ROOT, "src")), ...files(join(ROOT, "theorems")), ...files(join(ROOT, "notebooks"))]) {
    const fromArea = area(f);
    if (!fromArea) continue;
    for (const m of readFileSync(f, "utf8").matchAll(/^\s*(?:import|export)[^;]*?from\s+"(\.[^"]+)"/gm)) {
      const target = resolve(dirname(f), m[1]!);
      const toArea = area(target);
      if (toArea) out.push({ from: relative(ROOT, f), to: relative(ROOT, target), fromArea, toArea });
    }
  }
  return out;
}

test("every module lives in a known layer", () => {
  const unknown = [...files(join(ROOT, "src")), ...files(join(ROOT, "theorems")), ...files(join(ROOT, "notebooks"))].filter((f) => !area(f));
  assert.deepEqual(unknown.map((f) => relative(ROOT, f)), []);
});

test("imports point down the layers, and simulation and theory share no code", () => {
  const all = edges();
  assert.ok(all.length > 100, "the import scan found too few imports");
  const upward = all.filter((e) => LAYER[e.toArea]! > LAYER[e.fromArea]!);
  const forbidden = all.filter((e) => FORBIDDEN.some(([a, b]) => e.fromArea === a && e.toArea === b));
  assert.deepEqual(upward.map((e) => `${e.from} → ${e.to}`), [], "upward imports");
  assert.deepEqual(forbidden.map((e) => `${e.from} → ${e.to}`), [], "forbidden imports");
});

test("the scan sees a forbidden import when one is there", () => {
  const probe = `import { x } from "../theory/k5.ts";`;
  const m = [...probe.matchAll(/^\s*(?:import|export)[^;]*?from\s+"(\.[^"]+)"/gm)];
  assert.equal(m.length, 1);
  assert.equal(area(resolve(ROOT, "src/sim", m[0]![1]!)), "src/theory");
});
