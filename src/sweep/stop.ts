/**
 * One clean signal path for long commands. SIGTERM (scancel, kill, a tsx or npx wrapper relaying
 * it), SIGINT and SIGHUP run the registered clean-ups (release the output lock, stamp the run's
 * end in the metadata) and exit with 128 + the signal number; worker threads end with the
 * process. A line is written by one synchronous write + fsync, and handlers only run between
 * JavaScript tasks, so a signal never leaves half a line.
 *
 * A SIGKILL of the tsx wrapper cannot be relayed: the real process (started by tsx with its
 * preflight script) would be orphaned and keep appending. It therefore watches its parent and
 * stops as on SIGTERM when the wrapper is gone. A process started directly (`node --import tsx`)
 * does not watch, so nohup and detached runs keep working.
 */
import { constants } from "node:os";

const cleanups = new Set<(signal: string) => void>();
let installed = false;

/** Run `fn` if the process is stopped by a signal; returns the function that unregisters it. */
export function atStop(fn: (signal: string) => void): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

function stop(signal: NodeJS.Signals): never {
  for (const fn of cleanups) {
    try {
      fn(signal);
    } catch {
      // a failing clean-up must not keep the others from running
    }
  }
  process.exit(128 + constants.signals[signal]);
}

const startedByTsxWrapper = () => process.execArgv.some((a) => /tsx[\\/]dist[\\/]preflight\.cjs$/.test(a));

/** Install the handlers (idempotent). */
export function installStopHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => stop(signal));
  if (startedByTsxWrapper()) {
    // process.ppid is read once by Node, so probe the parent itself (ESRCH: it is gone)
    const parent = process.ppid;
    if (parent === 1) stop("SIGTERM"); // the wrapper died while this process was loading
    setInterval(() => {
      try {
        process.kill(parent, 0);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ESRCH") stop("SIGTERM");
      }
    }, 250).unref();
  }
}
