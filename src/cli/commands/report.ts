/** `report` (the main job, `npm start`): build every notebook's section and write report/. */
import { Command, Option } from "commander";
import { NOTEBOOKS } from "../../../notebooks/index.ts";
import { writeReport } from "../../report/write.ts";
import { intIn, oneOf, UsageError } from "../usage.ts";
import { progress, printJson } from "../output.ts";
import type { Section } from "../../report/types.ts";
import { provenance } from "../../report/provenance.ts";
import { claimsTable } from "../../../notebooks/checks.ts";

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("run every claim's figures and write report/index.html plus report/data/*.json|csv")
    .option("--quick", "a fast preview (fewer trials, coarser grids)")
    .option("--out <dir>", "output folder", "report")
    .addOption(new Option("--seed <int>", "seed of the run").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1))
    .addOption(new Option("--only <ids>", `comma-separated sections among ${NOTEBOOKS.map((n) => n.id).join(",")}`))
    .option("--json", "print a JSON summary on stdout")
    .action(async (f: { quick?: boolean; out: string; seed: number; only?: string; json?: boolean }) => {
      const ids = f.only ? f.only.split(",").map((s) => oneOf("--only", NOTEBOOKS.map((n) => n.id))(s.trim())) : NOTEBOOKS.map((n) => n.id);
      if (ids.length === 0) throw new UsageError("--only must name at least one section");
      const chosen = NOTEBOOKS.filter((n) => ids.includes(n.id));
      const bar = progress("report", 100 * chosen.length, !f.json);
      const sections: Section[] = [];
      const started = Date.now();
      for (const [i, nb] of chosen.entries()) {
        sections.push(await nb.build({ quick: !!f.quick, seed: f.seed, onProgress: (x) => bar.tick(Math.round(100 * (i + x))) }));
      }
      // every claim's check (each runs once; the figures above read the same results)
      const drawn = f.only ? [...new Set(sections.flatMap((s) => s.figures.flatMap((g) => g.claims)))] : undefined;
      const claims = await claimsTable({ quick: !!f.quick, seed: f.seed }, sections, drawn);
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      const path = writeReport(f.out, sections, { provenance: provenance({ seed: f.seed, quick: !!f.quick, seconds }), claims });
      const summary = { path, seconds, claims: claims.map(({ id, pass }) => ({ claim: id, pass })), sections: sections.map((s) => ({ id: s.id, figures: s.figures.map((g) => ({ id: g.id, caption: g.caption })) })) };
      if (f.json) printJson(summary);
      else {
        for (const s of summary.sections) for (const g of s.figures) console.log(`- ${g.id}: ${g.caption}`);
        console.log(`wrote ${path} in ${seconds.toFixed(1)} s`);
      }
    });
}
