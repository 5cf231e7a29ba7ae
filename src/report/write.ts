/**
 * Write the report: every file is written whole or not at all. The page and data go to a
 * staging folder first, which outDir.ts renames into place without deleting anything the
 * report did not write.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openReportOut, type ReportOut } from "./outDir.ts";
import { renderReport, type ReportPage } from "./html.ts";
import { dataFile } from "./dataFile.ts";
import type { Figure, Section } from "./types.ts";

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Figure["rows"]): string {
  if (rows.length === 0) return "";
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
}

/** Write the report to `out`: a folder path, or one already opened (checked) before computing. */
export function writeReport(out: string | ReportOut, sections: Section[], meta: ReportPage): string {
  const target = typeof out === "string" ? openReportOut(out) : out;
  try {
    writeReportFiles(target.staging, sections, meta);
  } catch (e) {
    target.abandon();
    throw e;
  }
  return join(target.install(), "index.html");
}

function writeReportFiles(staging: string, sections: Section[], meta: ReportPage): void {
  const ids = sections.flatMap((s) => s.figures.map((f) => f.id));
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`report: figure id '${dup}' is used twice`);
  mkdirSync(join(staging, "data"), { recursive: true });
  for (const f of sections.flatMap((s) => s.figures)) {
    writeFileSync(join(staging, "data", `${f.id}.json`), JSON.stringify(dataFile(f, meta.provenance), null, 1));
    writeFileSync(join(staging, "data", `${f.id}.csv`), toCsv(f.rows));
  }
  writeFileSync(join(staging, "data", "claims.json"), JSON.stringify({ provenance: meta.provenance, claims: meta.claims }, null, 1));
  writeFileSync(join(staging, "index.html"), renderReport(sections, meta));
}
