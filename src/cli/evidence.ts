/**
 * Key numbers of a claim's evidence for `verify`'s table, read from its shape rather than from
 * each claim's layout: every object with a boolean `pass` is one sub-check (counted), and every
 * sub-check's number under `z` is its z-score (the largest |z| is shown). Perturbed predictions
 * (keys starting with "perturb"), which a check requires to fail, are controls, not sub-checks.
 */
export interface EvidenceSummary {
  /** Sub-checks that passed, of how many (0 of 0 when the evidence has none). */
  passed: number;
  total: number;
  /** Largest |z| anywhere in the evidence, or undefined when it reports none. */
  maxAbsZ?: number;
  /** The evidence's top-level numbers (its headline measurements), at most three. */
  headline: Record<string, number>;
}

const CONTROL = /^perturb/i;

export function summarizeEvidence(evidence: unknown): EvidenceSummary {
  let passed = 0, total = 0, maxAbsZ: number | undefined;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    if (typeof o.pass === "boolean") {
      total++;
      if (o.pass) passed++;
      if (typeof o.z === "number" && Number.isFinite(o.z)) maxAbsZ = Math.max(maxAbsZ ?? 0, Math.abs(o.z));
    }
    for (const [k, x] of Object.entries(o)) if (!CONTROL.test(k)) visit(x);
  };
  // the claim's own top-level pass is its verdict, not a sub-check
  if (evidence && typeof evidence === "object") for (const [k, x] of Object.entries(evidence)) if (!CONTROL.test(k)) visit(x);
  const headline = Object.fromEntries(Object.entries(evidence ?? {}).filter(([, v]) => typeof v === "number").slice(0, 3)) as Record<string, number>;
  return { passed, total, ...(maxAbsZ === undefined ? {} : { maxAbsZ }), headline };
}
