import { lstat, readdir, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { CODES } from "../diagnostics/codes.js";
import { isInside, isTooWide, realOrSelf } from "./confine.js";
import type { Diagnostic } from "./types.js";

export interface ManifestFile {
  /** The path as shown in messages: as given, or joined below the directory given. */
  display: string;
  /** Absolute path. */
  abs: string;
}

const MANIFEST_EXTENSION = /\.ya?ml$/i;

interface Walk {
  seen: Set<string>;
  out: ManifestFile[];
  errors: Diagnostic[];
  /** Real paths a symlink met while searching may lead into. */
  allowed: string[];
  /** How messages name the directory given and the working directory. */
  given: string;
}

async function walk(dir: string, display: string, w: Walk): Promise<void> {
  const real = await realpath(dir);
  if (w.seen.has(real)) return; // symlink loop or the same directory twice
  w.seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();
  for (const name of names) {
    const abs = join(dir, name);
    const shown = join(display, name);
    const st = await stat(abs).catch(() => undefined);
    if (!st) continue; // dangling symlink
    const manifest = st.isFile() && MANIFEST_EXTENSION.test(name);
    if (!st.isDirectory() && !manifest) continue;
    // A symlink in a repository can point anywhere (`secrets.yaml -> /etc/…`, `shared -> ~`): what it
    // leads to is read only when it stays inside the directory given or the working directory.
    if ((await lstat(abs)).isSymbolicLink()) {
      const target = await realpath(abs);
      if (!w.allowed.some((root) => isInside(target, root))) {
        w.errors.push({
          severity: "error",
          code: CODES.manifestFile,
          message: `"${shown}" is a symlink to ${target}, outside ${w.given} and the working directory; it was not read`,
          hint: "keep manifests inside the directory you give (or copy the file in) instead of linking out of it",
        });
        continue;
      }
    }
    if (st.isDirectory()) await walk(abs, shown, w);
    else w.out.push({ abs, display: shown });
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
  const realCwd = realOrSelf(cwd);
  const cwdRoots = isTooWide(realCwd) ? [] : [realCwd];
  for (const given of paths) {
    const abs = isAbsolute(given) ? given : resolve(cwd, given);
    const st = await stat(abs).catch(() => undefined);
    if (!st) {
      errors.push({
        severity: "error",
        code: CODES.manifestFile,
        message: `path "${given}" does not exist`,
        hint: "give manifest files or directories",
      });
    } else if (st.isDirectory()) {
      const before = files.length;
      await walk(abs, given, {
        seen: seenDirs,
        out: files,
        errors,
        allowed: [await realpath(abs), ...cwdRoots],
        given: `"${given}"`,
      });
      if (files.length === before) {
        errors.push({
          severity: "error",
          code: CODES.manifestFile,
          message: `directory "${given}" holds no *.yaml or *.yml files`,
        });
      }
    } else if (st.isFile()) {
      files.push({ abs, display: given });
    } else {
      errors.push({
        severity: "error",
        code: CODES.manifestFile,
        message: `"${given}" is neither a file nor a directory`,
      });
    }
  }
  const unique = new Map<string, ManifestFile>();
  for (const f of files) {
    const real = await realpath(f.abs).catch(() => f.abs);
    if (!unique.has(real)) unique.set(real, f);
  }
  return { files: [...unique.values()], errors };
}
