/**
 * Worker-thread entry of the trial pool (src/sim/parallel.ts): runs the chunks of trials it
 * is sent and posts their results back, or the error that stopped them.
 */
import { parentPort } from "node:worker_threads";
import { runTrials, type TrialTask } from "./trialTasks.ts";

export interface ChunkRequest {
  id: number;
  task: TrialTask;
  params: unknown;
  seed: number;
  from: number;
  to: number;
}

export type ChunkReply = { id: number; results: unknown[] } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error("trialWorker.ts must run on a worker thread");
port.on("message", (req: ChunkRequest) => {
  let reply: ChunkReply;
  try {
    reply = { id: req.id, results: runTrials(req.task, req.params as never, req.seed, req.from, req.to) };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
