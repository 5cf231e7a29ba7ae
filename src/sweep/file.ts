/**
 * Reading sweep files strictly: every complete line must carry a valid checksum, belong to the
 * same sweep as line 1 and come in increasing point order (so a duplicate or moved line is
 * refused, not silently merged). Bytes after the last newline are a torn write, reported so a
 * resume can drop them.
 */
import { existsSync, readFileSync } from "node:fs";
import { SweepFileError } from "./errors.ts";
import { parseLine, type SweepLine } from "./line.ts";

export interface SweepFile {
  /** The complete lines, in file (= point index) order, as text and parsed. */
  rows: { text: string; line: SweepLine }[];
  validBytes: number;
  totalBytes: number;
}

export function readSweepFile(path: string): SweepFile {
  if (!existsSync(path)) return { rows: [], validBytes: 0, totalBytes: 0 };
  const buf = readFileSync(path);
  const end = buf.lastIndexOf(0x0a) + 1;
  const text = buf.subarray(0, end).toString("utf8");
  const rows: SweepFile["rows"] = [];
  const texts = text === "" ? [] : text.slice(0, -1).split("\n");
  texts.forEach((row, i) => {
    const at = `${path}:${i + 1}`;
    const line = parseLine(row);
    if (typeof line === "string") throw new SweepFileError(`${at}: ${line}`);
    const first = rows[0]?.line;
    if (first && (line.sweep !== first.sweep || line.points !== first.points)) throw new SweepFileError(`${at}: belongs to another sweep than line 1`);
    const prev = rows.at(-1)?.line;
    if (prev && line.index === prev.index) throw new SweepFileError(`${at}: point ${line.index} appears twice`);
    if (prev && line.index < prev.index) throw new SweepFileError(`${at}: point ${line.index} is out of order (after point ${prev.index})`);
    if (line.index >= line.points) throw new SweepFileError(`${at}: point ${line.index} is outside the sweep's ${line.points} points`);
    rows.push({ text: row, line });
  });
  return { rows, validBytes: end, totalBytes: buf.length };
}
