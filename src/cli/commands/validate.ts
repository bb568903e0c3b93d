import type { Command } from "commander";
import { formatDiagnostic } from "../../render/diagnostics.js";
import { type CliContext, exitWith } from "../context.js";
import { loadValidManifest, manifestCommand, offlineReferenceWarnings } from "../manifest.js";

export function validateCommand(ctx: CliContext): Command {
  const { io } = ctx;
  return manifestCommand(
    "validate",
    "check manifests offline: YAML, schemas, interpolation, duplicate ids, references",
  ).action(
    exitWith(ctx, async (paths: string[]) => {
      const manifest = await loadValidManifest(paths, io);
      for (const w of offlineReferenceWarnings(manifest)) io.err(formatDiagnostic(w));
      const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
      io.out(
        `${count(manifest.objects.length, "object")} in ${count(manifest.files.length, "file")}: valid.`,
      );
      return 0;
    }),
  );
}
