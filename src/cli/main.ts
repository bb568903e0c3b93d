import { Command, CommanderError } from "commander";
import { simCommand } from "../sim/cli.js";
import { applyCommand } from "./commands/apply.js";
import { checkKibanaCommand } from "./commands/check-kibana.js";
import { driftCommand } from "./commands/drift.js";
import { exportCommand } from "./commands/export.js";
import { importCommand } from "./commands/import.js";
import { HELP_EXAMPLES, schemaCommand, singleDashLongOption, versionCommand } from "./commands/meta.js";
import { planCommand } from "./commands/plan.js";
import { tokenCommand } from "./commands/token.js";
import { validateCommand } from "./commands/validate.js";
import { newContext } from "./context.js";
import { reportFailure, wantedDocument } from "./failure.js";

export const VERSION = "0.1.0";

/** Runs the CLI and resolves to the exit code; never throws for bad input. */
export async function main(argv: string[]): Promise<number> {
  const ctx = newContext();
  // --no-color is global: accepted before or after the command, by every command.
  ctx.io.noColor = argv.includes("--no-color");
  argv = argv.filter((a, i) => i < 2 || a !== "--no-color");
  const program = new Command("fleetform")
    .description("Plan and apply Kibana Fleet and Cases settings from YAML manifests")
    .version(VERSION)
    .option(
      "--no-color",
      "no colours in the output (also NO_COLOR=1 or TERM=dumb; FORCE_COLOR=1 forces them)",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.addCommand(validateCommand(ctx));
  program.addCommand(planCommand(ctx));
  program.addCommand(applyCommand(ctx));
  program.addCommand(driftCommand(ctx));
  program.addCommand(exportCommand(ctx));
  program.addCommand(importCommand(ctx));
  program.addCommand(tokenCommand(ctx));
  program.addCommand(checkKibanaCommand(ctx));
  program.addCommand(simCommand());
  program.addCommand(schemaCommand(ctx));
  program.addCommand(versionCommand(ctx, VERSION));
  for (const command of program.commands) {
    command.exitOverride();
    const examples = HELP_EXAMPLES[command.name()];
    if (examples) command.addHelpText("after", `\nExamples:\n${examples.map((e) => `  ${e}`).join("\n")}`);
  }
  const dashes = singleDashLongOption(argv, program);
  if (dashes) {
    ctx.io.err(`error: ${dashes}`);
    return 1;
  }
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError && err.code === "commander.version") return 0;
    return reportFailure(err, ctx.io, wantedDocument(argv));
  }
}
