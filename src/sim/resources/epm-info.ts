/**
 * What Kibana's package info adds beyond one version's definition: the newest version the registry
 * offers (`latestVersion`), the package asked for without a version (the installed one, else the
 * newest), and the integration-policy count of the package list.
 *
 * Sources: FLEET/server/routes/epm/handlers.ts (getInfoHandler, getListHandler), and
 * FLEET/server/services/epm/packages/get.ts (getPackageInfo: `resolvedPkgVersion` is the requested
 * version, else the installation's, else the registry's latest; `latestVersion` is the registry's
 * latest when it is not older than the resolved one; "[NAME] package not installed or found in
 * registry" when neither exists).
 */
import type { PackageInfo } from "../../packages/types.js";
import type { Req, Route, SimContext } from "../context.js";
import { notFound } from "../errors.js";
import type { Obj } from "../store.js";
import { findPackage, withStatus } from "./epm.js";

const newerFirst = (a: PackageInfo, b: PackageInfo) =>
  b.version.localeCompare(a.version, undefined, { numeric: true });

/** The newest version of a package the catalog (the simulator's registry) holds. */
export function newestVersion(sim: SimContext, name: string): string | undefined {
  return sim.catalog
    .filter((p) => p.name === name)
    .sort(newerFirst)
    .at(0)?.version;
}

/** `latestVersion`, as getPackageInfo adds it to the package info it returns. */
export function withLatestVersion(sim: SimContext, item: Obj): Obj {
  const newest = newestVersion(sim, item.name);
  const older = newest !== undefined && newest.localeCompare(item.version, undefined, { numeric: true }) < 0;
  return { ...item, latestVersion: newest === undefined || older ? item.version : newest };
}

/** `GET /api/fleet/epm/packages/{pkgName}`: the installed version's info, else the newest one's. */
function getWithoutVersion(req: Req, sim: SimContext) {
  const name = req.params.pkgName!;
  const installed = sim.store.installedPackages.get(name)?.version as string | undefined;
  const version = installed ?? newestVersion(sim, name);
  if (version === undefined) throw notFound(`[${name}] package not installed or found in registry`);
  return { item: withLatestVersion(sim, withStatus(sim, findPackage(sim, name, version))) };
}

/**
 * `withPackagePoliciesCount=true` on the package list: the package policies of each package in the
 * request's space (getPackagePoliciesCountByPackageName).
 */
export function withPackagePoliciesInfo(req: Req, sim: SimContext, item: Obj): Obj {
  if (req.query.withPackagePoliciesCount !== true) return item;
  const count = [...sim.store.packagePolicies.values()].filter(
    (pp) => pp.package?.name === item.name && (pp.spaceIds as string[]).includes(req.space),
  ).length;
  return { ...item, packagePoliciesInfo: { count } };
}

// Kibana's route is `/api/fleet/epm/packages/{pkgName}/{pkgVersion?}`: the version is optional.
export const epmInfoRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/epm/packages/{pkgName}", handler: getWithoutVersion },
];
