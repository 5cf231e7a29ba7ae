/** `verify [claims...]`: run each claim's check and print a table of evidence; exit 1 if any fails. */
import { Command, Option } from "commander";
import { CLAIMS } from "../../../theorems/index.ts";
import { UsageError, intIn } from "../usage.ts";
import { addFormatOptions, emit, machineReadable, progress, type FormatFlags } from "../output.ts";
import { summarizeEvidence } from "../evidence.ts";
import type { CheckResult } from "../../../theorems/types.ts";

type Flags = FormatFlags & { quick?: boolean; seed: number };

export function registerVerify(program: Command): void {
  const cmd = program
    .command("verify")
    .description(`run the checks of the named claims (default: all of ${CLAIMS.map((c) => c.id).join(" ")}); a table of verdicts and key numbers`)
    .argument("[claims...]", "claim labels, e.g. K1 K2")
    .option("--quick", "smaller Monte Carlo runs")
    .addOption(new Option("--seed <int>", "seed of the checks").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1));
  addFormatOptions(cmd).action(async (ids: string[], f: Flags) => {
    const known = new Map(CLAIMS.map((c) => [c.id, c]));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new UsageError(`claims must be among ${[...known.keys()].join(" ")}, got ${unknown.join(" ")}`);
    const chosen = ids.length ? ids.map((id) => known.get(id)!) : CLAIMS;
    const params = { claims: chosen.map((c) => c.id), quick: !!f.quick, seed: f.seed };
    const results: (CheckResult & { seconds: number })[] = [];
    for (const claim of chosen) {
      const bar = progress(`verify ${claim.id}`, 100, !machineReadable(f));
      const started = Date.now();
      const res = await claim.check({ quick: f.quick, seed: f.seed, onProgress: (done, total) => bar.tick(Math.round((100 * done) / total)) });
      bar.stop();
      results.push({ ...res, seconds: (Date.now() - started) / 1000 });
    }
    const rows = results.map((r) => {
      const s = summarizeEvidence(r.evidence);
      const measured = Object.entries(s.headline).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(3)}`).join(", ");
      return { claim: r.claim, verdict: r.pass ? "PASS" : "FAIL", subChecks: s.total ? `${s.passed}/${s.total}` : "", maxAbsZ: s.maxAbsZ ?? "", seconds: r.seconds, measured, title: known.get(r.claim)!.title };
    });
    const width = (k: keyof (typeof rows)[number]) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
    const head = { claim: "claim", verdict: "verdict", subChecks: "checks", maxAbsZ: "max |z|", seconds: "time", measured: "key numbers" };
    const cell = (r: Record<string, unknown>, k: keyof typeof head, w: number) => (typeof r[k] === "number" ? (k === "seconds" ? `${(r[k] as number).toFixed(1)} s` : (r[k] as number).toFixed(2)) : String(r[k])).padEnd(w);
    const widths = { claim: width("claim"), verdict: 7, subChecks: Math.max(6, width("subChecks")), maxAbsZ: 7, seconds: 8, measured: 0 };
    const line = (r: Record<string, unknown>) => "  " + (Object.keys(head) as (keyof typeof head)[]).map((k) => cell(r, k, widths[k])).join("  ").trimEnd();
    emit({
      title: `verify: ${results.filter((r) => r.pass).length} of ${results.length} claims pass`,
      params,
      values: { results: results.map(({ claim, pass, evidence }) => ({ claim, pass, evidence })) },
      lines: [line(head), ...rows.map(line)],
      rows: rows.map((r) => ({ ...r, quick: params.quick, seed: f.seed })),
      json: results.map(({ claim, pass, evidence, seconds }) => ({ claim, pass, evidence, seconds, params: { quick: params.quick, seed: f.seed } })),
    }, f);
    if (results.some((r) => !r.pass)) process.exitCode = 1;
  });
}
