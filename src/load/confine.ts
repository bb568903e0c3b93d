import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, parse, relative, resolve, sep } from "node:path";

/** Where fleetform lets a manifest reach: shared by `${file:}` and by symlinks met in manifest directories. */

export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Whether a (real) directory is too wide to confine anything: the filesystem root or the home
 * directory, where "inside" means every file the user can read (`/etc`, `~/.ssh`).
 */
export function isTooWide(dir: string): boolean {
  return dir === parse(dir).root || dir === realOrSelf(homedir());
}
