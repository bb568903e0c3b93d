import { formatLocation } from "../diagnostics/diagnostic.js";
import { loadManifests as loadFiles } from "../load/index.js";
import type { Diagnostic, LoadedManifest, LoadOptions } from "../load/types.js";
import { diagnosticTextLines, manifestErrorsHeadline } from "../render/diagnostics.js";
import { validateManifest } from "../validate/index.js";

/**
 * Reads manifest files and directories, and checks them: YAML, interpolation, duplicate ids and the
 * schemas, every problem of every file in `errors` (file order, then line and column). A manifest
 * with errors is refused by `plan`, `apply` and `drift`.
 */
export async function loadManifests(paths: string[], options: LoadOptions = {}): Promise<LoadedManifest> {
  const manifest = await loadFiles(paths.length > 0 ? paths : ["."], options);
  return { ...manifest, errors: everyProblem(manifest) };
}

/**
 * Load errors and schema errors together. A place the loader already reported (a value whose
 * interpolation failed) is not reported again by the schema.
 */
function everyProblem(manifest: LoadedManifest): Diagnostic[] {
  const key = (d: Diagnostic) => (d.location ? formatLocation(d.location) : "");
  const reported = new Set(manifest.errors.map(key).filter(Boolean));
  const schema = validateManifest(manifest).filter((d) => !reported.has(key(d)));
  const fileOrder = (d: Diagnostic) => (d.location ? manifest.files.indexOf(d.location.file) : -1);
  return [...manifest.errors, ...schema].sort(
    (a, b) =>
      fileOrder(a) - fileOrder(b) ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0),
  );
}

/** A manifest with errors, refused before anything is sent to Kibana. */
export class ManifestErrors extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${manifestErrorsHeadline(diagnostics.length)}:\n` + diagnosticTextLines(diagnostics).join("\n"));
    this.name = "ManifestErrors";
  }
}
