import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { EDITOR_SCHEMA_FILE, EDITOR_SCHEMAS_DIR } from "../util/editor-schema.js";
import type { CliContext } from "./context.js";
import { writeFileReplacing } from "./write-file.js";

/** One manifest file a command writes: `<kind>.yaml`. */
export interface ManifestDocument {
  kind: string;
  text: string;
}

/**
 * Writes manifests as `export` and `import` do: to stdout as one multi-document stream when `out` is
 * `-`, else one `<kind>.yaml` per document in the directory `out`, beside the editor schema their
 * first line names (so that editors complete and check them where they are).
 */
export async function writeManifestFiles(
  out: string,
  documents: ManifestDocument[],
  io: CliContext["io"],
): Promise<void> {
  if (out === "-") {
    io.out(documents.map((d) => d.text).join("---\n"));
    return;
  }
  await mkdir(out, { recursive: true });
  for (const d of documents) {
    const file = path.join(out, `${d.kind}.yaml`);
    await writeFileReplacing(file, io.redact(d.text));
    io.err(`wrote ${file}`);
  }
  if (documents.length === 0) return;
  const schema = await readFile(new URL(EDITOR_SCHEMA_FILE, EDITOR_SCHEMAS_DIR), "utf8");
  const file = path.join(out, EDITOR_SCHEMA_FILE);
  await writeFileReplacing(file, schema);
  io.err(`wrote ${file} (the schema editors check these manifests with)`);
}
