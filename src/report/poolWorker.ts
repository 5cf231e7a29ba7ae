/**
 * Worker-thread entry of the report's pool (src/report/pool.ts): runs one task at a time, a
 * claim's check or a section. A check the section needs is asked of the main thread, which
 * answers with the result or with none, meaning: compute it here and share it.
 */
import { parentPort } from "node:worker_threads";
import { setCheckSource, type CheckContext } from "../../notebooks/checks.ts";
import type { CheckResult, Claim } from "../../theorems/types.ts";
import { claimById, notebookById, type FromWorker, type ToWorker } from "./pool.ts";

const port = parentPort;
if (!port) throw new Error("poolWorker.ts must run on a worker thread");
const send = (m: FromWorker) => port.postMessage(m);
const answers = new Map<string, (result: CheckResult<unknown> | undefined) => void>();

async function computeAndShare(claim: Claim<unknown>, ctx: CheckContext): Promise<CheckResult<unknown>> {
  const t0 = performance.now();
  const result = await claim.check({ quick: ctx.quick, seed: ctx.seed });
  send({ type: "computed", claim: claim.id, result, seconds: (performance.now() - t0) / 1000 });
  return result;
}

setCheckSource(async (claim, ctx) => {
  const result = await new Promise<CheckResult<unknown> | undefined>((resolve) => {
    answers.set(claim.id, resolve);
    send({ type: "need", claim: claim.id });
  });
  return result ?? computeAndShare(claim, ctx);
});

async function run(m: Extract<ToWorker, { type: "task" }>): Promise<void> {
  const t0 = performance.now();
  try {
    if (m.task.kind === "check") {
      await computeAndShare(claimById(m.task.id), m.ctx);
      send({ type: "done", seconds: (performance.now() - t0) / 1000 });
    } else {
      const section = await notebookById(m.task.id).build({ ...m.ctx, onProgress: (fraction) => send({ type: "progress", fraction }) });
      send({ type: "done", section, seconds: (performance.now() - t0) / 1000 });
    }
  } catch (err) {
    send({ type: "failed", error: err instanceof Error ? err.message : String(err) });
  }
}

port.on("message", (m: ToWorker) => {
  if (m.type === "check") {
    const answer = answers.get(m.claim);
    answers.delete(m.claim);
    answer?.(m.result);
  } else void run(m);
});
