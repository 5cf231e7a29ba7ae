/** The --workers flag: worker threads for Monte Carlo trials (results do not depend on it). */
import { Command, Option } from "commander";
import { intIn } from "./usage.ts";
import { defaultWorkers } from "../sim/parallel.ts";

export const MAX_WORKERS = 256;

export function addWorkersOption(cmd: Command): Command {
  return cmd.addOption(
    new Option("--workers <int>", "worker threads for the trials (results are identical for any count)")
      .argParser(intIn("--workers", 1, MAX_WORKERS))
      .default(Math.min(defaultWorkers(), MAX_WORKERS), "cores"),
  );
}
