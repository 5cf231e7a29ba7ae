/** `verify [claims...]`: run each claim's check; exit 1 if any fails. */
import { Command, Option } from "commander";
import { CLAIMS } from "../../../theorems/index.ts";
import { UsageError, intIn } from "../usage.ts";
import { printJson, progress } from "../output.ts";
import type { CheckResult } from "../../../theorems/types.ts";

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description(`run the checks of the named claims (default: all of ${CLAIMS.map((c) => c.id).join(" ")})`)
    .argument("[claims...]", "claim labels, e.g. K1 K2")
    .option("--quick", "smaller Monte Carlo runs")
    .addOption(new Option("--seed <int>", "seed of the checks").argParser(intIn("--seed", 0, Number.MAX_SAFE_INTEGER)).default(1))
    .option("--json", "print one JSON document on stdout")
    .action(async (ids: string[], f: { quick?: boolean; seed: number; json?: boolean }) => {
      const known = new Map(CLAIMS.map((c) => [c.id, c]));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length) throw new UsageError(`claims must be among ${[...known.keys()].join(" ")}, got ${unknown.join(" ")}`);
      const chosen = ids.length ? ids.map((id) => known.get(id)!) : CLAIMS;
      const results: CheckResult[] = [];
      for (const claim of chosen) {
        const bar = progress(claim.id, 100, !f.json);
        const res = await claim.check({ quick: f.quick, seed: f.seed, onProgress: (done, total) => { bar.tick(Math.round((100 * done) / total)); } });
        bar.stop();
        results.push(res);
        if (!f.json) console.log(`${res.pass ? "PASS" : "FAIL"} ${claim.id}  ${claim.title}`);
      }
      if (f.json) printJson(results);
      if (results.some((r) => !r.pass)) process.exitCode = 1;
    });
}
