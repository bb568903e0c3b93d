/** Package (integration) policies. Sources: FLEET/server/services/package_policy.ts, routes/package_policy. */

import { randomUUID } from "node:crypto";
import { missingRequiredVarsIn } from "../../packages/checks.js";
import {
  alignInputsAndStreams,
  expandSimplified,
  PackagePolicyInputError,
  packageToPolicyInputs,
  toSimplified,
} from "../../packages/simplified.js";
import type { PackageInfo } from "../../packages/types.js";
import { clonePlain } from "../../util/clone.js";
import { compareVersions } from "../../util/semver.js";
import { nowIso, type Req, type Route, type SimContext } from "../context.js";
import {
  badRequest,
  conflict,
  HttpError,
  hostedAgentPolicyRestriction,
  notFound,
  packagePolicyRestriction,
  soConflict,
  soNotFound,
} from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { bumpAgentPolicies, paginate, parseKuery, sortBy, validateId, validateNamespace } from "./common.js";
import { endpointOnCreate, endpointOnUpdate } from "./endpoint-callback.js";
import { byVersion, findPackage, installPackage } from "./epm.js";
import { extractSecrets } from "./package-secrets.js";

export const PP_TYPE = "fleet-package-policies";
const KUERY_PREFIXES = ["ingest-package-policies", "fleet-package-policies"];

const secretsOn = (store: Store) => store.settings?.secret_storage_requirements_met === true;
const isSimplifiedBody = (body: Obj) => body.inputs !== undefined && !Array.isArray(body.inputs);

export function packagePolicyView(store: Store, pp: Obj, simplified = false, catalog?: PackageInfo[]): Obj {
  const out = publicView(pp);
  if (!simplified) return out;
  const pkg = catalog?.find((c) => c.name === pp.package?.name && c.version === pp.package?.version);
  const s = toSimplified(pkg, { inputs: pp.inputs ?? [], vars: pp.vars ?? {} } as any) as Obj;
  void store;
  return { ...out, inputs: s.inputs, vars: s.vars };
}

const viewFor = (sim: SimContext, req: Req) => (pp: Obj) =>
  packagePolicyView(sim.store, pp, req.query.format === "simplified", sim.catalog);

function wrapInputError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PackagePolicyInputError) throw badRequest((err as Error).message);
    throw err;
  }
}

/** Fills ids and compiled output of streams/inputs, as the server does. */
function compile(pp: Obj): void {
  const values = (vars: Obj | undefined) =>
    Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, (v as Obj).value]));
  explicitNulls(pp.vars);
  for (const input of pp.inputs ?? []) {
    explicitNulls(input.vars);
    input.id = `${input.type}-${pp.id}`;
    input.compiled_input = values(input.vars);
    for (const s of input.streams ?? []) {
      explicitNulls(s.vars);
      s.id = `${input.type}-${s.data_stream?.dataset}-${pp.id}`;
      s.compiled_stream = values(s.vars);
    }
  }
}

/** A var without a default is stored with `value: null`: the contract requires `value` on every var. */
function explicitNulls(vars: Obj | undefined): void {
  for (const entry of Object.values(vars ?? {})) {
    if (entry && typeof entry === "object" && (entry as Obj).value === undefined) (entry as Obj).value = null;
  }
}

/** Legacy body: the package defaults fill whatever the body's inputs/vars leave out. */
function enrichWithDefaults(
  pkg: PackageInfo | undefined,
  inputs: Obj[],
  vars: Obj | undefined,
): { inputs: Obj[]; vars: Obj } {
  if (!pkg) return { inputs: clonePlain(inputs), vars: clonePlain(vars ?? {}) };
  const base = packageToPolicyInputs(pkg) as unknown as { inputs: Obj[]; vars: Obj };
  const out = clonePlain(inputs).map((input: Obj) => {
    const def = base.inputs.find(
      (b) =>
        b.type === input.type &&
        (input.policy_template === undefined || b.policy_template === input.policy_template),
    );
    if (!def) return input;
    input.vars = { ...(def.vars ?? {}), ...(input.vars ?? {}) };
    input.streams = (input.streams ?? []).map((s: Obj) => {
      const ds = (def.streams ?? []).find((d: Obj) => d.data_stream?.dataset === s.data_stream?.dataset);
      return ds ? { ...s, vars: { ...(ds.vars ?? {}), ...(s.vars ?? {}) } } : s;
    });
    return input;
  });
  return { inputs: out, vars: { ...(base.vars ?? {}), ...clonePlain(vars ?? {}) } };
}

/**
 * Every agent policy named must exist in the space (404 otherwise). A create also refuses a hosted one
 * without force, policy by policy (package_policy.ts create, validateIsNotHostedPolicy: "Cannot update"
 * on create too). An update has no such check: the API test "should work with multiple policy ids"
 * (package_policy/update.ts) adds a hosted agent policy to policy_ids without force.
 */
function requireAgentPolicies(sim: SimContext, space: string, ids: string[], refuseHosted: boolean): void {
  for (const id of ids) {
    const ap = sim.store.agentPolicies.get(id);
    if (!ap || !(ap.space_ids as string[]).includes(space)) throw notFound("Agent policy not found");
    if (ap.is_managed && refuseHosted)
      throw hostedAgentPolicyRestriction(`Cannot update integrations of hosted agent policy ${id}`);
  }
}

function requireUniqueName(store: Store, space: string, name: string, selfId?: string): void {
  const clash = store
    .packagePolicyIdsByName(name)
    .some((id) => id !== selfId && (store.packagePolicies.get(id)?.spaceIds ?? []).includes(space));
  if (clash) {
    throw conflict(
      `An integration policy with the name ${name.trim()} already exists. Please rename it or choose a different name.`,
    );
  }
}

/** Kibana's validatePackagePolicy: a required var left empty where it is used is a 400. */
function requireVars(pkg: PackageInfo | undefined, tree: { inputs: Obj[]; vars: Obj }): void {
  if (!pkg) return;
  const missing = missingRequiredVarsIn(pkg, tree as any, "kibana");
  if (missing.length > 0) {
    throw badRequest(`Package policy is invalid: ${missing.map((m) => m.kibanaMessage).join("\n")}`);
  }
}

/**
 * What a create and an update both do with the policy they built: refuse it without its required
 * vars, keep its secrets apart, compile it, store it, and bump the agent policies it touches.
 */
function save(store: Store, pkg: PackageInfo | undefined, pp: Obj, policyIds: string[], user: string): void {
  requireVars(pkg, pp as { inputs: Obj[]; vars: Obj });
  extractSecrets(store, pkg, pp, secretsOn(store));
  compile(pp);
  store.touch(pp, true);
  store.putPackagePolicy(pp);
  bumpAgentPolicies(store, policyIds, user);
}

/** Creates a package policy from a request body (legacy or simplified); used by the route and by side effects. */
export function createPackagePolicy(sim: SimContext, space: string, user: string, body: Obj): Obj {
  const { store } = sim;
  validateId(body.id);
  // Blank means "inherit the agent policy's"; anything else must be a valid namespace.
  if (body.namespace) validateNamespace(body.namespace, "[request body.namespace]: ");
  const name = String(body.name).trim();
  requireUniqueName(store, space, name);
  const id: string = body.id ?? randomUUID();
  if (store.packagePolicies.has(id)) throw soConflict(PP_TYPE, id);
  const policyIds: string[] = body.policy_ids ?? (body.policy_id ? [body.policy_id] : []);
  requireAgentPolicies(sim, space, policyIds, body.force !== true);
  const pkg = body.package ? findPackage(sim, body.package.name, body.package.version) : undefined;
  for (const apId of policyIds) {
    if (
      pkg?.policy_templates?.[0]?.multiple === false &&
      store.packagePoliciesOf(apId).some((p) => p.package?.name === pkg.name)
    ) {
      throw badRequest(
        `Unable to create integration policy. Integration '${pkg.name}' already exists on this agent policy.`,
      );
    }
  }
  let tree: { inputs: Obj[]; vars: Obj };
  if (isSimplifiedBody(body) || (body.inputs === undefined && pkg)) {
    if (!pkg) throw badRequest("Package is required");
    tree = wrapInputError(() => expandSimplified(pkg, { inputs: body.inputs, vars: body.vars }) as any);
  } else tree = enrichWithDefaults(pkg, body.inputs ?? [], body.vars);
  tree.inputs = alignInputsAndStreams(tree.inputs as any) as Obj[];
  if (pkg) ensureInstalled(sim, pkg);
  const { force: _f, id: _id, policy_id: _p, ...rest } = body;
  const now = nowIso();
  const pp: Obj = {
    ...rest,
    id,
    name,
    namespace: body.namespace ?? "",
    description: body.description ?? "",
    enabled: body.enabled ?? true,
    policy_ids: policyIds,
    inputs: tree.inputs,
    vars: tree.vars,
    package: pkg ? { name: pkg.name, title: pkg.title, version: pkg.version } : body.package,
    revision: 1,
    created_at: now,
    created_by: user,
    updated_at: now,
    updated_by: user,
    spaceIds: [space],
  };
  if (body.output_id === undefined) delete pp.output_id;
  // without agent policies there is no policy_id at all, not null ("should work with no policy ids")
  if (policyIds[0] !== undefined) pp.policy_id = policyIds[0];
  endpointOnCreate(pp);
  save(store, pkg, pp, policyIds, user);
  return pp;
}

/** Side effect of agent policy creation (sys_monitoring, has_fleet_server). */
export function createPackagePolicyFor(
  sim: SimContext,
  space: string,
  user: string,
  ap: Obj,
  pkgName: string,
  name: string,
): Obj | undefined {
  const pkg = latest(sim, pkgName);
  if (!pkg) return undefined;
  return createPackagePolicy(sim, space, user, {
    name,
    // FLEET/server/services/agent_policy_create.ts (createPackagePolicy): the agent policy's namespace.
    namespace: ap.namespace ?? "",
    policy_ids: [ap.id],
    package: { name: pkg.name, version: pkg.version },
    force: true,
  });
}

/**
 * FLEET/server/services/epm/packages/install.ts (ensureInstalledPackage): a policy's package is installed
 * when that version or a later one is not (with force, so an older version installs too); Kibana keeps
 * one version per package and never downgrades it for a policy on an older version.
 */
function ensureInstalled(sim: SimContext, pkg: PackageInfo): void {
  const installed = sim.store.installedPackages.get(pkg.name)?.version as string | undefined;
  if (installed === undefined || compareVersions(installed, pkg.version) < 0)
    installPackage(sim, pkg.name, pkg.version);
}

function latest(sim: SimContext, name: string): PackageInfo | undefined {
  return sim.catalog
    .filter((p) => p.name === name)
    .sort(byVersion)
    .at(-1);
}

function find(store: Store, space: string, id: string): Obj | undefined {
  const pp = store.packagePolicies.get(id);
  return pp && (pp.spaceIds as string[]).includes(space) ? pp : undefined;
}

function versionSeq(v: string): number {
  try {
    return (JSON.parse(Buffer.from(v, "base64").toString()) as number[])[0] ?? -1;
  } catch {
    return -1;
  }
}

function update(req: Req, sim: SimContext) {
  const { store } = sim;
  const id = req.params.packagePolicyId!;
  const stored = find(store, req.space, id);
  if (!stored) throw soNotFound("fleet-agent-policies", id);
  const body = req.body as Obj;
  const force = body.force === true;
  if (body.is_managed === true && !force)
    throw packagePolicyRestriction(`Cannot update package policy ${id}`);
  if (body.namespace) validateNamespace(body.namespace, "[request body.namespace]: ");
  const simplified = isSimplifiedBody(body);
  if (!simplified && body.version !== undefined && body.version !== stored.version) {
    throw new HttpError(
      409,
      `[${PP_TYPE}:${id}]: version conflict, required seqNo [${versionSeq(body.version)}], primary term [1]. current document has seqNo [${versionSeq(stored.version)}] and primary term [1]`,
    );
  }
  const policyIds: string[] = body.policy_ids ?? (body.policy_id ? [body.policy_id] : stored.policy_ids);
  requireAgentPolicies(sim, req.space, policyIds, false);
  const name = body.name !== undefined ? String(body.name).trim() : stored.name;
  if (name !== stored.name) requireUniqueName(store, req.space, name, id);
  const pkgRef = body.package ?? stored.package;
  const pkg = pkgRef ? findPackage(sim, pkgRef.name, pkgRef.version) : undefined;
  let tree: { inputs: Obj[]; vars: Obj };
  if (simplified) {
    if (!pkg) throw badRequest("Package is required");
    tree = wrapInputError(() => expandSimplified(pkg, { inputs: body.inputs, vars: body.vars }) as any);
  } else {
    tree = enrichWithDefaults(pkg, body.inputs ?? stored.inputs, body.vars ?? stored.vars);
  }
  tree.inputs = alignInputsAndStreams(tree.inputs as any) as Obj[];
  if (pkg) ensureInstalled(sim, pkg);
  const { force: _f, version: _v, id: _id, ...rest } = body;
  const next: Obj = {
    ...(simplified ? { ...stored, description: "", namespace: "" } : stored),
    ...rest,
    id,
    name,
    policy_ids: policyIds,
    policy_id: policyIds[0] ?? null,
    inputs: tree.inputs,
    vars: tree.vars,
    package: pkg ? { name: pkg.name, title: pkg.title, version: pkg.version } : stored.package,
    revision: (stored.revision ?? 0) + 1,
    updated_at: nowIso(),
    updated_by: req.user,
  };
  endpointOnUpdate(next);
  save(store, pkg, next, [...stored.policy_ids, ...policyIds], req.user);
  return { item: viewFor(sim, req)(next) };
}

/** Deletes one package policy; returns the per-item result of Kibana's bulk delete. */
function deleteOne(sim: SimContext, req: Req, id: string, force: boolean): Obj {
  const pp = find(sim.store, req.space, id);
  if (!pp) {
    // Kibana's own item carries only id/success/statusCode/body here, but the contract requires
    // policy_ids and package on every item; where they disagree the contract wins, with empty values.
    return {
      id,
      success: false,
      statusCode: 404,
      body: { message: `Saved object [${PP_TYPE}/${id}] not found` },
      policy_ids: [],
      package: { name: "", title: "", version: "" },
    };
  }
  const result = {
    id,
    name: pp.name,
    package: pp.package,
    policy_id: pp.policy_id,
    policy_ids: pp.policy_ids,
  };
  // package_policy.ts delete: the policy's own is_managed first, then any hosted agent policy it is on.
  const hosted = (pp.policy_ids as string[]).some((apId) => sim.store.agentPolicies.get(apId)?.is_managed);
  const refusal = force
    ? undefined
    : pp.is_managed
      ? packagePolicyRestriction(`Cannot delete package policy ${id}`)
      : hosted
        ? hostedAgentPolicyRestriction("Cannot remove integrations of hosted agent policy")
        : undefined;
  if (refusal) return { ...result, success: false, statusCode: 400, body: { message: refusal.message } };
  sim.store.deletePackagePolicy(id);
  // Both delete handlers pass skipUnassignFromAgentPolicies: force, and package_policy.ts delete bumps
  // the agent policies' revisions only without it: a forced delete leaves them (and their agents) as they were.
  if (!force) bumpAgentPolicies(sim.store, pp.policy_ids, req.user);
  return { ...result, success: true };
}

function bulkDelete(req: Req, sim: SimContext) {
  const { packagePolicyIds, force } = req.body as Obj;
  const ids = packagePolicyIds as string[];
  if (!ids.some((id) => find(sim.store, req.space, id))) return [];
  return ids.map((id) => deleteOne(sim, req, id, force === true));
}

function deleteRoute(req: Req, sim: SimContext) {
  const r = deleteOne(sim, req, req.params.packagePolicyId!, req.query.force === true);
  if (r.success || r.statusCode === 404) return { id: r.id };
  throw new HttpError(r.statusCode, r.body.message);
}

function list(req: Req, sim: SimContext) {
  const q = req.query;
  const match = parseKuery(q.kuery, KUERY_PREFIXES, true);
  const items = [...sim.store.packagePolicies.values()].filter(
    (pp) => (pp.spaceIds as string[]).includes(req.space) && match(pp),
  );
  const page = paginate(sortBy(items, q.sortField ?? "updated_at", q.sortOrder ?? "desc"), q);
  return { ...page, items: page.items.map(viewFor(sim, req)) };
}

function get(req: Req, sim: SimContext) {
  const pp = find(sim.store, req.space, req.params.packagePolicyId!);
  if (!pp) throw notFound(`Package policy ${req.params.packagePolicyId} not found`);
  return { item: viewFor(sim, req)(pp) };
}

function bulkGet(req: Req, sim: SimContext) {
  const { ids, ignoreMissing } = req.body as Obj;
  const items: Obj[] = [];
  for (const id of ids as string[]) {
    const pp = find(sim.store, req.space, id);
    if (pp) items.push(viewFor(sim, req)(pp));
    else if (!ignoreMissing) throw notFound(`Package policy ${id} not found`);
  }
  return { items };
}

export const packagePolicyRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/package_policies", handler: list },
  {
    method: "POST",
    template: "/api/fleet/package_policies",
    handler: (req, sim) => ({
      item: viewFor(sim, req)(createPackagePolicy(sim, req.space, req.user, req.body)),
    }),
  },
  { method: "POST", template: "/api/fleet/package_policies/_bulk_get", handler: bulkGet },
  { method: "POST", template: "/api/fleet/package_policies/delete", handler: bulkDelete },
  { method: "GET", template: "/api/fleet/package_policies/{packagePolicyId}", handler: get },
  { method: "PUT", template: "/api/fleet/package_policies/{packagePolicyId}", handler: update },
  { method: "DELETE", template: "/api/fleet/package_policies/{packagePolicyId}", handler: deleteRoute },
];
