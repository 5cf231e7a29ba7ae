/**
 * The Slurm recipe of docs/sweeps.md on a real single-node cluster (issue 15): submit
 * scripts/slurm/submit.sh (unchanged) as a 4-task array over test/slurm/sweep.json, scancel one
 * task midway, watch the afterany merge fail naming the missing points, resubmit only that task
 * as a user would, and compare the merged file byte for byte with a single-process run.
 * Runs after `npm test` in .ci/run, or alone: `npm run test:slurm`. It never skips: if Slurm
 * cannot be installed or started, it fails with the reason.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMeta } from "../../src/sweep/index.ts";
import { ensureSlurmInstalled, finished, jobTasks, sh, startCluster, type Cluster } from "./cluster.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const log = (s: string) => process.stderr.write(`# slurm: ${s}\n`);
const lineCount = (p: string) => (existsSync(p) ? readFileSync(p, "utf8").split("\n").length - 1 : 0);

async function waitFor<T>(probe: () => T | undefined, what: string, ms: number, cluster: Cluster): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}\n${cluster.logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Run submit.sh as a user would; returns the array and merge job ids. */
function submit(cluster: Cluster, config: string, extra: string[]): { array: string; merge: string } {
  const out = sh(join(root, "scripts/slurm/submit.sh"), [config, ...extra], { ...cluster.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` });
  const m = /sweep array job (\d+) .*merge job (\d+)/.exec(out);
  assert.ok(m, `submit.sh printed: ${out}`);
  return { array: m[1]!, merge: m[2]! };
}

test("the documented Slurm recipe: 4-task array, one task cancelled midway and resubmitted, merge equals a single-process run byte for byte", { timeout: 600_000 }, async () => {
  const t0 = Date.now();
  let passed = false;
  ensureSlurmInstalled(log);
  const dir = mkdtempSync(join(tmpdir(), "pa-slurm-"));
  chmodSync(dir, 0o755); // munged runs as the munge user and must reach its folder
  const cluster = await startCluster(join(dir, "cluster"), join(root, "test/slurm/slurm.conf.in"), { ctld: 16817, slurmd: 16818 });
  log(`cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  try {
    const work = join(dir, "work");
    sh("mkdir", ["-p", work]);
    const config = join(work, "sweep.json");
    copyFileSync(join(root, "test/slurm/sweep.json"), config);
    // two tasks at a time on the node's 2 CPUs
    const resources = ["--cpus-per-task=1", "--mem=1G"];
    const first = submit(cluster, config, resources);
    log(`submitted array ${first.array}, merge ${first.merge}`);

    // cancel task 2 once it has written a line but not all three
    const shard2 = join(work, "sweep.shard-2-of-4.jsonl");
    const atCancel = await waitFor(() => {
      const n = lineCount(shard2);
      return n >= 1 ? n : undefined;
    }, "task 2's first line", 240_000, cluster);
    sh("scancel", [`${first.array}_2`], cluster.env);
    assert.ok(atCancel < 3, `task 2 was cancelled midway (it had ${atCancel} of 3 lines)`);
    log(`scancel ${first.array}_2 with ${atCancel} of its 3 points written`);

    const mergeJob = await waitFor(() => {
      const tasks = [...jobTasks(cluster.env, first.array), ...jobTasks(cluster.env, first.merge)];
      return tasks.every(finished) ? tasks : undefined;
    }, "the array and the merge to end", 240_000, cluster);
    const states = Object.fromEntries(mergeJob.map((t) => [/^\d+$/.test(t.task) ? `task ${t.task}` : "merge", `${t.state} ${t.exit}`]));
    log(`after cancel: ${JSON.stringify(states)}`);
    assert.equal(states["task 2"]?.split(" ")[0], "CANCELLED");
    for (const t of ["task 0", "task 1", "task 3"]) assert.equal(states[t], "COMPLETED 0:0");
    assert.equal(states.merge, "FAILED 2:0", "the afterany merge runs and fails loudly");
    const mergeLog = readFileSync(join(work, `slurm-pa-merge-${first.merge}.out`), "utf8");
    assert.match(mergeLog, /^error: merge: \d of 12 points missing \(indices [\d, ]+; shards 2\/4\); run or resume those shards first$/m);
    assert.equal(existsSync(join(work, "sweep.jsonl")), false, "no merged file from an incomplete sweep");
    const keptLines = lineCount(shard2);
    // scancel's SIGTERM reached the sweep: it released its lock and stamped its run as stopped
    assert.equal(existsSync(`${shard2}.lock`), false);
    assert.equal(readMeta(shard2)!.runs.at(-1)!.stopped, "SIGTERM");
    log(`merge log: ${mergeLog.trim()}`);

    // resubmit only the cancelled shard, as a user would
    const second = submit(cluster, config, ["--tasks", "2", ...resources]);
    const after = await waitFor(() => {
      const tasks = [...jobTasks(cluster.env, second.array), ...jobTasks(cluster.env, second.merge)];
      return tasks.every(finished) ? tasks : undefined;
    }, "the resubmitted task and its merge to end", 240_000, cluster);
    assert.deepEqual(after.map((t) => `${t.state} ${t.exit}`), ["COMPLETED 0:0", "COMPLETED 0:0"]);
    const taskLog = readFileSync(join(work, `slurm-pa-sweep-${second.array}_2.out`), "utf8");
    assert.match(taskLog, new RegExp(`shard 2/4 of 12\\), ${keptLines} already done, ${3 - keptLines} computed`));
    log(`resubmitted task 2: ${taskLog.trim().split("\n").at(-1)}`);

    // the merged file against one process running the whole sweep
    const single = join(work, "single.jsonl");
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "sweep", config, "--out", single, "--workers", "2"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const merged = readFileSync(join(work, "sweep.jsonl"));
    const reference = readFileSync(single);
    assert.equal(merged.length, reference.length);
    assert.ok(merged.equals(reference), "merged shards and the single-process run differ");
    passed = true;
    log(`merged ${merged.length} bytes = single-process run ${reference.length} bytes, byte for byte; wall time ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await cluster.stop();
    const leftover = spawnSync("pgrep", ["-f", join(dir, "cluster")], { encoding: "utf8" }).stdout.trim();
    if (passed) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir} for inspection`);
    assert.equal(leftover, "", "every daemon the test started has stopped");
  }
});
