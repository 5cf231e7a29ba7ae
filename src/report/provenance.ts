/** Provenance of a report: command, package and Node versions, and the git commit when there is one. */
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Provenance } from "./types.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

function gitCommit(): string | null {
  const r = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return null;
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" });
  return r.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() ? " (with uncommitted changes)" : "");
}

export function provenance(opts: { seed: number; quick: boolean; seconds?: number; argv?: string[] }): Provenance {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
  const args = (opts.argv ?? process.argv.slice(2)).map((a) => (/^[\w.,:/=-]+$/.test(a) ? a : JSON.stringify(a)));
  return {
    generated: new Date().toISOString(),
    command: `npx tsx ${process.argv[1]?.replace(root, "") ?? "src/cli.ts"} ${args.join(" ")}`.trim(),
    packageVersion: pkg.version,
    node: process.version,
    commit: gitCommit(),
    seed: opts.seed,
    quick: opts.quick,
    seconds: opts.seconds,
  };
}
