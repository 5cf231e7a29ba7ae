/**
 * The verdict line of `simulate`: theory and simulation agree by the one rule of
 * src/stats/agreement.ts, |sim − theory| ≤ 3·stderr + allowance, with the allowance of the claim
 * the command checks and the theory's own integration error, when it has one, in the stderr.
 */
import { agreement as judge, type AgreementRow, type MeanEstimate } from "../stats/agreement.ts";

export type Agreement = AgreementRow & { quantity: string };

export function agreement(quantity: string, sim: MeanEstimate, theory: number, allowance: number, theoryStderr = 0): Agreement {
  return { quantity, ...judge(theory, sim, allowance, theoryStderr) };
}

/** "agree at |sim − theory| ≤ 3·stderr + 0.5/d: error |0.1225 − 0.1246| = 0.0021 ≤ 0.0064". */
export function verdictLine(rows: Agreement[], allowanceRule: string): string {
  const all = rows.every((r) => r.pass);
  const parts = rows.map((r) => `${r.quantity} |${r.mean.toPrecision(4)} − ${r.theory.toPrecision(4)}| = ${Math.abs(r.mean - r.theory).toPrecision(2)} ${r.pass ? "≤" : ">"} ${r.tolerance.toPrecision(2)}`);
  return `${all ? "agree" : "disagree"} at |sim − theory| ≤ 3·stderr + ${allowanceRule}: ${parts.join("; ")}`;
}
