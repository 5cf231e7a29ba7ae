/**
 * `report` (the main job, `npm start`): build every notebook's section and write report/.
 * The output folder is checked (and its staging folder created) before anything is computed;
 * nothing in it that an earlier report did not write is ever deleted.
 */
import { Command, Option } from "commander";
import { NOTEBOOKS } from "../../../notebooks/index.ts";
import { writeReport } from "../../report/write.ts";
import { openReportOut, ReportOutError, type ReportOut } from "../../report/outDir.ts";
import { provenance } from "../../report/provenance.ts";
import { claimsTable } from "../../../notebooks/checks.ts";
import { intIn, oneOf, UsageError } from "../usage.ts";
import { MAX_WORKERS } from "../workers.ts";
import { defaultWorkers } from "../../sim/parallel.ts";
import { runReport, timingLines } from "../../report/pool.ts";
import { CLAIMS } from "../../../theorems/index.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import type { Section } from "../../report/types.ts";

type Flags = FormatFlags & { quick?: boolean; out: string; force?: boolean; seed: number; only?: string; workers: number; timings?: boolean };

const SECTION_IDS = NOTEBOOKS.map((n) => n.id);

/** --only: a comma-separated, non-empty list of section ids. */
function sectionIds(only: string | undefined): string[] {
  if (only === undefined) return SECTION_IDS;
  const ids = only.split(",").map((s) => s.trim());
  if (ids.some((id) => id === "")) throw new UsageError(`--only must list section ids among ${SECTION_IDS.join(",")}, got '${only}'`);
  return ids.map((id) => oneOf("--only", SECTION_IDS)(id));
}

function openOut(f: Flags): ReportOut {
  try {
    return openReportOut(f.out, { force: !!f.force });
  } catch (e) {
    if (e instanceof ReportOutError) throw new UsageError(e.message);
    throw e;
  }
}

export function registerReport(program: Command): void {
  const cmd = program
    .command("report")
    .description("run every claim's figures and write report/index.html plus report/data/*.json|csv")
    .option("--quick", "a fast preview (fewer trials, coarser grids)")
    .option("--out <dir>", "output folder: new, empty, or a previous report (anything else needs --force)", "report")
    .option("--force", "write into a folder that is not a previous report: files with the report's names are replaced, all others kept")
    .addOption(new Option("--seed <int>", "seed of the run").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1))
    .addOption(new Option("--only <ids>", `comma-separated sections among ${SECTION_IDS.join(",")}`))
    .addOption(new Option("--workers <int>", "worker threads for the sections and claim checks (the report is identical for any count)").argParser(intIn("--workers", 1, MAX_WORKERS)).default(Math.min(defaultWorkers(), MAX_WORKERS), "cores"))
    .option("--no-timings", "do not print each check's and section's wall time to stderr");
  addFormatOptions(cmd).action(async (f: Flags) => {
    const ids = sectionIds(f.only);
    const chosen = NOTEBOOKS.filter((n) => ids.includes(n.id));
    const out = openOut(f); // before computing: a bad --out fails at once
    let sections: Section[];
    const started = Date.now();
    let claims: Awaited<ReturnType<typeof claimsTable>>;
    try {
      const bar = progress("report", 100, !machineReadable(f));
      const ctx = { quick: !!f.quick, seed: f.seed };
      // the whole report runs every claim's check as a task of its own; --only runs those its sections draw
      const run = await runReport({
        ctx, sections: chosen.map((n) => n.id), checks: f.only ? [] : CLAIMS.map((c) => c.id), workers: f.workers,
        onProgress: (done, total, label) => bar.tick(Math.round((100 * done) / total), `report: ${label}`),
      });
      sections = run.sections;
      const drawn = f.only ? [...new Set(sections.flatMap((s) => s.figures.flatMap((g) => g.claims)))] : undefined;
      claims = await claimsTable(ctx, sections, drawn); // every check ran above: nothing is computed twice
      bar.stop();
      if (f.timings !== false) process.stderr.write(timingLines(run.timings).join("\n") + "\n");
    } catch (e) {
      out.abandon();
      throw e;
    }
    const seconds = (Date.now() - started) / 1000;
    let path: string;
    try {
      path = writeReport(out, sections, { provenance: provenance({ seed: f.seed, quick: !!f.quick, seconds }), claims });
    } catch (e) {
      if (e instanceof ReportOutError) throw new UsageError(e.message);
      throw e;
    }
    const figures = sections.flatMap((s) => s.figures.map((g) => ({ section: s.id, id: g.id, caption: g.caption })));
    emit({
      title: `report: ${figures.length} figures in ${sections.length} sections`,
      params: { out: f.out, only: ids, quick: !!f.quick, seed: f.seed, force: !!f.force },
      values: { path, seconds, claims: claims.map(({ id, pass }) => ({ claim: id, pass })) },
      lines: [...figures.map((g) => `- ${g.id}: ${g.caption}`), `wrote ${path} in ${seconds.toFixed(1)} s`],
      rows: figures.map((g) => ({ ...g, path, seed: f.seed, quick: !!f.quick })),
      json: { path, seconds, params: { out: f.out, only: ids, quick: !!f.quick, seed: f.seed, force: !!f.force }, claims: claims.map(({ id, pass }) => ({ claim: id, pass })), sections: sections.map((s) => ({ id: s.id, figures: s.figures.map((g) => ({ id: g.id, caption: g.caption })) })) },
    }, f);
  });
}
