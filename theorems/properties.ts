/**
 * Running a fast-check property inside a claim's `check`: the result is recorded as evidence
 * (runs, seed, and on failure the counterexample with its replay path) instead of thrown, so
 * `verify` and the report can show it. Tests use `fc.assert` on the same properties.
 */
import fc from "fast-check";

export interface PropertyOutcome {
  name: string;
  pass: boolean;
  numRuns: number;
  seed: number;
  /** replay with fc.assert(prop, { seed, path }) */
  path?: string;
  counterexample?: string;
  error?: string;
}

export function runProperty<Ts>(name: string, prop: fc.IRawProperty<Ts>, seed: number, numRuns: number): PropertyOutcome {
  const r = fc.check(prop, { seed, numRuns }) as fc.RunDetails<Ts>; // synchronous properties only
  if (!r.failed) return { name, pass: true, numRuns: r.numRuns, seed };
  return {
    name,
    pass: false,
    numRuns: r.numRuns,
    seed: r.seed,
    ...(r.counterexamplePath ? { path: r.counterexamplePath } : {}),
    counterexample: fc.stringify(r.counterexample),
    error: r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance),
  };
}

/** A double in [min, max] without NaN (fast-check favours the ends, which is where bounds are tight). */
export const real = (min: number, max: number) => fc.double({ min, max, noNaN: true });
