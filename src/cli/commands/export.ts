import { Command } from "commander";
import { exportLive } from "../../api/library.js";
import type { KindName } from "../../kinds/shapes.js";
import { type ConnectionFlags, withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";
import { writeManifestFiles } from "../manifest-files.js";
import { parsePruneKinds } from "./plan.js";

interface ExportFlags extends ConnectionFlags {
  out: string;
  kinds?: string;
  includeManaged?: boolean;
}

/** Writes Kibana's live objects as minimal manifests, to adopt an existing Kibana. */
export function exportCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = new Command("export")
    .description("write the live Kibana objects as manifests (one file per kind), to adopt them")
    .option("--out <dir>", "directory to write <kind>.yaml files into, or - for stdout", "-")
    .option("--kinds <kinds>", "only these kinds (comma-separated)")
    .option("--include-managed", "also export managed and preconfigured objects (marked read-only)");
  withConnectionOptions(command);
  return command.action(
    exitWith(ctx, async (flags: ExportFlags) => {
      const kinds = selectKinds(flags.kinds);
      return withConnection(flags, io, async (connection) => {
        const result = await exportLive({
          kibana: connection.client,
          kinds,
          includeManaged: !!flags.includeManaged,
        });
        const documents = result.kinds.map((k) => ({ kind: k.kind, text: k.yaml }));
        await writeManifestFiles(flags.out, documents, io);
        if (result.secretVariables.length > 0) {
          io.err(
            `Secrets are not exported. Set these environment variables before plan/apply:\n${result.secretVariables.map((v) => `  ${v}`).join("\n")}`,
          );
        }
        return 0;
      });
    }),
  );
}

function selectKinds(value: string | undefined): KindName[] | undefined {
  if (!value) return undefined;
  const names = parsePruneKinds(value, "--kinds")!;
  if (names.length === 0) throw new UserError("--kinds needs at least one kind");
  return names;
}
