import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { Document } from "yaml";
import { type ImportedManifests, importKibanaYml, kibanaFacts } from "../../import/index.js";
import { readKibanaYml } from "../../import/kibana-yml.js";
import type { Diagnostic } from "../../load/types.js";
import { formatDiagnostic } from "../../render/diagnostics.js";
import { startSimulator } from "../../sim/index.js";
import { schemaComment } from "../../util/editor-schema.js";
import { type ConnectionFlags, withConnection, withConnectionOptions } from "../connection.js";
import { type CliContext, exitWith } from "../context.js";
import { ManifestError, UserError } from "../errors.js";
import { writeManifestFiles } from "../manifest-files.js";

interface ImportFlags extends ConnectionFlags {
  out: string;
}

/** `fleetform import kibana.yml`: kibana.yml's Fleet preconfiguration as manifests, one file per kind. */
export function importCommand(ctx: CliContext): Command {
  const { io } = ctx;
  const command = new Command("import")
    .description(
      "turn kibana.yml's Fleet preconfiguration (xpack.fleet.*) into manifests, to move it to fleetform;\n" +
        "reads package definitions and ids from the Kibana that preconfiguration set up",
    )
    .argument("<kibana.yml>", "the Kibana configuration file")
    .option("--out <dir>", "directory to write <kind>.yaml files into, or - for stdout", "-");
  withConnectionOptions(command);
  return command.action(
    exitWith(ctx, async (file: string, flags: ImportFlags) => {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (err) {
        throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code}`);
      }
      const unreadable = (errors: Diagnostic[]) => {
        for (const e of errors) io.err(formatDiagnostic(e));
        return new ManifestError(`${file} is not valid YAML; nothing imported`, errors);
      };
      // Before any Kibana (or simulator) is involved.
      const yamlErrors = readKibanaYml(text, file).errors;
      if (yamlErrors.length > 0) throw unreadable(yamlErrors);
      const result = await withKibana(flags, file, text, io, (facts) => importKibanaYml(text, file, facts));
      if (result.errors.length > 0) throw unreadable(result.errors);
      for (const w of result.warnings) io.err(formatDiagnostic(w));
      await write(result, file, flags.out, io);
      if (result.secretVariables.length > 0) {
        io.err(
          `Secrets written in clear in ${file} are not copied. Set these environment variables before plan/apply:\n${result.secretVariables.map((v) => `  ${v}`).join("\n")}`,
        );
      }
      return 0;
    }),
  );
}

/**
 * The connection the flags describe; with `--sim`, an embedded simulator that starts as the Kibana
 * this very preconfiguration sets up (so the import can be tried without a Kibana).
 */
async function withKibana<T>(
  flags: ImportFlags,
  file: string,
  text: string,
  io: CliContext["io"],
  use: (facts: ReturnType<typeof kibanaFacts>) => Promise<T>,
): Promise<T> {
  if (!flags.sim) return withConnection(flags, io, (c) => use(kibanaFacts(c.client)));
  const apiKey = randomBytes(12).toString("hex");
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  try {
    sim = await startSimulator({ port: 0, apiKey, preconfiguration: { text, file } });
  } catch (err) {
    throw new UserError(`the simulator cannot start from ${file}: ${(err as Error).message}`);
  }
  try {
    return await withConnection({ ...flags, sim: false, kibanaUrl: sim.url, apiKey }, io, (c) =>
      use(kibanaFacts(c.client)),
    );
  } finally {
    await sim.close();
  }
}

async function write(result: ImportedManifests, file: string, out: string, io: CliContext["io"]) {
  const documents = result.sections.map(({ kind, objects }) => {
    const doc = new Document({ [kind]: objects });
    doc.commentBefore = ` ${schemaComment()}\n Imported by fleetform from ${path.basename(file)} (xpack.fleet preconfiguration).`;
    return { kind, text: doc.toString({ lineWidth: 0 }) };
  });
  await writeManifestFiles(out, documents, io);
}
