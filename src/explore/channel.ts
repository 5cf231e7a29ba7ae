/**
 * A Web Worker built from the bundled worker source through a Blob URL (so the page needs no
 * second file and works from file://), answering one job at a time; a new job supersedes the last.
 * A worker that answers often (a preview's evaluations of a few ms) drops a stale job itself between
 * two evaluations and keeps its warm code and cached rule; a worker busy with a long evaluation (an
 * exact quadrature, K5's θ search, or any worker made to terminate on supersede) is replaced, so a
 * panel never waits on a stale evaluation and no stale work competes for the two cores.
 */
import type { Reply, Stage, Task } from "./protocol.ts";

/** The worker bundle as text, put in by the build (esbuild `define`). */
declare const WORKER_SOURCE: string;

/** Silence longer than this means the worker is inside a long evaluation. */
const STUCK_MS = 300;
let url: string | undefined;

export class WorkerChannel {
  private worker?: Worker;
  private id = 0;
  private onReply?: (r: Reply) => void;
  /** performance.now() of the last message from the unfinished job; undefined when idle. */
  private lastHeard?: number;

  /** `terminate`: replace a busy worker on supersede even when it answers often (exact stages). */
  constructor(private readonly terminate: boolean) {}

  run(tasks: Task[], stage: Stage, onReply: (r: Reply) => void): void {
    this.cancel();
    url ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    if (!this.worker) {
      const w = (this.worker = new Worker(url));
      w.onmessage = (e: MessageEvent<Reply>) => {
        if (w !== this.worker || e.data.id !== this.id) return;
        this.lastHeard = "done" in e.data ? undefined : performance.now();
        this.onReply?.(e.data);
      };
    }
    this.onReply = onReply;
    this.lastHeard = performance.now();
    this.worker.postMessage({ id: ++this.id, tasks, stage });
  }

  /** Stop the current job, if any: its later replies are ignored. */
  cancel(): void {
    this.onReply = undefined;
    if (this.lastHeard === undefined || !this.worker) return;
    if (this.terminate || performance.now() - this.lastHeard > STUCK_MS) {
      this.worker.terminate();
      this.worker = undefined;
    } else this.worker.postMessage({ id: ++this.id, tasks: [], stage: "preview" });
    this.lastHeard = undefined;
  }
}
