/**
 * The simulator's package catalog: the built-in packages, the ones `--packages` adds (a version read
 * from disk replaces the built-in one of the same version), and, with `--registry`, whatever a request
 * names that neither has, fetched from the registry before the request is handled.
 */
import type { PackageInfo } from "../../packages/types.js";
import { catalog as builtIn } from "../catalog/index.js";
import type { Req, Route, SimContext } from "../context.js";
import { loadPackagesDir } from "./load.js";
import { PackageRegistry } from "./registry.js";

export { PackagesDirError } from "./load.js";

export interface PackageSourceOptions {
  /** Directories of `NAME/VERSION/` trees or `NAME-VERSION.zip` archives. */
  packages?: string[];
  /** Base URL of an Elastic Package Registry to fetch unknown packages from. */
  registry?: string;
}

export class SimPackages {
  readonly catalog: PackageInfo[];
  private readonly registry?: PackageRegistry;

  constructor(options: PackageSourceOptions = {}) {
    const byKey = new Map(builtIn.map((p) => [`${p.name}@${p.version}`, p]));
    for (const dir of options.packages ?? []) {
      for (const p of loadPackagesDir(dir)) byKey.set(`${p.name}@${p.version}`, p);
    }
    this.catalog = [...byKey.values()];
    if (options.registry) this.registry = new PackageRegistry(options.registry);
  }

  /** Makes the package version known, from the registry if needed. */
  async ensure(name: string, version: string): Promise<void> {
    if (!this.registry || this.has(name, version)) return;
    const found = await this.registry.fetch(name, version);
    if (found && !this.has(found.name, found.version)) this.catalog.push(found);
  }

  private has(name: string, version: string): boolean {
    return this.catalog.some((p) => p.name === name && p.version === version);
  }

  /** The routes, each first fetching the packages its request names (a no-op without a registry). */
  fetchingRoutes(routes: Route[]): Route[] {
    if (!this.registry) return routes;
    return routes.map((route) => ({
      ...route,
      handler: async (req: Req, sim: SimContext) => {
        for (const ref of packagesNamedBy(req, sim)) await this.ensure(ref.name, ref.version);
        return route.handler(req, sim);
      },
    }));
  }
}

/** The package versions a request needs: in its path, its body, or the stored policy it changes. */
function packagesNamedBy(req: Req, sim: SimContext): { name: string; version: string }[] {
  const refs: { name: string; version: string }[] = [];
  const add = (pkg: { name?: unknown; version?: unknown } | undefined) => {
    if (typeof pkg?.name === "string" && pkg.name && typeof pkg.version === "string" && pkg.version) {
      refs.push({ name: pkg.name, version: pkg.version });
    }
  };
  add({ name: req.params.pkgName, version: req.params.pkgVersion });
  if (req.body && typeof req.body === "object") add(req.body.package);
  const policyId = req.params.packagePolicyId;
  if (policyId) add(sim.store.packagePolicies.get(policyId)?.package);
  return refs;
}
