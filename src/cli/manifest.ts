import { checkReferences } from "../diff/references.js";
import { KINDS } from "../kinds/index.js";
import { loadManifests } from "../load/index.js";
import type { Diagnostic, LoadedManifest } from "../load/types.js";
import { formatDiagnostic, formatLocation } from "../validate/format.js";
import { validateManifest } from "../validate/index.js";
import { ManifestError, UserError } from "./errors.js";
import type { Io } from "./io.js";

/** load → validate: the manifests, or every problem of every file printed and exit 1. */
export async function loadValidManifest(paths: string[], io: Io): Promise<LoadedManifest> {
  const manifest = await loadManifests(paths.length > 0 ? paths : ["."]);
  io.addSecrets(manifest.secrets);
  const errors = everyProblem(manifest);
  if (errors.length > 0) {
    for (const d of errors) io.err(formatDiagnostic(d));
    throw new ManifestError(
      `${errors.length} error${errors.length === 1 ? "" : "s"} in the manifests; nothing was sent to Kibana`,
      errors,
    );
  }
  if (manifest.files.length === 0) {
    throw new UserError(`no manifest files (*.yaml, *.yml) found in ${paths.join(", ") || "."}`);
  }
  return manifest;
}

/**
 * Load errors (YAML, interpolation, duplicate ids) and schema errors together, so one run reports
 * every problem of every file. A place the loader already reported (a value whose interpolation
 * failed) is not reported again by the schema; the rest comes in file order, then line and column.
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

/** Offline reference check: ids that no manifest declares may still exist in Kibana, so these are warnings. */
export function offlineReferenceWarnings(manifest: LoadedManifest): Diagnostic[] {
  return checkReferences(manifest.objects, undefined, KINDS).map((p) => ({
    message: `${p.message.replace("the known defaults", "Kibana (checked by plan)")}`,
    location: p.location,
    hint: p.hint,
  }));
}
