/** EPM packages: list, info, install, remove. Sources: FLEET/server/routes/epm, services/epm/packages/remove.ts. */
import type { PackageInfo } from "../../packages/types.js";
import { compareVersions } from "../../util/semver.js";
import { nowIso, type Req, type Route, type SimContext } from "../context.js";
import { badRequest, notFound } from "../errors.js";
import type { Obj } from "../store.js";
import { bumpAgentPolicies } from "./common.js";
import { newestVersion, withLatestVersion, withPackagePoliciesInfo } from "./epm-info.js";

/** Packages Fleet installs by default and refuses to remove. */
const UNREMOVABLE = new Set(["elastic_agent", "fleet_server"]);

/** One collator for every sort: `localeCompare` with options builds a new one on each comparison. */
const numeric = new Intl.Collator(undefined, { numeric: true });
export const byVersion = (a: PackageInfo, b: PackageInfo) => numeric.compare(a.version, b.version);

export function findPackage(sim: SimContext, name: string, version?: string): PackageInfo {
  const candidates = sim.catalog.filter((p) => p.name === name).sort(byVersion);
  const pkg = version ? candidates.find((p) => p.version === version) : candidates.at(-1);
  if (!pkg)
    throw notFound(
      version
        ? `[${name}-${version}] package not found in registry`
        : `[${name}] package not found in registry`,
    );
  return pkg;
}

/** Marks a package installed (latest version when none given); a no-op when already at that version. */
export function installPackage(sim: SimContext, name: string, version?: string): Obj | undefined {
  const pkg = sim.catalog
    .filter((p) => p.name === name && (!version || p.version === version))
    .sort(byVersion)
    .at(-1);
  if (!pkg) return undefined;
  const current = sim.store.installedPackages.get(name);
  if (current?.version === pkg.version) return current;
  const record = { name, version: pkg.version, installed_at: nowIso(), install_source: "registry" };
  sim.store.installedPackages.set(name, record);
  return record;
}

export function withStatus(sim: SimContext, pkg: PackageInfo): Obj {
  const installed = sim.store.installedPackages.get(pkg.name);
  const out: Obj = { assets: {}, ...pkg, status: installed ? "installed" : "not_installed" };
  if (installed)
    out.installationInfo = {
      type: "epm-packages",
      name: pkg.name,
      version: installed.version,
      install_status: "installed",
      install_source: "registry",
      installed_kibana: [],
      installed_es: [],
      verification_status: "unknown",
      created_at: installed.installed_at,
      updated_at: installed.installed_at,
    };
  return out;
}

function list(req: Req, sim: SimContext) {
  const latest = new Map<string, PackageInfo>();
  for (const p of [...sim.catalog].sort(byVersion)) latest.set(p.name, p);
  const items = [...latest.values()].map((p) => {
    const installed = sim.store.installedPackages.get(p.name);
    const item: Obj = {
      id: p.name,
      name: p.name,
      title: p.title,
      version: p.version,
      description: p.description,
      type: p.type,
      release: p.release ?? "ga",
      categories: p.categories ?? [],
      status: installed ? "installed" : "not_installed",
    };
    if (p.owner) item.owner = p.owner;
    if (installed) item.savedObject = { id: p.name, attributes: { version: installed.version } };
    return withPackagePoliciesInfo(req, sim, item);
  });
  return { items };
}

function get(req: Req, sim: SimContext) {
  return {
    item: withLatestVersion(
      sim,
      withStatus(sim, findPackage(sim, req.params.pkgName!, req.params.pkgVersion)),
    ),
  };
}

function install(req: Req, sim: SimContext) {
  const pkg = findPackage(sim, req.params.pkgName!, req.params.pkgVersion);
  // FLEET/server/services/epm/packages/install.ts (installPackageFromRegistry): a version older than the
  // registry's newest needs `force`, unless it is the installed one (a reinstall).
  const newest = newestVersion(sim, pkg.name);
  const outdated = newest !== undefined && compareVersions(newest, pkg.version) > 0;
  const reinstall = sim.store.installedPackages.get(pkg.name)?.version === pkg.version;
  if (outdated && !reinstall && (req.body as Obj | undefined)?.force !== true) {
    throw badRequest(`${pkg.name}-${pkg.version} is out-of-date and cannot be installed or updated`);
  }
  installPackage(sim, pkg.name, pkg.version);
  return { items: [], _meta: { install_source: "registry", name: pkg.name } };
}

function remove(req: Req, sim: SimContext) {
  const name = req.params.pkgName!;
  const installed = sim.store.installedPackages.get(name);
  if (!installed || (req.params.pkgVersion && installed.version !== req.params.pkgVersion)) {
    throw badRequest(`${name} is not installed`);
  }
  if (UNREMOVABLE.has(name)) throw badRequest(`${name} is installed by default and cannot be removed`);
  const policies = [...sim.store.packagePolicies.values()].filter((pp) => pp.package?.name === name);
  if (policies.length > 0) {
    if (req.query.force !== true) {
      throw badRequest(
        `Unable to remove package ${name}:${installed.version} with existing package policy(s) in use by agent(s)`,
      );
    }
    for (const pp of policies) {
      sim.store.deletePackagePolicy(pp.id);
      bumpAgentPolicies(sim.store, pp.policy_ids ?? [], req.user);
    }
  }
  sim.store.installedPackages.delete(name);
  return { items: [] };
}

export const epmRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/epm/packages", handler: list },
  { method: "GET", template: "/api/fleet/epm/packages/{pkgName}/{pkgVersion}", handler: get },
  { method: "POST", template: "/api/fleet/epm/packages/{pkgName}/{pkgVersion}", handler: install },
  { method: "DELETE", template: "/api/fleet/epm/packages/{pkgName}/{pkgVersion}", handler: remove },
];
