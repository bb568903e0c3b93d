import { KibanaAnswerError, KibanaApiError } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import type { PackageInfo } from "../packages/types.js";
import { compareVersions } from "../util/semver.js";

export interface PackageRef {
  name: string;
  version: string;
}

export interface PackageLookup {
  /** Definitions by `name@version`. */
  packages: Map<string, PackageInfo>;
  /** Versions that exist but are not installed: the plan installs them before the policies that need them. */
  toInstall: PackageRef[];
  /** Versions the package registry does not know. */
  unknown: PackageRef[];
}

/** Fetches each needed package version once (`GET /api/fleet/epm/packages/{name}/{version}`), in parallel. */
export async function fetchPackages(client: KibanaClient, refs: PackageRef[]): Promise<PackageLookup> {
  const unique = new Map(refs.map((r) => [`${r.name}@${r.version}`, r]));
  const lookup: PackageLookup = { packages: new Map(), toInstall: [], unknown: [] };
  await Promise.all(
    [...unique.entries()].map(async ([key, ref]) => {
      const path = `/api/fleet/epm/packages/${encodeURIComponent(ref.name)}/${encodeURIComponent(ref.version)}`;
      const res = await client.request("GET", path, { allowErrors: true });
      if (res.status === 404 || res.status === 400) {
        lookup.unknown.push(ref);
        return;
      }
      if (res.status >= 400) throw new KibanaApiError("GET", path, res.status, res.body);
      const item = res.body?.item as PackageInfo & { installationInfo?: { version?: string } };
      if (!item || typeof item !== "object" || typeof item.name !== "string") {
        throw new KibanaAnswerError(
          "GET",
          client.urlFor(path),
          res.status,
          "is not a package: no `item` with a name",
        );
      }
      lookup.packages.set(key, item);
      // Kibana keeps one installed version per package; policies may stay on older ones. Install
      // only what is missing or older, never downgrade (or two policies would flip it on every run).
      const installedVersion =
        item.status === "installed" ? (item.installationInfo?.version ?? ref.version) : undefined;
      if (!installedVersion || compareVersions(installedVersion, ref.version) < 0) lookup.toInstall.push(ref);
    }),
  );
  const byKey = (a: PackageRef, b: PackageRef) =>
    `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`);
  // One installed version per package: the newest one wanted.
  const newest = new Map<string, PackageRef>();
  for (const ref of lookup.toInstall) {
    const seen = newest.get(ref.name);
    if (!seen || compareVersions(seen.version, ref.version) < 0) newest.set(ref.name, ref);
  }
  lookup.toInstall = [...newest.values()].sort(byKey);
  lookup.unknown.sort(byKey);
  return lookup;
}
