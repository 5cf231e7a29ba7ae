/**
 * The command line: `npx tsx src/cli.ts <command> [flags]`. Commands live in src/cli/commands;
 * bad input ends with one line naming the flag and its range, and exit code 2.
 */
import { Command, CommanderError } from "commander";
import { UsageError } from "./cli/usage.ts";
import { registerKnownPrompt } from "./cli/commands/knownPrompt.ts";
import { registerGdSteps } from "./cli/commands/gdSteps.ts";
import { registerVerify } from "./cli/commands/verify.ts";
import { registerReport } from "./cli/commands/report.ts";
import { registerSweep } from "./cli/commands/sweep.ts";
import { registerPlot } from "./cli/commands/plot.ts";
import { registerMnist } from "./cli/commands/mnist.ts";
import { registerOptimalTheta } from "./cli/commands/optimalTheta.ts";
import { registerExpressivity } from "./cli/commands/expressivity.ts";

const program = new Command("prompt-attention")
  .description("Check the theory of prompt-attention (Oymak et al., ICML 2023): formulas, Monte Carlo, claims, report.")
  .exitOverride()
  .configureOutput({ writeErr: () => {} }) // errors are printed once, below, as a single line
  .showHelpAfterError(false);

const theory = program.command("theory").description("evaluate a formula of THEORY.md").exitOverride();
const simulate = program.command("simulate").description("Monte Carlo of the trained model beside the formula").exitOverride();
registerKnownPrompt(theory, simulate);
registerGdSteps(theory, simulate);
registerVerify(program);
registerReport(program);
registerSweep(program);
registerPlot(program);
registerMnist(program);
registerOptimalTheta(program);
registerExpressivity(program);

/** Commander subcommands inherit neither exitOverride nor output settings; apply them to all. */
function configureTree(cmd: Command): void {
  cmd.exitOverride().configureOutput({ writeErr: () => {} });
  for (const sub of cmd.commands) configureTree(sub);
}
configureTree(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version") process.exit(0);
    const msg = err.message.replace(/^error: /, "").split("\n")[0];
    process.stderr.write(`error: ${msg}\n`);
    process.exit(2);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
