/**
 * A claim of THEORY.md as code: its statement, its parameter domain and a `check` that the
 * tests, `verify` and the report all call. One claim, one file in theorems/.
 */

export interface CheckOptions {
  /** Fewer trials / smaller sizes for a preview; the check must still be able to fail. */
  quick?: boolean;
  seed?: number;
  /** Called with (done, total) as the check makes progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface CheckResult {
  claim: string;
  pass: boolean;
  /** What was measured, in a machine-readable form (tables, z-scores, tolerances). */
  evidence: Record<string, unknown>;
}

export interface Claim {
  id: string;
  title: string;
  /** The precise statement, as in THEORY.md. */
  statement: string;
  /** Where the statement and its check apply. */
  domain: string;
  check(opts?: CheckOptions): Promise<CheckResult>;
}
