/**
 * A Web Worker built from the bundled worker source through a Blob URL (so the page needs no
 * second file and works from file://). A new job supersedes the previous one.
 */
import type { Reply, Stage, Task } from "./protocol.ts";

/** The worker bundle as text, put in by the build (esbuild `define`). */
declare const WORKER_SOURCE: string;

let url: string | undefined;

export class WorkerChannel {
  private worker?: Worker;
  private id = 0;
  private onReply?: (r: Reply) => void;

  run(tasks: Task[], stages: Stage[], onReply: (r: Reply) => void): void {
    url ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    if (!this.worker) {
      this.worker = new Worker(url);
      this.worker.onmessage = (e: MessageEvent<Reply>) => {
        if (e.data.id === this.id) this.onReply?.(e.data);
      };
    }
    this.onReply = onReply;
    this.worker.postMessage({ id: ++this.id, tasks, stages });
  }
}
