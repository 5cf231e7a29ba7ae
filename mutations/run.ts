/**
 * The mutation run: `npm run mutation [-- --only id,id --jobs 2 --seed 1 --json]`.
 *
 * For each catalogued mutation (mutations/catalogue.ts): copy the tree to a scratch folder, apply
 * the one textual change, run `verify <claims> --json` there, and count the mutation caught when
 * any of its claims fails. The unmutated tree is verified first (a check that fails without a
 * mutation proves nothing). Simulations are shared through the on-disk cache of
 * theorems/simCache.ts, keyed by the simulation-side sources that no mutation touches.
 * Prints a table (mutation, caught by, largest |z| among the failing rows) and the score; exits 1
 * if any mutation survives or an entry no longer matches the code.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CATALOGUE, type Mutation } from "./catalogue.ts";

const ROOT = resolve(import.meta.dirname, "..");
const TREE = ["src", "theorems", "notebooks", "package.json", "tsconfig.json"];

interface Outcome {
  id: string;
  caught: boolean;
  caughtBy: string[];
  maxAbsZ: number | null;
  seconds: number;
  error?: string;
}

function args() {
  const a = process.argv.slice(2);
  const get = (flag: string) => {
    const i = a.indexOf(flag);
    return i >= 0 ? a[i + 1] : undefined;
  };
  const only = get("--only")?.split(",").filter(Boolean);
  const unknown = only?.filter((id) => !CATALOGUE.some((m) => m.id === id)) ?? [];
  if (unknown.length) {
    console.error(`--only must name catalogued mutations (${CATALOGUE.map((m) => m.id).join(", ")}), got ${unknown.join(", ")}`);
    process.exit(2);
  }
  const jobs = Number(get("--jobs") ?? 2), seed = Number(get("--seed") ?? 1);
  if (!(Number.isInteger(jobs) && jobs >= 1 && jobs <= 16)) {
    console.error(`--jobs must be an integer in [1, 16], got ${get("--jobs")}`);
    process.exit(2);
  }
  return { only, jobs, seed, json: a.includes("--json") };
}

/** The tree as it was when the run started: every mutant is made from this snapshot. */
const SNAPSHOT = mkdtempSync(join(tmpdir(), "pa-snapshot-"));
for (const f of TREE) cpSync(join(ROOT, f), join(SNAPSHOT, f), { recursive: true });

/** A scratch copy of the snapshot, with node_modules linked, and the mutation applied. */
function scratchTree(m: Mutation | null): string {
  const dir = mkdtempSync(join(tmpdir(), "pa-mutant-"));
  for (const f of TREE) cpSync(join(SNAPSHOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  if (m) {
    const path = join(dir, m.file);
    const text = readFileSync(path, "utf8");
    const hits = text.split(m.find).length - 1;
    if (hits !== 1) throw new Error(`mutation ${m.id}: the text to change occurs ${hits} times in ${m.file} (must be exactly once)`);
    writeFileSync(path, text.replace(m.find, m.replace));
  }
  return dir;
}

/** Largest |z| among rows that failed, anywhere in a claim's evidence. */
function failingZ(value: unknown): number | null {
  let best: number | null = null;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.pass === false && typeof o.z === "number" && Number.isFinite(o.z)) best = Math.max(best ?? 0, Math.abs(o.z));
      Object.entries(o).forEach(([k, x]) => { if (k !== "perturbed") visit(x); });
    }
  };
  visit(value);
  return best;
}

function verify(dir: string, claims: string[], seed: number, cache: string): Promise<{ claim: string; pass: boolean; evidence: unknown }[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "verify", ...claims, "--json", "--seed", String(seed)], { cwd: dir, env: { ...process.env, PA_SIM_CACHE: cache }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (err += b));
    child.on("close", () => {
      try {
        done(JSON.parse(out));
      } catch {
        fail(new Error(`verify ${claims.join(" ")} printed no JSON: ${err.trim().split("\n").pop()}`));
      }
    });
  });
}

async function runOne(m: Mutation, seed: number, cache: string): Promise<Outcome> {
  const t0 = Date.now();
  let dir: string | undefined;
  try {
    dir = scratchTree(m);
    const results = await verify(dir, m.claims, seed, cache);
    const failed = results.filter((r) => !r.pass);
    const zs = failed.map((r) => failingZ(r.evidence)).filter((z): z is number => z !== null);
    return { id: m.id, caught: failed.length > 0, caughtBy: failed.map((r) => r.claim), maxAbsZ: zs.length ? Math.max(...zs) : null, seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    return { id: m.id, caught: false, caughtBy: [], maxAbsZ: null, seconds: (Date.now() - t0) / 1000, error: (e as Error).message };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { only, jobs, seed, json } = args();
  const chosen = only ? CATALOGUE.filter((m) => only.includes(m.id)) : CATALOGUE;
  const cache = mkdtempSync(join(tmpdir(), "pa-simcache-"));
  const claims = [...new Set(chosen.flatMap((m) => m.claims))];
  const log = (s: string) => { if (!json) console.error(s); };
  log(`baseline: verify ${claims.join(" ")} on the unmutated tree (fills the simulation cache)`);
  const base = scratchTree(null);
  const baseline = await verify(base, claims, seed, cache).finally(() => rmSync(base, { recursive: true, force: true }));
  const broken = baseline.filter((r) => !r.pass).map((r) => r.claim);
  if (broken.length) {
    console.error(`the unmutated tree fails ${broken.join(", ")}: no mutation can be scored`);
    process.exit(1);
  }
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, async () => {
    while (next < chosen.length) {
      const m = chosen[next++]!;
      const o = await runOne(m, seed, cache);
      outcomes.push(o);
      log(`${o.caught ? "caught  " : o.error ? "ERROR   " : "SURVIVED"} ${m.id} (${o.seconds.toFixed(0)} s)${o.error ? `: ${o.error}` : ""}`);
    }
  }));
  rmSync(cache, { recursive: true, force: true });
  rmSync(SNAPSHOT, { recursive: true, force: true });
  outcomes.sort((a, b) => chosen.findIndex((m) => m.id === a.id) - chosen.findIndex((m) => m.id === b.id));
  const caught = outcomes.filter((o) => o.caught).length;
  if (json) console.log(JSON.stringify({ seed, caught, total: outcomes.length, outcomes }, null, 2));
  else {
    console.log("| mutation | what | caught by | max |z| of failing rows |");
    console.log("|---|---|---|---|");
    for (const o of outcomes) {
      const m = chosen.find((x) => x.id === o.id)!;
      console.log(`| ${o.id} | ${m.what} | ${o.caught ? o.caughtBy.join(", ") : o.error ? `error: ${o.error}` : "SURVIVED"} | ${o.maxAbsZ === null ? "—" : o.maxAbsZ.toFixed(1)} |`);
    }
    console.log(`mutation score: ${caught}/${outcomes.length} caught (${((100 * caught) / outcomes.length).toFixed(0)}%)`);
  }
  if (caught < outcomes.length) process.exitCode = 1;
}

await main();
