/** Output helpers: JSON on stdout (Infinity spelled out), atomic file writes, progress bars. */
import { writeFileSync, renameSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import cliProgress from "cli-progress";

/** JSON with ±Infinity written as the strings "Infinity"/"-Infinity" (JSON has no such number). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) && !Number.isNaN(v) ? (v > 0 ? "Infinity" : "-Infinity") : v), 2);
}

export function printJson(value: unknown): void {
  process.stdout.write(toJson(value) + "\n");
}

/** Write a file whole or not at all: write a sibling temporary file, then rename over the target. */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

export interface Progress {
  tick(done: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr that appears only once the run has lasted a second, and never
 * when `enabled` is false (e.g. under --json, or when stderr is not a terminal).
 */
export function progress(label: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { tick() {}, stop() {} };
  const start = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    tick(done) {
      if (!bar && Date.now() - start > 1000) {
        bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} | eta {eta_formatted}`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop() {
      bar?.stop();
    },
  };
}
