/**
 * Packages installed without a policy (`elastic_agent`, `synthetics`…), at a version or `latest`.
 * Sources: FLEET/server/routes/epm/handlers.ts (list, install, delete), services/epm/packages/install.ts
 * (an install older than the registry's latest is refused without `force`), services/epm/packages/remove.ts
 * (a package that package policies use is refused).
 */

import { packageInstallRequest } from "../packages/install.js";
import { describedAs } from "./shapes.js";
import type { ApiCall, Body, KindDescriptor, LiveObject, PlanContext } from "./types.js";
import { LATEST } from "./types.js";

/** Kibana's unremovablePackages (FLEET/common/constants/epm.ts): their installation is not `removable`. */
const UNREMOVABLE = new Set(["elastic_agent", "fleet_server"]);

const item = (name: string, version?: string) =>
  `/api/fleet/epm/packages/${encodeURIComponent(name)}${version ? `/${encodeURIComponent(version)}` : ""}`;

/** The installed version: `installationInfo` in Kibana's answers (`savedObject.attributes` before 8.12). */
function installedVersion(raw: Body): string | undefined {
  const version = raw.installationInfo?.version ?? raw.savedObject?.attributes?.version;
  return raw.status === "installed" && typeof version === "string" ? version : undefined;
}

/** Installs (or moves to) the manifest's version (with `force` when older than the registry's newest). */
const install = (body: Body, ctx: PlanContext): ApiCall =>
  packageInstallRequest(
    String(body.name),
    String(body.version),
    ctx.packages.get(`${body.name}@${body.version}`),
  );

export const packages: KindDescriptor = {
  ...describedAs("packages"),
  references: [],
  list: {
    // GET /api/fleet/epm/packages answers `{items}` alone (fleet routes/epm/handlers.ts getListHandler).
    uncounted: true,
    path: "/api/fleet/epm/packages",
    query: { withPackagePoliciesCount: true },
    shape: "items",
    keep: (raw) => installedVersion(raw) !== undefined,
  },
  liveIdentity: (raw) => String(raw.name),
  // Uninstalling removes the package's assets (dashboards, pipelines, templates): only on request.
  pruneOnlyWhenNamed: true,
  installsPackages: true,
  packagesOf: (body) =>
    typeof body.name === "string"
      ? [{ name: body.name, version: String(body.version ?? LATEST), versionPath: ["version"] }]
      : [],
  comparableDesired: (body) => ({ name: body.name, version: body.version }),
  comparableLive: (live) => ({ name: live.raw.name, version: installedVersion(live.raw) }),
  exportBody: (live) => ({ name: live.raw.name, version: installedVersion(live.raw) }),
  get: (name) => ({ method: "GET", path: item(name), shape: "item" }),
  // `force` is the request's flag, not a field of the package: sent whenever the install says it.
  updateCarries: () => ["force"],
  create: (body, ctx) => install(body, ctx),
  update: (body, _live, ctx) => install(body, ctx),
  deletion: {
    call: (live: LiveObject) => ({
      method: "DELETE",
      path: item(live.id, installedVersion(live.raw)),
    }),
    blockedReason: (raw) => {
      if (UNREMOVABLE.has(raw.name)) return "Fleet installs it by default; Kibana refuses to uninstall it";
      const count = Number(raw.packagePoliciesInfo?.count ?? 0);
      return count > 0
        ? `${count} integration polic${count === 1 ? "y uses" : "ies use"} it; Kibana refuses to uninstall it`
        : undefined;
    },
  },
};
