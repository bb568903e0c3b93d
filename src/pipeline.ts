import type { KibanaClient } from "./client/kibana-client.js";
import { type PlanOptions, planChanges } from "./diff/plan-changes.js";
import type { Plan, PlanProblem } from "./diff/types.js";
import { versionProblems } from "./diff/version-checks.js";
import { KINDS } from "./kinds/index.js";
import type { KindDescriptor, KindName, PlanContext } from "./kinds/types.js";
import { forKibanaVersion } from "./kinds/versions.js";
import type { LoadedManifest } from "./load/types.js";
import { orderOperations } from "./order/order-operations.js";
import { readKibanaVersion } from "./read/kibana-version.js";
import { fetchPackages } from "./read/packages.js";
import { type LiveState, readLive } from "./read/read-live.js";

export interface PlanRequest extends PlanOptions {
  /** Kinds to consider for unmanaged objects and pruning (default: the kinds the manifests use). */
  scope?: KindName[];
}

export interface PlanResult {
  plan: Plan;
  live: LiveState;
  ctx: PlanContext;
  /** The kinds as this Kibana takes them (see forKibanaVersion): apply sends through these. */
  kinds: readonly KindDescriptor[];
  /** The Kibana version the plan was made against (`GET /api/status`), when Kibana told it. */
  kibanaVersion?: string;
}

/** The kinds a manifest is about: the ones it declares, or the requested scope. */
export function kindsInScope(manifest: LoadedManifest, scope?: KindName[]): KindDescriptor[] {
  const names = new Set<KindName>(scope ?? manifest.objects.map((o) => o.kind));
  if (!scope) for (const k of manifest.sections ?? []) names.add(k);
  return KINDS.filter((k) => names.has(k.kind));
}

/** Kinds to read: those in scope, those they reference or cascade to, and those that reference them. */
function kindsToRead(scope: KindDescriptor[]): KindDescriptor[] {
  const scopeNames = new Set<KindName>(scope.map((k) => k.kind));
  const names = new Set<KindName>(scopeNames);
  for (const kind of scope) for (const ref of kind.references) names.add(ref.kind);
  // What a delete would take with it must be known, even outside the scope, to refuse surprises.
  for (const kind of scope) for (const cascade of kind.cascades ?? []) names.add(cascade.kind);
  // So must every object that references a kind in scope: a prune of proxies alone still sees the
  // outputs that use them, and keeps the proxies they name.
  for (const kind of KINDS) if (kind.references.some((r) => scopeNames.has(r.kind))) names.add(kind.kind);
  return KINDS.filter((k) => names.has(k.kind));
}

function packageRefs(manifest: LoadedManifest) {
  return manifest.objects.flatMap((o) => KINDS.find((k) => k.kind === o.kind)?.packagesOf?.(o.body) ?? []);
}

/** read live (and the Kibana version) → fetch packages → diff → order: everything between a validated manifest and a plan. */
export async function buildPlan(
  client: KibanaClient,
  manifest: LoadedManifest,
  request: PlanRequest,
): Promise<PlanResult> {
  const [live, lookup, kibanaVersion] = await Promise.all([
    readLive(client, kindsToRead(kindsInScope(manifest, request.scope))),
    fetchPackages(client, packageRefs(manifest)),
    readKibanaVersion(client),
  ]);
  const kinds = KINDS.map((k) => forKibanaVersion(k, kibanaVersion));
  const scope = kindsInScope(manifest, request.scope).map((k) => kinds.find((v) => v.kind === k.kind)!);
  // An upgrade is planned against the definition of the version the live object has, too.
  const liveRefs = manifest.objects.flatMap((o) => {
    const current = live.get(o.kind)?.get(o.id);
    const kind = KINDS.find((k) => k.kind === o.kind);
    return current && kind?.packagesOf ? kind.packagesOf(current.raw) : [];
  });
  const missing = liveRefs.filter((r) => !lookup.packages.has(`${r.name}@${r.version}`));
  if (missing.length > 0) {
    for (const [key, pkg] of (await fetchPackages(client, missing)).packages) lookup.packages.set(key, pkg);
  }
  const ctx: PlanContext = { packages: lookup.packages, live, kibanaVersion };
  const diff = planChanges(manifest.objects, live, scope, ctx, request);
  const problems: PlanProblem[] = [
    ...versionProblems(manifest.objects, kinds, kibanaVersion),
    ...diff.problems,
  ];
  const withoutPackage = new Set<string>();
  for (const ref of lookup.unknown) {
    for (const object of manifest.objects) {
      const kind = KINDS.find((k) => k.kind === object.kind);
      if (kind?.packagesOf?.(object.body).some((p) => p.name === ref.name && p.version === ref.version)) {
        withoutPackage.add(`${object.kind}/${object.id}`);
        problems.push({
          kind: object.kind,
          id: object.id,
          location: object.locate(["package", "version"]),
          message: `package ${ref.name} version ${ref.version} is not known to Kibana's package registry`,
          hint: "check the package name and version (Integrations page, or GET /api/fleet/epm/packages)",
        });
      }
    }
  }
  const plan: Plan = {
    ...diff,
    problems,
    // An object whose package Kibana does not know cannot be planned: it is an error, not a create.
    operations: orderOperations(
      diff.operations.filter((op) => !withoutPackage.has(op.key)),
      kinds,
    ),
    packages: lookup.toInstall,
  };
  return { plan, live, ctx, kinds, kibanaVersion };
}
