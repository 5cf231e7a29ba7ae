/**
 * The explorer's Web Worker: evaluates K5 and G1–G3 off the page's thread, one task at a time,
 * dropping a job as soon as a newer one arrives (the sliders never wait on a stale curve). It keeps
 * its integration rules, built once per T and stage, for as long as it lives.
 */
import { GD_QUANTITIES, k5Error, k5Optimum, k5Point, k5Rule, k5RuleSize, type K5Rule } from "./adapter.ts";
import type { Job, Reply, Stage, Task } from "./protocol.ts";

/** Largest rule held in memory (points × T doubles, 8 bytes each: 320 MB). */
const MAX_RULE_SIZE = 4e7;

const scope = self as unknown as { onmessage: (e: MessageEvent<Job>) => void; postMessage: (r: Reply) => void };
/** The last rule built (a worker serves one stage; a new T replaces the rule, so memory stays bounded). */
let cached: { key: string; rule: K5Rule } | undefined;
let latest = -1;

function rule(T: number, preview: boolean): K5Rule {
  const key = `${T}/${preview}`;
  if (cached?.key !== key) {
    if (k5RuleSize(T, preview) > MAX_RULE_SIZE) throw new RangeError(`T = ${T} is too large for K5's ${preview ? "preview" : "exact"} integration in the browser (at most ${Math.floor((MAX_RULE_SIZE * T) / k5RuleSize(T, preview))})`);
    cached = undefined; // the old rule can be collected while the new one is built
    cached = { key, rule: k5Rule(T, preview) };
  }
  return cached.rule;
}

function evaluate(task: Task, stage: Stage): Omit<Extract<Reply, { value: number }>, "id" | "index" | "stage"> {
  const preview = stage === "preview";
  switch (task.kind) {
    case "k5": {
      const R = rule(task.point.T, preview);
      return task.stderr ? (({ error, stderr }) => ({ value: error, stderr }))(k5Point(task.point, R)) : { value: k5Error(task.point, R), stderr: 0 };
    }
    case "k5-optimum": {
      const optimum = k5Optimum(task.point, rule(task.point.T, preview), preview);
      return { value: optimum.error, stderr: optimum.stderr, optimum };
    }
    case "gd":
      return GD_QUANTITIES[task.quantity](task.point);
  }
}

function describe(task: Task): string {
  const p = task.point as unknown as Record<string, number>;
  return task.kind === "gd" ? `n = ${p.n}` : `θ = ${p.theta}, n = ${p.n}, λ = ${p.lambda}`;
}

/** Let queued messages (a newer job) run before the next evaluation. */
const yieldToMessages = () => new Promise<void>((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = () => resolve();
  ch.port2.postMessage(null);
});

async function run(job: Job): Promise<void> {
  for (let index = 0; index < job.tasks.length; index++) {
    const task = job.tasks[index]!;
    await yieldToMessages();
    if (latest !== job.id) return;
    try {
      const r = evaluate(task, job.stage);
      // a non-finite theory value is an error to show, never a gap drawn silently
      if (!Number.isFinite(r.value)) throw new RangeError(`${task.kind === "gd" ? task.quantity : "K5 error"} is ${r.value} at ${describe(task)}`);
      scope.postMessage({ id: job.id, index, stage: job.stage, ...r });
    } catch (err) {
      scope.postMessage({ id: job.id, index, stage: job.stage, error: err instanceof Error ? err.message : String(err) });
    }
  }
  scope.postMessage({ id: job.id, done: job.stage });
}

scope.onmessage = (e) => {
  latest = e.data.id;
  void run(e.data);
};
