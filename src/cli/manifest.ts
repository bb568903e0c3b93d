import { Command, Option } from "commander";
import { loadManifests } from "../api/manifests.js";
import { checkReferences } from "../diff/references.js";
import { KINDS } from "../kinds/index.js";
import type { Diagnostic, LoadedManifest, LoadOptions } from "../load/types.js";
import { formatDiagnostic, manifestErrorsHeadline } from "../render/diagnostics.js";
import { ManifestError, UserError } from "./errors.js";
import type { Io } from "./io.js";

/** load → validate: the manifests, or every problem of every file printed and exit 1. */
export async function loadValidManifest(
  paths: string[],
  io: Io,
  onSections?: LoadOptions["onSections"],
): Promise<LoadedManifest> {
  const manifest = await loadManifests(paths, { onSections });
  io.addSecrets(manifest.secrets);
  const { errors } = manifest;
  if (errors.length > 0) {
    for (const d of errors) io.err(formatDiagnostic(d));
    throw new ManifestError(manifestErrorsHeadline(errors.length), errors);
  }
  if (manifest.files.length === 0) {
    throw new UserError(`no manifest files (*.yaml, *.yml) found in ${paths.join(", ") || "."}`);
  }
  return manifest;
}

/** Offline reference check: ids that no manifest declares may still exist in Kibana, so these are warnings. */
export function offlineReferenceWarnings(manifest: LoadedManifest): Diagnostic[] {
  return checkReferences(manifest.objects, undefined, KINDS);
}

/** A command that reads manifests: its name, what it does, and the manifest paths it takes. */
export function manifestCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .argument("[paths...]", "manifest files or directories (default: .)");
}

/** `--json` or `--markdown`: the one document a command prints on stdout instead of text. */
export function documentOptions(command: Command, json: string, markdown: string): Command {
  return command.addOption(new Option("--json", json).conflicts("markdown")).option("--markdown", markdown);
}
