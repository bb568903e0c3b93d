import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { Document, isMap, isSeq } from "yaml";
import { exportLive } from "../../export/export-live.js";
import { KINDS } from "../../kinds/index.js";
import type { KindDescriptor, PlanContext } from "../../kinds/types.js";
import { fetchPackages } from "../../read/packages.js";
import { readLive } from "../../read/read-live.js";
import { type ConnectionFlags, withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { UserError } from "../errors.js";
import { writeFileReplacing } from "../write-file.js";
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
        const live = await readLive(connection.client, KINDS);
        // Policies are exported against their package's definition; a package itself needs none.
        const packageRefs = KINDS.filter((k) => !k.installsPackages).flatMap((k) =>
          [...(live.get(k.kind)?.values() ?? [])].flatMap((o) => k.packagesOf?.(o.raw) ?? []),
        );
        const lookup = await fetchPackages(connection.client, packageRefs);
        const planCtx: PlanContext = { packages: lookup.packages, live };
        const result = exportLive(kinds, planCtx, { includeManaged: !!flags.includeManaged });
        const documents = [...result.objects]
          .filter(([, objects]) => objects.length > 0)
          .map(([kind, objects]) => ({ kind, text: toYaml(kind, objects) }));
        if (flags.out === "-") {
          io.out(documents.map((d) => d.text).join("---\n"));
        } else {
          await mkdir(flags.out, { recursive: true });
          for (const d of documents) {
            const file = path.join(flags.out, `${d.kind.kind}.yaml`);
            await writeFileReplacing(file, io.redact(d.text));
            io.err(`wrote ${file}`);
          }
        }
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

function selectKinds(value: string | undefined): KindDescriptor[] {
  if (!value) return [...KINDS];
  const names = parsePruneKinds(value, "--kinds")!;
  if (names.length === 0) throw new UserError("--kinds needs at least one kind");
  return KINDS.filter((k) => names.includes(k.kind));
}

function toYaml(
  kind: KindDescriptor,
  objects: { body: Record<string, unknown>; readOnly?: string }[],
): string {
  const content =
    kind.identity === "singleton"
      ? { [kind.kind]: objects[0]!.body }
      : { [kind.kind]: objects.map((o) => o.body) };
  const doc = new Document(content);
  doc.commentBefore = ` Exported by fleetform from Kibana: ${kind.noun} objects.`;
  const section = doc.get(kind.kind, true);
  if (isSeq(section)) {
    objects.forEach((o, i) => {
      const node = section.items[i];
      if (o.readOnly && isMap(node))
        node.commentBefore = ` read-only: ${o.readOnly}; fleetform never changes it`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}
