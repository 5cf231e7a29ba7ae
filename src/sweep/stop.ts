/**
 * One clean signal path for long commands. SIGTERM (scancel, kill, a tsx or npx wrapper relaying
 * it), SIGINT and SIGHUP run the registered clean-ups (release the output lock, stamp the run's
 * end in the metadata) and exit with 128 + the signal number; worker threads end with the
 * process. A line is written by one synchronous write + fsync, and handlers only run between
 * JavaScript tasks, so a signal never leaves half a line.
 *
 * Wrappers do not relay everything: a SIGKILL of tsx cannot be relayed, and a SIGTERM of `npx`
 * ends npm and its shell but not tsx, so the real process (started by tsx with its preflight
 * script) would be orphaned and keep appending. It therefore watches its chain of wrappers (tsx,
 * the `sh -c` npm runs it in, npm/npx; on Linux read from /proc) and stops as on SIGTERM when one
 * is gone. A process started directly (`node --import tsx`) watches nothing, so nohup and
 * detached runs keep working.
 */
import { readFileSync } from "node:fs";
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

const WRAPPER = /(^|[/\s'])(tsx|npx|npm)(['\s]|$)/;

/** The wrapper processes above this one: the parent, and its ancestors while they look like wrappers. */
function wrapperChain(): number[] {
  const chain = [process.ppid];
  try {
    for (;;) {
      const stat = readFileSync(`/proc/${chain.at(-1)}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!(ppid > 1)) break;
      const cmd = readFileSync(`/proc/${ppid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (!WRAPPER.test(cmd)) break;
      chain.push(ppid);
    }
  } catch {
    // no /proc (not Linux), or a process ended meanwhile: watch what was found
  }
  return chain;
}

/** Install the handlers (idempotent). */
export function installStopHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => stop(signal));
  if (startedByTsxWrapper()) {
    // process.ppid is read once by Node, so probe the wrappers themselves (ESRCH: gone)
    if (process.ppid === 1) stop("SIGTERM"); // the wrapper died while this process was loading
    const chain = wrapperChain();
    setInterval(() => {
      for (const pid of chain) {
        try {
          process.kill(pid, 0);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ESRCH") stop("SIGTERM");
        }
      }
    }, 250).unref();
  }
}
