/**
 * `report --out` never deletes what it did not write (issue 16, item 3), and its slips (item 8):
 * `--only ''`, an unwritable `--out`, both refused before anything is computed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./cliHarness.ts";
import { writeReport } from "../src/report/write.ts";
import { MANIFEST, openReportOut, ReportOutError } from "../src/report/outDir.ts";
import type { Section } from "../src/report/types.ts";
import { provenance } from "../src/report/provenance.ts";

const section = (id: string): Section => ({
  id: "s", title: "S", intro: "",
  figures: [{ id, title: id, caption: "c", claims: [], params: {}, seed: 1, trials: 1, traces: [], layout: {}, rows: [{ x: 1, y: 2 }] }],
});
const meta = { provenance: provenance({ seed: 1, quick: true }), claims: [] };
const scratch = () => mkdtempSync(join(tmpdir(), "pa-out-"));

test("a new folder gets the report and a manifest of its files; no staging folder is left", () => {
  const root = scratch();
  const out = join(root, "report");
  writeReport(out, [section("a")], meta);
  const manifest = JSON.parse(readFileSync(join(out, MANIFEST), "utf8")) as { files: string[] };
  assert.deepEqual(manifest.files.sort(), ["data/a.csv", "data/a.json", "data/claims.json", "index.html"]);
  assert.deepEqual(readdirSync(root), ["report"]);
});

test("a previous report is replaced whole: files of the old report that the new one does not write are gone", () => {
  const out = join(scratch(), "report");
  writeReport(out, [section("old")], meta);
  writeReport(out, [section("new")], meta);
  assert.ok(existsSync(join(out, "data", "new.json")));
  assert.ok(!existsSync(join(out, "data", "old.json")));
});

test("a folder with files the report did not write is refused, before any computation, unless --force", () => {
  const out = join(scratch(), "results");
  mkdirSync(out);
  writeFileSync(join(out, "precious.csv"), "keep me\n");
  assert.throws(() => openReportOut(out), (e: Error) => e instanceof ReportOutError && /not a previous report/.test(e.message) && /--force/.test(e.message));
  // a previous report into which the user put a file of their own is no longer only ours either
  const rep = join(scratch(), "report");
  writeReport(rep, [section("a")], meta);
  writeFileSync(join(rep, "notes.txt"), "mine\n");
  assert.throws(() => openReportOut(rep), ReportOutError);
  // --force writes in and keeps every file the report did not write; the old report's own files are replaced
  writeReport(openReportOut(rep, { force: true }), [section("b")], meta);
  assert.equal(readFileSync(join(rep, "notes.txt"), "utf8"), "mine\n");
  assert.ok(existsSync(join(rep, "data", "b.json")) && !existsSync(join(rep, "data", "a.json")));
  writeReport(openReportOut(out, { force: true }), [section("c")], meta);
  assert.equal(readFileSync(join(out, "precious.csv"), "utf8"), "keep me\n");
  assert.ok(existsSync(join(out, "index.html")));
});

test("an empty folder is used; a failure while writing leaves the target untouched and no staging behind", () => {
  const root = scratch();
  const out = join(root, "report");
  mkdirSync(out);
  writeReport(out, [section("a")], meta);
  assert.ok(existsSync(join(out, "index.html")));
  const before = readFileSync(join(out, "index.html"), "utf8");
  const dup = section("a");
  dup.figures.push(dup.figures[0]!);
  assert.throws(() => writeReport(out, [dup], meta), /used twice/);
  assert.equal(readFileSync(join(out, "index.html"), "utf8"), before);
  assert.deepEqual(readdirSync(root), ["report"]);
});

test("a killed run's staging folder (its process gone) is removed by the next run; a live run's is kept", () => {
  const root = scratch();
  const dead = spawnSync(process.execPath, ["-e", ""]).pid!; // exited: its pid names no process now
  mkdirSync(join(root, `.report.staging-${dead}-abc`));
  writeFileSync(join(root, `.report.staging-${dead}-abc`, "index.html"), "half");
  mkdirSync(join(root, ".report.staging-1-def")); // pid 1 is alive
  mkdirSync(join(root, ".other.staging-" + dead + "-x")); // another target's: not ours to judge
  writeReport(join(root, "report"), [section("a")], meta);
  assert.deepEqual(readdirSync(root).sort(), [`.other.staging-${dead}-x`, ".report.staging-1-def", "report"]);
});

test("CLI: --out in a refused or unwritable place, and --only '', fail at once with exit 2 and one line, nothing written", () => {
  const root = scratch();
  const foreign = join(root, "results");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "precious.csv"), "keep me\n");
  writeFileSync(join(root, "a-file"), "");
  const cases: [string[], RegExp][] = [
    [["report", "--only", "", "--out", join(root, "r1")], /--only must list section ids among known-prompt,/],
    [["report", "--only", "k5,", "--out", join(root, "r2")], /--only must list section ids/],
    [["report", "--out", join(root, "a-file", "report")], /--out .* is not writable \('.*a-file' is a file\)/],
    [["report", "--out", join(root, "a-file")], /is a file, not a folder/],
    [["report", "--out", foreign], /not a previous report.*--force/],
  ];
  // the same modules loaded without computing anything: the yardstick for "failed at once" on a loaded machine
  const t0 = Date.now();
  cli(["report", "--help"]);
  const startup = (Date.now() - t0) / 1000;
  for (const [args, msg] of cases) {
    const started = Date.now();
    const r = cli(args);
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, msg);
    // a full report's first section takes minutes; failing at once costs about a start-up
    assert.ok(seconds < 2 * startup + 5, `${args.join(" ")} took ${seconds} s against a ${startup} s start-up: it computed before failing`);
  }
  assert.deepEqual(readdirSync(root).sort(), ["a-file", "results"]);
  assert.deepEqual(readdirSync(foreign), ["precious.csv"]);
});
