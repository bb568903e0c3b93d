import type { ApiCall } from "../kinds/types.js";
import { compareVersions } from "../util/semver.js";
import type { PackageInfo } from "./types.js";

/**
 * The request that installs (or moves to) one package version. Kibana refuses a version older than
 * the newest one its registry has unless the body says `force` (FLEET/server/services/epm/packages/
 * install.ts: "… is out-of-date and cannot be installed or updated"), so an older pinned version says it.
 */
export function packageInstallRequest(name: string, version: string, info?: PackageInfo): ApiCall {
  const latest = (info as { latestVersion?: unknown } | undefined)?.latestVersion;
  const outdated = typeof latest === "string" && compareVersions(latest, version) > 0;
  return {
    method: "POST",
    path: `/api/fleet/epm/packages/${encodeURIComponent(name)}/${encodeURIComponent(version)}`,
    body: outdated ? { force: true } : {},
  };
}
