import { Command, CommanderError } from "commander";
import { loadCommands } from "./command-list.js";
import { HELP_EXAMPLES, singleDashLongOption } from "./commands/meta.js";
import { newContext } from "./context.js";

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
  // Only the command argv names is imported: the others are listed from their build-time summaries.
  for (const command of await loadCommands(argv, ctx, VERSION)) program.addCommand(command);
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
    // --help and --version end here too (exitOverride): they print, and exit 0.
    if (err instanceof CommanderError && err.exitCode === 0) return 0;
    // Reporting pulls in the renderers (JSON, Markdown, diagnostics): loaded only when something failed.
    const { reportFailure, wantedDocument } = await import("./failure.js");
    return reportFailure(err, ctx.io, wantedDocument(argv));
  }
}
