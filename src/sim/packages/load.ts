/**
 * Packages read from disk for `fleetform sim --packages DIR`: DIR holds `NAME/VERSION/` trees (the
 * layout of elastic/package-storage) and/or `NAME-VERSION.zip` archives (as the registry serves them).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { PackageInfo } from "../../packages/types.js";
import { PackageArchiveError, parsePackageArchive } from "./parse.js";
import { readZip, ZipError } from "./zip.js";

/** A packages directory that cannot be read; the message names the file and what to do. */
export class PackagesDirError extends Error {}

/** Every package version in `dir`. Throws PackagesDirError for an unreadable or invalid package. */
export function loadPackagesDir(dir: string): PackageInfo[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw new PackagesDirError(
      `cannot read packages directory ${dir}: ${(err as NodeJS.ErrnoException).code}`,
    );
  }
  const packages: PackageInfo[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (entry.endsWith(".zip")) packages.push(fromArchive(full, readFileSync(full)));
    else if (statSync(full).isDirectory()) {
      for (const version of readdirSync(full).sort()) {
        const tree = path.join(full, version);
        if (existsSync(path.join(tree, "manifest.yml"))) packages.push(fromTree(tree, `${entry}/${version}`));
      }
    }
  }
  if (packages.length === 0) {
    throw new PackagesDirError(
      `no packages in ${dir}: expected NAME/VERSION/manifest.yml trees or NAME-VERSION.zip archives`,
    );
  }
  return packages;
}

/** A package from a registry archive (`NAME-VERSION.zip`); `source` names it in errors. */
export function fromArchive(source: string, archive: Buffer): PackageInfo {
  try {
    return parsePackageArchive(readZip(archive));
  } catch (err) {
    if (err instanceof ZipError || err instanceof PackageArchiveError) {
      throw new PackagesDirError(`${source}: ${err.message}`);
    }
    throw err;
  }
}

function fromTree(dir: string, label: string): PackageInfo {
  const files = new Map<string, Buffer>();
  const walk = (at: string, rel: string) => {
    for (const name of readdirSync(at).sort()) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full, `${rel}/${name}`);
      // Only manifests are parsed; the other files matter by their paths (data stream names).
      else files.set(`${rel}/${name}`, name === "manifest.yml" ? readFileSync(full) : Buffer.alloc(0));
    }
  };
  walk(dir, label);
  try {
    const pkg = parsePackageArchive(files, label);
    if (label !== `${pkg.name}/${pkg.version}`) {
      throw new PackageArchiveError(
        `its manifest says ${pkg.name} ${pkg.version}: the directory must be NAME/VERSION`,
      );
    }
    return pkg;
  } catch (err) {
    if (err instanceof PackageArchiveError) throw new PackagesDirError(`${dir}: ${err.message}`);
    throw err;
  }
}
