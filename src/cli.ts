/**
 * The command line: `npx tsx src/cli.ts <command> [flags]`. Commands live in src/cli/commands;
 * bad input ends with one line naming the flag and its range, and exit code 2.
 */
import { readFileSync } from "node:fs";
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

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("prompt-attention")
  .description("Check the theory of prompt-attention (Oymak et al., ICML 2023): formulas, Monte Carlo, claims, report.")
  .version(version, "-V, --version", "print the version of prompt-attention-theory")
  .showHelpAfterError(false);

const theory = program.command("theory").description("evaluate a formula of docs/theory.md").exitOverride();
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

/**
 * Commander subcommands inherit neither exitOverride nor output settings; apply them to all.
 * Error messages are printed once, below, as a single line; usage (a command group called
 * without its subcommand) still reaches stderr.
 */
function configureTree(cmd: Command): void {
  cmd.exitOverride().configureOutput({ outputError: () => {} });
  for (const sub of cmd.commands) configureTree(sub);
}
configureTree(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version") process.exit(0);
    if (err.code === "commander.help") process.exit(2); // `theory` alone: its usage is already on stderr
    // a flag's parser already names the flag and its range: drop commander's "option '--T <int>' argument '0' is invalid." before it
    const wrapper = err.code === "commander.invalidArgument" ? /^error: option .*? is invalid\. / : /^error: /;
    const msg = err.message.replace(wrapper, "").split("\n")[0];
    process.stderr.write(`error: ${msg}\n`);
    process.exit(2);
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exit(2);
  }
  // a runtime failure (a non-finite result, a solver that did not converge, ...): one line, exit 1
  process.stderr.write(`error: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}\n`);
  process.exit(1);
}
