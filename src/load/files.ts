import { readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import type { Diagnostic } from "./types.js";

export interface ManifestFile {
  /** The path as shown in messages: as given, or joined below the directory given. */
  display: string;
  /** Absolute path. */
  abs: string;
}

const MANIFEST_EXTENSION = /\.ya?ml$/i;

async function walk(dir: string, display: string, seen: Set<string>, out: ManifestFile[]): Promise<void> {
  const real = await realpath(dir);
  if (seen.has(real)) return; // symlink loop or the same directory twice
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const abs = join(dir, name);
    const st = await stat(abs).catch(() => undefined);
    if (!st) continue; // dangling symlink
    if (st.isDirectory()) await walk(abs, join(display, name), seen, out);
    else if (st.isFile() && MANIFEST_EXTENSION.test(name)) out.push({ abs, display: join(display, name) });
  }
}

/**
 * Expands the paths given on the command line: files are taken as they are, directories are searched
 * recursively for `*.yaml` / `*.yml` (sorted by name at each level, hidden entries skipped).
 * A file reached twice is read once.
 */
export async function expandPaths(
  paths: string[],
  cwd: string,
): Promise<{ files: ManifestFile[]; errors: Diagnostic[] }> {
  const files: ManifestFile[] = [];
  const errors: Diagnostic[] = [];
  const seenDirs = new Set<string>();
  for (const given of paths) {
    const abs = isAbsolute(given) ? given : resolve(cwd, given);
    const st = await stat(abs).catch(() => undefined);
    if (!st) {
      errors.push({ message: `path "${given}" does not exist`, hint: "give manifest files or directories" });
    } else if (st.isDirectory()) {
      const before = files.length;
      await walk(abs, given, seenDirs, files);
      if (files.length === before) {
        errors.push({ message: `directory "${given}" holds no *.yaml or *.yml files` });
      }
    } else if (st.isFile()) {
      files.push({ abs, display: given });
    } else {
      errors.push({ message: `"${given}" is neither a file nor a directory` });
    }
  }
  const unique = new Map<string, ManifestFile>();
  for (const f of files) {
    const real = await realpath(f.abs).catch(() => f.abs);
    if (!unique.has(real)) unique.set(real, f);
  }
  return { files: [...unique.values()], errors };
}
