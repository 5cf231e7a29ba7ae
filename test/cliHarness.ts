/** Run the CLI as a user would: `tsx src/cli.ts ...` in a child process. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** tsx resolved from the project, so the CLI also runs from an unrelated working directory. */
const tsx = import.meta.resolve("tsx");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = root): CliRun {
  const r = spawnSync(process.execPath, ["--import", tsx, `${root}/src/cli.ts`, ...args], { cwd, encoding: "utf8", timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
