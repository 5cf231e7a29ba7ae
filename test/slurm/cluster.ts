/**
 * A throw-away single-node Slurm cluster for the recipe's integration test: munged, slurmctld and
 * slurmd started in the foreground as this process's children, from test/slurm/slurm.conf.in,
 * with all state in one temporary folder, and stopped by pid.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";

const TOOLS = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "scancel", "scontrol", "sinfo"];

export function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error)).trim().split("\n").slice(-3).join(" | ")}`);
  return r.stdout;
}

const onPath = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

/** apt-get update once, then install slurm-wlm and munge, unless they are already there. */
export function ensureSlurmInstalled(log: (s: string) => void): void {
  if (TOOLS.every(onPath)) return;
  if (process.getuid?.() !== 0) throw new Error(`Slurm is not installed (${TOOLS.filter((t) => !onPath(t)).join(", ")} missing) and installing it needs root`);
  log("installing slurm-wlm and munge with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  sh("apt-get", ["update", "-q"], env);
  sh("apt-get", ["install", "-y", "-q", "--no-install-recommends", "slurm-wlm", "munge"], env);
  const missing = TOOLS.filter((t) => !onPath(t));
  if (missing.length) throw new Error(`apt-get installed slurm-wlm and munge but ${missing.join(", ")} is still not on PATH`);
}

export interface Cluster {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Stop the daemons this cluster started, by pid (SIGTERM, then SIGKILL after 10 s). */
  stop(): Promise<void>;
  logs(): string;
}

async function until<T>(probe: () => T | undefined, what: string, ms: number, onTimeout: () => string): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}; ${onTimeout()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startCluster(dir: string, confTemplate: string, ports: { ctld: number; slurmd: number }): Promise<Cluster> {
  if (process.getuid?.() !== 0) throw new Error("the Slurm test starts slurmd, which must run as root");
  const host = sh("hostname", ["-s"]).trim();
  for (const sub of ["munge", "state", "spool"]) mkdirSync(join(dir, sub), { recursive: true });
  chownSync(join(dir, "munge"), Number(sh("id", ["-u", "munge"])), Number(sh("id", ["-g", "munge"])));
  const conf = join(dir, "slurm.conf");
  writeFileSync(conf, readFileSync(confTemplate, "utf8")
    .replaceAll("@DIR@", dir).replaceAll("@HOST@", host).replaceAll("@USER@", userInfo().username)
    .replaceAll("@CTLD_PORT@", String(ports.ctld)).replaceAll("@SLURMD_PORT@", String(ports.slurmd)));
  const env = { ...process.env, SLURM_CONF: conf };
  const m = join(dir, "munge");
  sh("runuser", ["-u", "munge", "--", "mungekey", "--create", `--keyfile=${m}/munge.key`]);

  const children: { name: string; child: ChildProcess }[] = [];
  const start = (name: string, cmd: string, args: string[]) => {
    const out = openSync(join(dir, `${name}.out`), "a");
    const child = spawn(cmd, args, { env, stdio: ["ignore", out, out] });
    children.push({ name, child });
    return child;
  };
  const logs = () => ["munged.out", "slurmctld.out", "slurmd.out", "slurmctld.log", "slurmd.log"]
    .filter((f) => existsSync(join(dir, f)))
    .map((f) => `${f}: ${readFileSync(join(dir, f), "utf8").trim().split("\n").slice(-4).join(" | ")}`).join("\n");
  const stop = async () => {
    for (const { child } of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await gone;
      clearTimeout(t);
    }
  };
  try {
    start("munged", "runuser", ["-u", "munge", "--", "munged", "-F", `--socket=${m}/munge.sock`, `--key-file=${m}/munge.key`, `--pid-file=${m}/munged.pid`, `--log-file=${m}/munged.log`, `--seed-file=${m}/munged.seed`]);
    await until(() => (existsSync(`${m}/munge.sock`) ? true : undefined), "munged's socket", 20_000, logs);
    start("slurmctld", "slurmctld", ["-D", "-f", conf]);
    start("slurmd", "slurmd", ["-D", "-f", conf]);
    await until(() => {
      const r = spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" });
      return r.status === 0 && r.stdout.trim() === "idle" ? true : undefined;
    }, "the node to be idle", 60_000, logs);
    for (const { name, child } of children) if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}); ${logs()}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, env, stop, logs };
}

export interface JobTask {
  task: string;
  state: string;
  exit: string;
}

/** The tasks of a job (array or not) with their states, from `scontrol -o show job`. */
export function jobTasks(env: NodeJS.ProcessEnv, job: string): JobTask[] {
  return sh("scontrol", ["-o", "show", "job", job], env).trim().split("\n").filter(Boolean).map((line) => {
    const field = (k: string) => new RegExp(`(?:^| )${k}=(\\S*)`).exec(line)?.[1] ?? "";
    return { task: field("ArrayTaskId"), state: field("JobState"), exit: field("ExitCode") };
  });
}

export const finished = (t: JobTask) => ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY"].includes(t.state);
