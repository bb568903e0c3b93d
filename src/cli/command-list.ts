/**
 * The commands, each imported only when it runs: a command's module pulls in what it needs (the
 * planner, the HTTP client, the simulator), and `--help` or `validate` should not pay for the others.
 * The help of all commands is drawn from summaries written at build time (dist/cli/commands.json,
 * scripts/build-cli.mjs), so listing the commands loads none of them.
 */
import { readFileSync } from "node:fs";
import { type Command, Command as CommandClass, Option } from "commander";
import type { CliContext } from "./context.js";

type Loader = (ctx: CliContext, version: string) => Promise<Command>;

/** In the order the help lists them. */
export const COMMAND_LOADERS: Record<string, Loader> = {
  validate: async (ctx) => (await import("./commands/validate.js")).validateCommand(ctx),
  plan: async (ctx) => (await import("./commands/plan.js")).planCommand(ctx),
  apply: async (ctx) => (await import("./commands/apply.js")).applyCommand(ctx),
  drift: async (ctx) => (await import("./commands/drift.js")).driftCommand(ctx),
  export: async (ctx) => (await import("./commands/export.js")).exportCommand(ctx),
  import: async (ctx) => (await import("./commands/import.js")).importCommand(ctx),
  token: async (ctx) => (await import("./commands/token.js")).tokenCommand(ctx),
  "check-kibana": async (ctx) => (await import("./commands/check-kibana.js")).checkKibanaCommand(ctx),
  sim: async () => (await import("../sim/cli.js")).simCommand(),
  schema: async (ctx) => (await import("./commands/meta.js")).schemaCommand(ctx),
  version: async (ctx, version) => (await import("./commands/meta.js")).versionCommand(ctx, version),
};

/** What the list of commands and the option checks need of a command that does not run. */
export interface CommandSummary {
  name: string;
  description: string;
  /** As the help writes them: `[paths...]`, `<kibana.yml>`. */
  arguments: string[];
  /** Option flags as declared: `--concurrency <n>`, `-v, --verbose`. */
  options: string[];
}

export function summarize(command: Command): CommandSummary {
  return {
    name: command.name(),
    description: command.description(),
    arguments: command.registeredArguments.map((a) => {
      const name = `${a.name()}${a.variadic ? "..." : ""}`;
      return a.required ? `<${name}>` : `[${name}]`;
    }),
    options: command.options.map((o) => o.flags),
  };
}

/** A command that lists and checks like the real one; it never runs (the named command is loaded). */
function standIn(summary: CommandSummary): Command {
  const command = new CommandClass(summary.name).description(summary.description);
  for (const argument of summary.arguments) command.argument(argument);
  for (const flags of summary.options) command.addOption(new Option(flags).hideHelp());
  return command;
}

function readSummaries(): Map<string, CommandSummary> | undefined {
  try {
    // From the parent folder: this code runs from dist/cli/ and from the CLI's bundle in dist/bundle/.
    const list = JSON.parse(readFileSync(new URL("../cli/commands.json", import.meta.url), "utf8"));
    return new Map((list as CommandSummary[]).map((s) => [s.name, s]));
  } catch {
    return undefined; // a tsc-only build or a run from src/: load every command instead
  }
}

/** The command argv names (`fleetform plan …`, `fleetform help plan`), if any. */
function commandNamed(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/** Every command: the one argv names for real, stand-ins built from the summaries for the others. */
export async function loadCommands(argv: string[], ctx: CliContext, version: string): Promise<Command[]> {
  const named = commandNamed(argv);
  const summaries = readSummaries();
  const commands: Command[] = [];
  for (const [name, load] of Object.entries(COMMAND_LOADERS)) {
    const summary = summaries?.get(name);
    commands.push(name === named || !summary ? await load(ctx, version) : standIn(summary));
  }
  return commands;
}
