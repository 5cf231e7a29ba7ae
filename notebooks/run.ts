/**
 * Run one notebook alone: `npx tsx notebooks/run.ts <id> [--quick] [--out dir]` writes a
 * one-section report (default report-<id>/index.html).
 */
import { NOTEBOOKS } from "./index.ts";
import { writeReport } from "../src/report/write.ts";
import { provenance } from "../src/report/provenance.ts";
import { claimsTable } from "./checks.ts";

const [id, ...rest] = process.argv.slice(2);
const nb = NOTEBOOKS.find((n) => n.id === id);
if (!nb) {
  process.stderr.write(`error: notebook must be one of ${NOTEBOOKS.map((n) => n.id).join("|")}, got '${id ?? ""}'\n`);
  process.exit(2);
}
const quick = rest.includes("--quick");
const outIdx = rest.indexOf("--out");
const out = outIdx >= 0 ? rest[outIdx + 1]! : `report-${id}`;
const section = await nb.build({ quick, seed: 1 });
const claims = await claimsTable({ quick, seed: 1 }, [section], [...new Set(section.figures.flatMap((f) => f.claims))]);
console.log(writeReport(out, [section], { provenance: provenance({ seed: 1, quick }), claims }));
