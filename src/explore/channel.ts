/**
 * A Web Worker built from the bundled worker source through a Blob URL (so the page needs no
 * second file and works from file://). A new job supersedes the previous one. During a preview
 * (tasks of a few ms) the worker drops the stale job itself between tasks; otherwise a busy worker
 * (a long quadrature, K5's θ search) is replaced, so a panel never waits on a stale evaluation.
 */
import type { Reply, Stage, Task } from "./protocol.ts";

/** The worker bundle as text, put in by the build (esbuild `define`). */
declare const WORKER_SOURCE: string;

const STUCK_MS = 300;
let url: string | undefined;

export class WorkerChannel {
  private worker?: Worker;
  private id = 0;
  private onReply?: (r: Reply) => void;
  /** performance.now() of the last message from an unfinished job; undefined when idle. */
  private lastHeard?: number;
  private lastStage?: Stage;
  private finalStage?: Stage;

  run(tasks: Task[], stages: Stage[], onReply: (r: Reply) => void): void {
    const cooperative = this.lastStage === "preview" && performance.now() - (this.lastHeard ?? 0) <= STUCK_MS;
    if (this.worker && this.lastHeard !== undefined && !cooperative) {
      this.worker.terminate();
      this.worker = undefined;
    }
    url ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    if (!this.worker) {
      const w = (this.worker = new Worker(url));
      w.onmessage = (e: MessageEvent<Reply>) => {
        if (w !== this.worker || e.data.id !== this.id) return;
        this.lastHeard = "done" in e.data && e.data.done === this.finalStage ? undefined : performance.now();
        this.lastStage = "done" in e.data ? undefined : e.data.stage;
        this.onReply?.(e.data);
      };
    }
    this.onReply = onReply;
    this.finalStage = stages.at(-1);
    this.lastStage = stages[0];
    this.lastHeard = performance.now();
    this.worker.postMessage({ id: ++this.id, tasks, stages });
  }
}
