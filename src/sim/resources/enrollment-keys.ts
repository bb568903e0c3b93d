/** Enrollment API keys. Sources: FLEET/server/services/api_keys/enrollment_api_key.ts, routes/enrollment_api_key. */
import { randomBytes, randomUUID } from "node:crypto";
import { nowIso, type Req, type Route, type SimContext } from "../context.js";
import { conflict, notFound } from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { paginate, parseKuery, sortBy } from "./common.js";

const view = (k: Obj) => publicView(k);

/** Creates a key for an agent policy (the caller has checked the policy exists in the space). */
export function createEnrollmentKey(store: Store, space: string, policyId: string, name?: string): Obj {
  const uuid = randomUUID();
  const fullName = name ? `${name} (${uuid})` : uuid;
  for (const k of store.enrollmentKeys.values()) {
    if (k.policy_id === policyId && name && k.name?.startsWith(`${name} (`)) {
      throw conflict(`An enrollment key named ${name} already exists for agent policy ${policyId}`);
    }
  }
  const apiKeyId = randomBytes(10).toString("base64url");
  const policy = store.agentPolicies.get(policyId);
  const key: Obj = {
    id: randomUUID(),
    api_key_id: apiKeyId,
    api_key: Buffer.from(`${apiKeyId}:${randomBytes(16).toString("base64url")}`).toString("base64"),
    name: fullName,
    active: true,
    policy_id: policyId,
    created_at: nowIso(),
    hidden: policy?.is_managed === true || policy?.supports_agentless === true,
    _spaces: policy?.space_ids ?? [space],
  };
  store.enrollmentKeys.set(key.id, key);
  return key;
}

function visible(store: Store, space: string, id: string): Obj | undefined {
  const k = store.enrollmentKeys.get(id);
  return k && (k._spaces as string[]).includes(space) ? k : undefined;
}

function list(req: Req, { store }: SimContext) {
  const match = parseKuery(req.query.kuery, ["fleet-enrollment-api-keys"]);
  const items = [...store.enrollmentKeys.values()].filter(
    (k) => (k._spaces as string[]).includes(req.space) && match(k),
  );
  const page = paginate(sortBy(items, "created_at", "desc"), req.query);
  const out = page.items.map(view);
  return { ...page, items: out, list: out };
}

function create(req: Req, { store }: SimContext) {
  const { policy_id, name } = req.body as Obj;
  const policy = store.agentPolicies.get(policy_id);
  if (!policy || !(policy.space_ids as string[]).includes(req.space)) {
    throw notFound(`Agent policy "${policy_id}" not found`);
  }
  return { item: view(createEnrollmentKey(store, req.space, policy_id, name)), action: "created" };
}

function get(req: Req, { store }: SimContext) {
  const k = visible(store, req.space, req.params.keyId!);
  if (!k) throw notFound(`EnrollmentAPIKey ${req.params.keyId} not found`);
  return { item: view(k) };
}

/** DELETE revokes: the key stays, inactive; an unknown id also answers `{action:'deleted'}`. */
function revoke(req: Req, { store }: SimContext) {
  const k = visible(store, req.space, req.params.keyId!);
  if (k) k.active = false;
  return { action: "deleted" };
}

export const enrollmentKeyRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/enrollment_api_keys", handler: list },
  { method: "POST", template: "/api/fleet/enrollment_api_keys", handler: create },
  { method: "GET", template: "/api/fleet/enrollment_api_keys/{keyId}", handler: get },
  { method: "DELETE", template: "/api/fleet/enrollment_api_keys/{keyId}", handler: revoke },
];
