/**
 * The report's access to the claims' checks: each check runs once per (claim, quick, seed) and
 * every figure and the claims table read that one result, so the page and `verify` judge alike.
 */
import type { CheckResult, Claim } from "../theorems/types.ts";
import { CLAIMS } from "../theorems/index.ts";
import { collectAgreementRows, summarize } from "../src/stats/agreement.ts";
import type { ClaimSummary, Section } from "../src/report/types.ts";

export interface CheckContext {
  quick: boolean;
  seed: number;
}

const results = new Map<string, Promise<CheckResult<unknown>>>();

/** Where a check's result comes from: by default it is computed here; the report's worker pool (src/report/pool.ts) shares results between threads. */
export type CheckSource = (claim: Claim<unknown>, ctx: CheckContext) => Promise<CheckResult<unknown>>;
const computeHere: CheckSource = (claim, ctx) => claim.check({ quick: ctx.quick, seed: ctx.seed });
let source = computeHere;

/** Route checks through `s` (undefined: compute here again); forgets what was memoized. */
export function setCheckSource(s: CheckSource | undefined): void {
  source = s ?? computeHere;
  results.clear();
}

/** The claim's check at the report's settings (run at most once). */
export function checkOf<E>(claim: Claim<E>, ctx: CheckContext): Promise<CheckResult<E>> {
  const key = `${claim.id}|${ctx.quick}|${ctx.seed}`;
  let r = results.get(key);
  if (!r) results.set(key, (r = source(claim as Claim<unknown>, ctx)));
  return r as Promise<CheckResult<E>>;
}

/** "K4's check: pass (8/8 points agree, max |z| = 1.8)" — the verdict a caption states. */
export function verdictText(result: CheckResult<unknown>): string {
  const s = summarize(collectAgreementRows(result.evidence));
  const counts = s.total ? ` (${s.agree}/${s.total} of its points agree, max |z| = ${s.maxAbsZ.toFixed(1)})` : "";
  return `${result.claim}'s check: ${result.pass ? "PASS" : "FAIL"}${counts}`;
}

/** One row per claim, in `verify`'s order, with the figures that draw it. */
export async function claimsTable(ctx: CheckContext, sections: Section[], only?: readonly string[], onClaim?: (done: number, total: number) => void): Promise<ClaimSummary[]> {
  const chosen = only ? CLAIMS.filter((c) => only.includes(c.id)) : CLAIMS;
  const out: ClaimSummary[] = [];
  for (const claim of chosen) {
    const r = await checkOf(claim, ctx);
    const s = summarize(collectAgreementRows(r.evidence));
    out.push({
      id: claim.id, title: claim.title, pass: r.pass,
      agree: s.total ? s.agree : null, total: s.total ? s.total : null, maxAbsZ: s.total ? s.maxAbsZ : null,
      figures: sections.flatMap((sec) => sec.figures.filter((f) => f.claims.includes(claim.id)).map((f) => f.id)),
    });
    onClaim?.(out.length, chosen.length);
  }
  return out;
}
