/** The sweep and merge commands as a user runs them: exit codes, messages, signals, resume. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "./cliHarness.ts";
import { planSweep, readMeta, runSweep } from "../src/sweep/index.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "sweep-cli-"));
const read = (p: string) => readFileSync(p, "utf8");
const SMALL = { experiment: "known-prompt", seed: 7, trials: 3, base: { d: 16, T: 4 }, grid: { n: [8, 32] } };
// 8 points of 40 trials (tens of ms each on a fast core), so a kill lands inside the run
const SLOW = { experiment: "known-prompt", seed: 2, trials: 40, base: { d: 60, n: 120, T: 16 }, grid: { theta: [0, 1, 2, 4], rho: [0, 0.5] } };
function configFile(name: string, config: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config));
  return path;
}

test("a malformed config exits 2 with one line naming the field and writes nothing; 1e400 is named, not 'null'", () => {
  const path = configFile("bad.json", { ...SMALL, grid: { sigma: [1, -1] } });
  const r = cli(["sweep", path]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.equal(r.stderr, `error: config '${path}': grid.sigma[1] must be a number in (0, 1000000], got -1\n`);
  assert.equal(existsSync(join(dir, "bad.jsonl")), false);
  const huge = configFile("huge.json", '{"experiment":"gd-steps","base":{"beta":1e400}}');
  const h = cli(["sweep", huge]);
  assert.equal(h.status, 2);
  assert.equal(h.stderr, `error: config '${huge}': base.beta must be a number in (0, 1000000], got a number beyond the double range (|x| > 1.8e308, read as Infinity)\n`);
  const j = cli(["sweep", configFile("notjson.json", "{ not json")]);
  assert.equal(j.status, 2);
  assert.match(j.stderr, /^error: config '.*notjson\.json' is not valid JSON: [^\n]*\n$/);
});

test("--out under a file is explained in one line (not EEXIST); sweep and merge exit 2 alike for the same bad file", async () => {
  const config = configFile("small.json", SMALL);
  writeFileSync(join(dir, "file.txt"), "a file\n");
  const r = cli(["sweep", config, "--out", join(dir, "file.txt", "x.jsonl")]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `error: --out '${join(dir, "file.txt", "x.jsonl")}': '${join(dir, "file.txt")}' is a file, not a folder\n`);
  const m = cli(["merge", join(dir, "nothing.jsonl"), "--out", join(dir, "file.txt", "deeper", "m.jsonl")]);
  assert.equal(m.status, 2);

  const out = join(dir, "small.jsonl");
  assert.equal(cli(["sweep", config, "--out", out, "--workers", "1"]).status, 0);
  const edited = read(out).replace('"n":8', '"n":9');
  writeFileSync(out, edited);
  const s = cli(["sweep", config, "--out", out]);
  const g = cli(["merge", out, "--out", join(dir, "merged.jsonl")]);
  assert.equal(s.status, 2, s.stderr);
  assert.equal(g.status, 2, g.stderr);
  assert.match(s.stderr, /^error: .*small\.jsonl:1: checksum mismatch: the line was edited or damaged\n$/);
  assert.equal(g.stderr, s.stderr);
  assert.equal(existsSync(join(dir, "merged.jsonl")), false);
});

test("merge names the missing points and their shards, exit 2; --plan prints the point count", async () => {
  const config = configFile("plan.json", SMALL);
  const p = cli(["sweep", config, "--plan", "--json"]);
  assert.equal(p.status, 0);
  assert.deepEqual(JSON.parse(p.stdout), { experiment: "known-prompt", sweep: planSweep(SMALL).hash, points: 2, shards: null });
  assert.equal(cli(["sweep", config, "--shard", "0/2", "--workers", "1"]).status, 0);
  const m = cli(["merge", join(dir, "plan.shard-0-of-2.jsonl"), "--out", join(dir, "plan.jsonl")]);
  assert.equal(m.status, 2);
  assert.equal(m.stderr, "error: merge: 1 of 2 points missing (indices 1; shards 1/2); run or resume those shards first\n");
});

interface Wrapped {
  wrapper: ReturnType<typeof spawn>;
  exited: Promise<number | null>;
}

/** `tsx src/cli.ts sweep ...` through tsx's own CLI wrapper, as `npx tsx` runs it. */
function wrappedSweep(config: string, out: string, workers: number): Wrapped {
  const wrapper = spawn(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "src/cli.ts"), "sweep", config, "--out", out, "--workers", String(workers)], { stdio: "ignore" });
  return { wrapper, exited: new Promise((resolve) => wrapper.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null)))) };
}

async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("killing the tsx wrapper stops the real process (SIGTERM relayed; SIGKILL noticed), releases the lock, and the sweep resumes to the uninterrupted bytes", async () => {
  const config = configFile("slow.json", SLOW);
  const reference = join(dir, "reference.jsonl");
  await runSweep(planSweep(SLOW), { out: reference, workers: 1 });

  for (const [signal, workers] of [["SIGTERM", 2], ["SIGKILL", 2]] as const) {
    const out = join(dir, `killed-${signal}.jsonl`);
    const { wrapper, exited } = wrappedSweep(config, out, workers);
    await until(() => existsSync(out) && read(out).includes("\n"), "the first line");
    const real = JSON.parse(read(`${out}.lock`)).pid as number;
    assert.notEqual(real, wrapper.pid, "the lock names the real process, not the wrapper");
    wrapper.kill(signal);
    await exited;
    await until(() => !alive(real), `the real process to stop after ${signal} of the wrapper`, 30_000);
    const written = read(out);
    const lines = written.split("\n").length - 1;
    assert.ok(lines >= 1 && lines < 8, `${signal}: stopped mid-sweep (${lines} lines)`);
    assert.equal(existsSync(`${out}.lock`), false, `${signal}: lock released`);
    assert.equal(readMeta(out)!.runs[0]!.stopped, "SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(read(out), written, `${signal}: nothing appended after the stop`);
    // a torn tail, as a crash inside a write would leave, is dropped on resume
    appendFileSync(out, '{"sweep":"torn');
    const r = cli(["sweep", config, "--out", out, "--workers", "2", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.skipped, lines);
    assert.equal(summary.skipped + summary.computed, 8);
    assert.equal(summary.droppedBytes, '{"sweep":"torn'.length);
    assert.equal(read(out), read(reference));
    assert.equal(readMeta(out)!.runs.length, 2);
  }
});

test("a SIGKILL of the real process leaves a stale lock that the next run takes over; the same config run again computes nothing", async () => {
  const config = configFile("slow2.json", SLOW);
  const out = join(dir, "slow2.jsonl");
  const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(root, "src/cli.ts"), "sweep", config, "--out", out, "--workers", "1"], { stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await until(() => existsSync(out) && read(out).includes("\n"), "the first line");
  child.kill("SIGKILL");
  await exited;
  assert.equal(existsSync(`${out}.lock`), true, "SIGKILL leaves the lock behind");
  const r = cli(["sweep", config, "--out", out, "--workers", "2", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const again = cli(["sweep", config, "--out", out, "--json"]);
  assert.equal(JSON.parse(again.stdout).computed, 0);
});
