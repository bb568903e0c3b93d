import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import { CHECK_PREFIX } from "../../check/objects.js";
import { checkToJson, outcomeOf, renderCheckText } from "../../check/render.js";
import { runCheck } from "../../check/run.js";
import { isSpaceScoped, KIND_NAMES, listedInText, shapeOf } from "../../kinds/shapes.js";
import { pluralNoun } from "../../render/nouns.js";
import { type ConnectionFlags, withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";

interface CheckFlags extends ConnectionFlags {
  autoApprove?: boolean;
  json?: boolean;
}

/**
 * `fleetform check-kibana`: does this Kibana keep what fleetform plans? One object of every kind is
 * created, planned again, updated and deleted in a scratch space, and every difference is reported.
 */
/** The kinds whose check objects (named, global) every space shows: "outputs, proxies, … and Fleet Server hosts". */
function globalNamedObjects(): string {
  return listedInText(
    KIND_NAMES.filter((k) => !isSpaceScoped(k) && shapeOf(k).identity === "id").map(pluralNoun),
  );
}

export function checkKibanaCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = new Command("check-kibana")
    .description(
      "check fleetform against this Kibana: create, plan again, update and delete one object of every kind in a scratch space (exit 0 all matched, 2 differences, 1 error)",
    )
    .option("--auto-approve", "do not ask before writing to Kibana")
    .option("--json", "print the report as one JSON document");
  withConnectionOptions(command);
  return command.action(
    exitWith(ctx, async (flags: CheckFlags) => {
      const token = randomBytes(3).toString("hex");
      const space = `${CHECK_PREFIX}${token}`;
      if (!flags.autoApprove && !process.stdin.isTTY) {
        throw new UserError(
          "check-kibana writes to Kibana and asks first, and stdin is not a terminal",
          "pass --auto-approve to run it without asking",
        );
      }
      if (flags.space !== undefined)
        io.err(`note: --space is not used: the check runs in its own space, ${space}`);
      const { space: _space, ...connectionFlags } = flags;
      return withConnection(connectionFlags, io, async (connection) => {
        if (!flags.autoApprove && !(await confirm(connection.url, space))) {
          io.err("Check cancelled; nothing was written.");
          return 1;
        }
        const abort = new AbortController();
        const onSignal = (signal: string) => {
          if (abort.signal.aborted) return;
          io.err(`\n${signal}: finishing the request in flight, then deleting what the check created…`);
          abort.abort();
        };
        const onInt = () => onSignal("SIGINT");
        const onTerm = () => onSignal("SIGTERM");
        process.on("SIGINT", onInt);
        process.on("SIGTERM", onTerm);
        try {
          const report = await runCheck({
            client: connection.client,
            inSpace: (s) => connection.inSpace(s),
            signal: abort.signal,
            token,
            progress: (line) => io.err(line),
          });
          if (flags.json) io.out(JSON.stringify(checkToJson(report, connection.url), null, 2));
          else io.out(renderCheckText(report, connection.url));
          return outcomeOf(report).exitCode;
        } finally {
          process.off("SIGINT", onInt);
          process.off("SIGTERM", onTerm);
        }
      });
    }),
  );

  async function confirm(url: string, space: string): Promise<boolean> {
    io.err(
      `check-kibana will write to ${url}: it creates the space ${space} and in it one object of every kind, ` +
        `each named ${space}-… (${globalNamedObjects()} are visible in every space while it runs), plans, ` +
        "updates and deletes them, then deletes the space.",
    );
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question("Do you want to run the check? Only 'yes' will be accepted: ");
      return answer.trim() === "yes";
    } finally {
      rl.close();
    }
  }
}
