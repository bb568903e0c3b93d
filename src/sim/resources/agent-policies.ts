/** Agent policies. Sources: FLEET/server/services/agent_policy.ts, agent_policy_create.ts, routes/agent_policy. */
import { randomUUID } from "node:crypto";
import { nowIso, type Req, type Route, type SimContext } from "../context.js";
import {
  badRequest,
  conflict,
  hostedAgentPolicyRestriction,
  notFound,
  packagePolicyRestriction,
  soConflict,
  soNotFound,
} from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { checkAgentPolicyBody, checkAgentPolicyKuery } from "./agent-policy-checks.js";
import {
  KueryKeyError,
  paginate,
  parseKuery,
  searchMatcher,
  sortBy,
  validateId,
  validateNamespace,
} from "./common.js";
import { createEnrollmentKey } from "./enrollment-keys.js";
import { installPackage } from "./epm.js";
import { allowedOutputTypes, dataOutputOf, validateOutputForPolicy } from "./output-policy-rules.js";
import { createPackagePolicyFor, packagePolicyView } from "./package-policies.js";

export const AP_TYPE = "fleet-agent-policies";
export const SCHEMA_VERSION = "1.1.1";
const KUERY_PREFIXES = ["ingest-agent-policies", "fleet-agent-policies"];
/** Fields a hosted policy lets you change without force (KEY_EDITABLE_FOR_MANAGED_POLICIES up to 9.x). */
const EDITABLE_WHEN_MANAGED = new Set(["namespace", "force"]);

export function visibleAgentPolicy(store: Store, space: string, id: string): Obj | undefined {
  const ap = store.agentPolicies.get(id);
  return ap && (ap.space_ids as string[]).includes(space) ? ap : undefined;
}

export function findAgentPolicy(store: Store, space: string, id: string): Obj {
  const ap = visibleAgentPolicy(store, space, id);
  if (!ap) throw soNotFound(AP_TYPE, id);
  return ap;
}

function requireUniqueName(store: Store, name: string, spaces: string[], selfId?: string): void {
  const others = store
    .agentPolicyIdsByName(name)
    .filter((id) => id !== selfId)
    .filter((id) => (store.agentPolicies.get(id)!.space_ids as string[]).some((s) => spaces.includes(s)));
  if (others.length === 1) throw conflict(`Agent Policy '${others[0]}' already exists with name '${name}'`);
  if (others.length > 1)
    throw conflict(`Agent Policies '${others.join(",")}' already exist with name '${name}'`);
}

interface ViewOptions {
  full?: boolean;
  agents?: boolean;
  /** `format=simplified`: embedded package policies in the simplified format (handlers.ts). */
  simplified?: boolean;
  catalog?: SimContext["catalog"];
}

export function agentPolicyView(store: Store, ap: Obj, opts: ViewOptions = {}): Obj {
  const out = publicView(ap);
  if (opts.full) {
    out.package_policies = store
      .packagePoliciesOf(ap.id)
      .map((pp) => packagePolicyView(store, pp, opts.simplified === true, opts.catalog));
  }
  if (opts.agents === true) {
    // populateAssignedAgentsCount: the simulator's agents are all privileged, none FIPS
    out.agents = store.agentCounts.get(ap.id) ?? 0;
    out.unprivileged_agents = 0;
    out.fips_agents = 0;
  } else if (opts.agents === false) out.agents = 0;
  return out;
}

const simplifiedOf = (req: Req, sim: SimContext) => ({
  simplified: req.query.format === "simplified",
  catalog: sim.catalog,
});

/** A new policy's outputs must suit it; a Fleet Server policy's default output must be Elasticsearch. */
function checkOutputOnCreate(store: Store, ap: Obj): void {
  validateOutputForPolicy(store, ap);
  if (!ap.has_fleet_server) return;
  // the fleet_server package policy Kibana then adds is refused on a non-Elasticsearch output
  // (validateAgentPolicyOutputForIntegration) and the new agent policy is removed again
  const allowed = allowedOutputTypes(store, ap);
  const output = dataOutputOf(store, ap);
  if (allowed && output && !allowed.includes(output.type)) {
    throw badRequest(
      `Integration "fleet_server" cannot be added to agent policy "${ap.name}" because it uses output type "${output.type}".`,
    );
  }
}

/** Creates an agent policy with Kibana's side effects (enrollment key, system / fleet_server integrations). */
export function createAgentPolicy(
  sim: SimContext,
  space: string,
  user: string,
  body: Obj,
  sysMonitoring: boolean,
): Obj {
  const { store } = sim;
  checkAgentPolicyBody(body);
  validateId(body.id);
  validateNamespace(body.namespace, "Invalid namespace: ");
  // an empty space_ids means the request's space (createAgentPolicyHandler checks `spaceIds?.length`)
  const spaceIds: string[] = body.space_ids?.length ? body.space_ids : [space];
  requireUniqueName(store, body.name, spaceIds);
  const id: string = body.id ?? randomUUID();
  if (store.agentPolicies.has(id)) throw soConflict(AP_TYPE, id);
  checkOutputOnCreate(store, body);
  const { force: _force, ...rest } = body;
  const ap: Obj = {
    ...rest,
    id,
    space_ids: spaceIds,
    status: "active",
    is_managed: body.is_managed ?? false,
    is_protected: false,
    inactivity_timeout: body.inactivity_timeout ?? 1209600,
    revision: 1,
    updated_at: nowIso(),
    updated_by: user,
    schema_version: SCHEMA_VERSION,
  };
  store.touch(ap, true);
  store.putAgentPolicy(ap);
  createEnrollmentKey(store, space, id, "Default", true);
  if ((ap.monitoring_enabled ?? []).length > 0) installPackage(sim, "elastic_agent");
  if (ap.has_fleet_server) {
    createPackagePolicyFor(
      sim,
      space,
      user,
      ap,
      "fleet_server",
      `fleet_server-${nextSuffix(store, "fleet_server")}`,
    );
  }
  if (sysMonitoring)
    createPackagePolicyFor(sim, space, user, ap, "system", `system-${nextSuffix(store, "system")}`);
  return ap;
}

function nextSuffix(store: Store, prefix: string): number {
  let n = 1;
  while (store.packagePolicyIdsByName(`${prefix}-${n}`).length > 0) n++;
  return n;
}

/** Kibana's agent-policy list retries a kuery that fails key validation as a plain search. */
function kueryOrSearch(kuery: string | undefined) {
  checkAgentPolicyKuery(kuery, KUERY_PREFIXES);
  try {
    return parseKuery(kuery, KUERY_PREFIXES, true);
  } catch (err) {
    if (err instanceof KueryKeyError) return searchMatcher(kuery ?? "");
    throw err;
  }
}

function list(req: Req, sim: SimContext) {
  const { store } = sim;
  const q = req.query;
  const full = q.full === true;
  const withAgents = q.withAgentCount === true || q.noAgentCount === false;
  if ((full || withAgents) && Number(q.perPage ?? 20) > 100) {
    throw badRequest("perPage should be less or equal to 100 when fetching full policies or agent count.");
  }
  const match = kueryOrSearch(q.kuery);
  const items = [...store.agentPolicies.values()].filter(
    (ap) => (ap.space_ids as string[]).includes(req.space) && match(ap),
  );
  const page = paginate(sortBy(items, q.sortField ?? "updated_at", q.sortOrder ?? "desc"), q);
  const view = { full, agents: withAgents, ...simplifiedOf(req, sim) };
  return { ...page, items: page.items.map((ap) => agentPolicyView(store, ap, view)) };
}

function create(req: Req, sim: SimContext) {
  const ap = createAgentPolicy(sim, req.space, req.user, req.body, req.query.sys_monitoring === true);
  return { item: agentPolicyView(sim.store, ap) };
}

function get(req: Req, sim: SimContext) {
  const ap = findAgentPolicy(sim.store, req.space, req.params.agentPolicyId!);
  return { item: agentPolicyView(sim.store, ap, { full: true, agents: true, ...simplifiedOf(req, sim) }) };
}

function bulkGet(req: Req, sim: SimContext) {
  const { store } = sim;
  const { ids, ignoreMissing, full } = req.body as Obj;
  const items: Obj[] = [];
  const view = { full: full === true, agents: true, ...simplifiedOf(req, sim) };
  for (const id of ids as string[]) {
    const ap = visibleAgentPolicy(store, req.space, id);
    if (ap) items.push(agentPolicyView(store, ap, view));
    else if (!ignoreMissing) throw notFound(`Agent policy ${id} not found`);
  }
  return { items };
}

function update(req: Req, sim: SimContext) {
  const { store } = sim;
  const id = req.params.agentPolicyId!;
  const stored = findAgentPolicy(store, req.space, id);
  // updateAgentPolicyHandler takes force and bumpRevision out of the body before the service sees it.
  const { force, bumpRevision: _bump, ...body } = req.body as Obj;
  checkAgentPolicyBody(body);
  if (Array.isArray(body.space_ids) && body.space_ids.length === 0) delete body.space_ids;
  body.inactivity_timeout ??= 1209600; // schema defaults are re-applied on PUT
  if (stored.is_managed && !force) {
    for (const [k, v] of Object.entries(body)) {
      if (!EDITABLE_WHEN_MANAGED.has(k) && JSON.stringify(v) !== JSON.stringify(stored[k] ?? undefined)) {
        throw hostedAgentPolicyRestriction(`Cannot update ${k}`);
      }
    }
  }
  validateNamespace(body.namespace, "Invalid namespace: ");
  validateOutputForPolicy(store, body, stored);
  if (body.name.trim().toLowerCase() !== String(stored.name).trim().toLowerCase()) {
    requireUniqueName(store, body.name, body.space_ids ?? stored.space_ids, id);
  }
  const next: Obj = {
    ...stored,
    ...body,
    id,
    is_protected: false,
    revision: (stored.revision ?? 0) + 1,
    updated_at: nowIso(),
    updated_by: req.user,
  };
  store.touch(next, true);
  store.putAgentPolicy(next);
  return { item: agentPolicyView(store, next, { full: true, ...simplifiedOf(req, sim) }) };
}

function remove(req: Req, { store }: SimContext) {
  const { agentPolicyId: id, force } = req.body as Obj;
  const ap = findAgentPolicy(store, req.space, id);
  if (ap.is_managed && !force) throw hostedAgentPolicyRestriction(`Cannot delete hosted agent policy ${id}`);
  if ((store.agentCounts.get(id) ?? 0) > 0 && !ap.supports_agentless) {
    throw badRequest("Cannot delete an agent policy that is assigned to any active or inactive agents");
  }
  const pps = store.packagePoliciesOf(id);
  if (!force && pps.some((pp) => pp.is_managed)) {
    throw packagePolicyRestriction(`Cannot delete agent policy ${id} that contains managed package policies`);
  }
  for (const pp of pps) {
    const remaining = (pp.policy_ids as string[]).filter((p) => p !== id);
    if (remaining.length === 0) store.deletePackagePolicy(pp.id);
    else {
      const next = { ...pp, policy_ids: remaining, policy_id: remaining[0] };
      store.touch(next, true);
      store.putPackagePolicy(next);
    }
  }
  for (const k of store.enrollmentKeys.values()) if (k.policy_id === id) store.enrollmentKeys.delete(k.id);
  store.deleteAgentPolicy(id);
  return { id, name: ap.name };
}

export const agentPolicyRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/agent_policies", handler: list },
  { method: "POST", template: "/api/fleet/agent_policies", handler: create },
  { method: "POST", template: "/api/fleet/agent_policies/_bulk_get", handler: bulkGet },
  { method: "POST", template: "/api/fleet/agent_policies/delete", handler: remove },
  { method: "GET", template: "/api/fleet/agent_policies/{agentPolicyId}", handler: get },
  { method: "PUT", template: "/api/fleet/agent_policies/{agentPolicyId}", handler: update },
];
