/**
 * A claim of docs/theory.md as code: its statement, its parameter domain and a `check` that the
 * tests, `verify` and the report all call. One claim, one file in theorems/.
 */

export interface CheckOptions {
  /** Fewer trials / smaller sizes for a preview; the check must still be able to fail. */
  quick?: boolean;
  seed?: number;
  /** Called with (done, total) as the check makes progress. */
  onProgress?: (done: number, total: number) => void;
}

/** A check's verdict and what was measured; E is the claim's own evidence shape. */
export interface CheckResult<E = Record<string, unknown>> {
  claim: string;
  pass: boolean;
  /** What was measured, in a machine-readable form (tables, z-scores, tolerances). */
  evidence: E;
}

export interface Claim<E = Record<string, unknown>> {
  id: string;
  title: string;
  /** The precise statement, as in docs/theory.md. */
  statement: string;
  /** Where the statement and its check apply. */
  domain: string;
  check(opts?: CheckOptions): Promise<CheckResult<E>>;
}

/** Declares a claim and keeps its evidence type (inferred from `check`), so readers need no casts. */
export function defineClaim<E>(claim: Claim<E>): Claim<E> {
  return claim;
}

/** The evidence type of a claim, e.g. `EvidenceOf<typeof K4>`. */
export type EvidenceOf<C> = C extends Claim<infer E> ? E : never;
