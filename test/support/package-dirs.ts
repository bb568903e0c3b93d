/** Package directories holding chosen versions of the corpus (symlinked, never copied). */
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CORPUS } from "./packages.js";

/** A `NAME/VERSION/` directory with exactly these versions: a Kibana whose registry offers only them. */
export function packagesDir(versions: Record<string, string[]>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fleetform-packages-"));
  for (const [name, list] of Object.entries(versions)) {
    mkdirSync(path.join(dir, name));
    for (const version of list) symlinkSync(path.join(CORPUS, name, version), path.join(dir, name, version));
  }
  return dir;
}
