/** Sweep files as evidence: checksums, order, locks and build provenance (issue 16 item 4, issue 15). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir, hostname } from "node:os";
import { join } from "node:path";
import { mergeSweepFiles, planSweep, readMeta, readSweepFile, runSweep, SweepFileError, writeMeta } from "../src/sweep/index.ts";

const dir = mkdtempSync(join(tmpdir(), "sweep-files-"));
// expressivity at a tiny size: four cheap points
const CONFIG = { experiment: "expressivity", seed: 3, base: { law: "G", n: 40, nTest: 50, steps: 5 }, grid: { model: ["spa", "lpa", "uni", "ssa"] } };
const plan = planSweep(CONFIG);
const read = (p: string) => readFileSync(p, "utf8");
const refused = (pattern: RegExp) => (e: Error) => e instanceof SweepFileError && pattern.test(e.message) && !e.message.includes("\n");

const full = join(dir, "full.jsonl");
const shards = [0, 1].map((i) => join(dir, `s${i}.jsonl`));
const ready = (async () => {
  await runSweep(plan, { out: full });
  for (let i = 0; i < 2; i++) await runSweep(plan, { out: shards[i]!, shard: { i, N: 2 } });
})();

/** A copy of `src` (and its metadata) whose text is changed by `edit`. */
function tampered(src: string, name: string, edit: (rows: string[]) => string[]): string {
  const out = join(dir, name);
  writeFileSync(out, edit(read(src).trimEnd().split("\n")).join("\n") + "\n");
  copyFileSync(`${src}.meta.json`, `${out}.meta.json`);
  return out;
}

test("an edited number, a duplicate or a moved line is refused by resume, merge and reading alike", async () => {
  await ready;
  const edited = tampered(full, "edited.jsonl", (rows) => rows.map((r, i) => (i === 2 ? r.replace(/"mean":0\.(\d)/, (_m, d) => `"mean":0.${(Number(d) + 1) % 10}`) : r)));
  assert.notEqual(read(edited), read(full));
  assert.throws(() => readSweepFile(edited), refused(/edited\.jsonl:3: checksum mismatch: the line was edited or damaged$/));
  await assert.rejects(runSweep(plan, { out: edited }), refused(/checksum mismatch/));
  const dup = tampered(full, "dup.jsonl", (rows) => [rows[0]!, rows[1]!, rows[1]!, rows[2]!, rows[3]!]);
  assert.throws(() => readSweepFile(dup), refused(/dup\.jsonl:3: point 1 appears twice$/));
  const swapped = tampered(full, "swapped.jsonl", (rows) => [rows[0]!, rows[2]!, rows[1]!, rows[3]!]);
  assert.throws(() => mergeSweepFiles([swapped]), refused(/swapped\.jsonl:3: point 1 is out of order \(after point 2\)$/));
  const foreign = tampered(full, "foreign.jsonl", (rows) => [rows[0]!, '{"sweep":"x","index":1,"points":4}']);
  assert.throws(() => readSweepFile(foreign), refused(/foreign\.jsonl:2: not a sweep line \(no checksum\)$/));
  // the untouched files still merge into the unsharded run, byte for byte
  assert.equal(mergeSweepFiles(shards).text, read(full));
});

test("a second writer is refused at once while the lock is held; a stale lock (dead pid) is taken over", async () => {
  await ready;
  const out = join(dir, "locked.jsonl");
  const lock = `${out}.lock`;
  // a live holder: this test process's parent, on this host
  writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), slurmTask: null, since: "2026-01-01T00:00:00.000Z" }));
  const t0 = Date.now();
  await assert.rejects(runSweep(plan, { out }), refused(new RegExp(`locked\\.jsonl is being written by pid ${process.ppid} on ${hostname()} since 2026-01-01T00:00:00\\.000Z \\(lock .*\\.lock\\); if that process is gone, delete the lock$`)));
  assert.ok(Date.now() - t0 < 1000, "refused at once");
  assert.equal(existsSync(out), false, "nothing written by the refused writer");
  // a dead holder: a pid that cannot exist (above pid_max)
  writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), slurmTask: null, since: "2026-01-01T00:00:00.000Z" }));
  const run = await runSweep(plan, { out, shard: { i: 0, N: 2 } });
  assert.equal(run.computed, 2);
  assert.equal(existsSync(lock), false, "the lock is released at the end");
  assert.equal(read(out), read(shards[0]!));
  // two writers in one process: the second is refused while the first runs
  const racing = join(dir, "race.jsonl");
  const first = runSweep(plan, { out: racing });
  await assert.rejects(runSweep(plan, { out: racing }), refused(/race\.jsonl is being written by pid/));
  await first;
  assert.equal(read(racing), read(full));
  // a lock on another host is not ours to judge, unless it is the same Slurm array task (a requeue)
  writeFileSync(lock, JSON.stringify({ pid: 1, host: "node-7", slurmTask: "991_3", since: "2026-01-01T00:00:00.000Z" }));
  await assert.rejects(runSweep(plan, { out, shard: { i: 0, N: 2 } }), refused(/being written by pid 1 on node-7/));
  process.env.SLURM_ARRAY_JOB_ID = "991";
  process.env.SLURM_ARRAY_TASK_ID = "3";
  try {
    assert.equal((await runSweep(plan, { out, shard: { i: 0, N: 2 } })).computed, 0);
  } finally {
    delete process.env.SLURM_ARRAY_JOB_ID;
    delete process.env.SLURM_ARRAY_TASK_ID;
  }
});

test("shards of different builds: merge refuses naming the differing field; --allow-mixed merges and records both builds", async () => {
  await ready;
  const meta = readMeta(shards[0]!)!;
  assert.equal(meta.config, plan.hash);
  assert.deepEqual(meta.shard, { i: 0, N: 2 });
  assert.equal(meta.build.package, "prompt-attention-theory");
  assert.equal(meta.build.node, process.version);
  assert.ok(meta.runs.length === 1 && meta.runs[0]!.end !== null && meta.runs[0]!.start <= meta.runs[0]!.end!);
  // the other shard as a build at another commit would have written it
  const other = join(dir, "other-build.jsonl");
  copyFileSync(shards[1]!, other);
  const otherMeta = readMeta(shards[1]!)!;
  writeMeta(other, { ...otherMeta, build: { ...otherMeta.build, gitCommit: "0123456789abcdef0123456789abcdef01234567" } });
  const expected = `merge: ${other} was written by another build than ${shards[0]}: gitCommit ${JSON.stringify(meta.build.gitCommit)} vs "0123456789abcdef0123456789abcdef01234567"; pass --allow-mixed to merge anyway`;
  assert.throws(() => mergeSweepFiles([shards[0]!, other]), (e: Error) => e instanceof SweepFileError && e.message === expected);
  const mixed = mergeSweepFiles([shards[0]!, other], { allowMixed: true });
  assert.equal(mixed.text, read(full));
  assert.equal(mixed.meta.mixed?.[0]?.gitCommit, "0123456789abcdef0123456789abcdef01234567");
  // resuming a shard with another build is refused the same way
  await assert.rejects(runSweep(plan, { out: other, shard: { i: 1, N: 2 } }), refused(/other-build\.jsonl was written by another build \(gitCommit "0123456789abcdef0123456789abcdef01234567" vs .*\); pass --allow-mixed to resume it anyway$/));
  // a shard without its sidecar has an unknown build
  const bare = join(dir, "bare.jsonl");
  copyFileSync(shards[1]!, bare);
  assert.throws(() => mergeSweepFiles([shards[0]!, bare]), refused(/bare\.jsonl has no metadata sidecar/));
});
