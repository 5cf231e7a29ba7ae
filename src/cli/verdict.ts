/**
 * The verdict line of `simulate`: theory and simulation agree when
 * |sim − theory| ≤ 3·stderr + allowance (docs/theory.md §7), with the allowance of the claim
 * the command checks. The theory's own integration error, when it has one, joins the stderr.
 */
import type { Estimate } from "../sim/stats.ts";

export interface Agreement {
  quantity: string;
  sim: number;
  theory: number;
  /** Combined standard error: Monte Carlo and, in quadrature, the theory's integration error. */
  stderr: number;
  allowance: number;
  tolerance: number;
  z: number;
  agree: boolean;
}

export function agreement(quantity: string, sim: Estimate, theory: number, allowance: number, theoryStderr = 0): Agreement {
  const stderr = Math.hypot(sim.stderr, theoryStderr);
  const tolerance = 3 * stderr + allowance;
  const gap = Math.abs(sim.mean - theory);
  // an exact match with zero spread is z = 0, not 0/0; a mismatch with zero spread stays ±∞ (an error downstream)
  const z = gap === 0 ? 0 : (sim.mean - theory) / stderr;
  return { quantity, sim: sim.mean, theory, stderr, allowance, tolerance, z, agree: gap <= tolerance };
}

/** "agree: |0.1225 − 0.1246| = 0.0021 ≤ 3·stderr + 0.0025 = 0.0064 (error)". */
export function verdictLine(rows: Agreement[], allowanceRule: string): string {
  const all = rows.every((r) => r.agree);
  const parts = rows.map((r) => `${r.quantity} |${r.sim.toPrecision(4)} − ${r.theory.toPrecision(4)}| = ${Math.abs(r.sim - r.theory).toPrecision(2)} ${r.agree ? "≤" : ">"} ${r.tolerance.toPrecision(2)}`);
  return `${all ? "agree" : "disagree"} at |sim − theory| ≤ 3·stderr + ${allowanceRule}: ${parts.join("; ")}`;
}
