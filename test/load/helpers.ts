import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type LoadedManifest, loadManifests } from "../../src/load/index.js";
import type { Diagnostic } from "../../src/load/types.js";

/** Writes `files` (relative path → content) into a fresh temporary directory and returns it. */
export async function writeTree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "fleetform-load-"));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), content);
  }
  return root;
}

/** Loads `paths` (relative to `root`) with `root` as the working directory. */
export function load(
  root: string,
  paths: string[],
  env: Record<string, string> = {},
): Promise<LoadedManifest> {
  return loadManifests(paths, { cwd: root, env });
}

/** Writes one manifest as `m.yaml` and loads it. */
export async function loadOne(content: string, env: Record<string, string> = {}): Promise<LoadedManifest> {
  const root = await writeTree({ "m.yaml": content });
  return load(root, ["m.yaml"], env);
}

/** `file:line:column message` of each diagnostic, for compact assertions. */
export function where(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ${d.message}` : d.message,
  );
}
