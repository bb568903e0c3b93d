import { Command, CommanderError } from "commander";
import { KibanaApiError, KibanaConnectionError } from "../client/errors.js";
import { simCommand } from "../sim/cli.js";
import { applyCommand } from "./commands/apply.js";
import { driftCommand } from "./commands/drift.js";
import { exportCommand } from "./commands/export.js";
import { planCommand } from "./commands/plan.js";
import { validateCommand } from "./commands/validate.js";
import { newContext } from "./context.js";
import { UserError } from "./errors.js";

export const VERSION = "0.1.0";

/** Runs the CLI and resolves to the exit code; never throws for bad input. */
export async function main(argv: string[]): Promise<number> {
  const ctx = newContext();
  const program = new Command("fleetform")
    .description("Plan and apply Kibana Fleet and Cases settings from YAML manifests")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.addCommand(validateCommand(ctx));
  program.addCommand(planCommand(ctx));
  program.addCommand(applyCommand(ctx));
  program.addCommand(driftCommand(ctx));
  program.addCommand(exportCommand(ctx));
  program.addCommand(simCommand());
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.exitCode === 0
        ? 0
        : 1;
    }
    if (err instanceof UserError) {
      ctx.io.err(`error: ${err.message}${err.hint ? `\n  ${err.hint}` : ""}`);
      return 1;
    }
    if (err instanceof KibanaConnectionError || err instanceof KibanaApiError) {
      ctx.io.err(`error: ${err.message}`);
      if (err instanceof KibanaApiError && err.status === 401) {
        ctx.io.err(
          "  Kibana did not accept the credentials: check KIBANA_API_KEY (or --username/--password)",
        );
      } else if (err instanceof KibanaApiError && err.status === 403) {
        ctx.io.err("  the credentials lack a privilege: Fleet and Cases settings need the 'all' privilege");
      }
      return 1;
    }
    ctx.io.err(`error: ${(err as Error)?.message ?? String(err)}`);
    if (process.env.FLEETFORM_DEBUG) ctx.io.err(String((err as Error)?.stack));
    return 1;
  }
}
