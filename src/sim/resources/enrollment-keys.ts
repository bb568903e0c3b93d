/** Enrollment API keys. Sources: FLEET/server/services/api_keys/enrollment_api_key.ts, routes/enrollment_api_key. */
import { randomBytes, randomUUID } from "node:crypto";
import { nowIso, type Req, type Route, type SimContext } from "../context.js";
import { badRequest, conflict, notFound } from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { paginate, parseKuery, sortBy } from "./common.js";

const view = (k: Obj) => publicView(k);

/** What is left of a stored name once the given name is taken out: only `(uuid)` means "the same name". */
const UUID_IN_PARENS =
  /^\([0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}\)$/;

/**
 * Creates a key for an agent policy (the caller has checked the policy exists in the space). As
 * generateEnrollmentAPIKey: a name is refused when a key of the policy, active or revoked, in any space,
 * already has it (its stored name minus the given one is just `(uuid)`), unless `forceRecreate` (the
 * Default key of a new policy). The stored name is `NAME (uuid)`, or the uuid alone.
 */
export function createEnrollmentKey(
  store: Store,
  space: string,
  policyId: string,
  name?: string,
  forceRecreate = false,
): Obj {
  const uuid = randomUUID();
  const fullName = name ? `${name} (${uuid})` : uuid;
  if (name && !forceRecreate) {
    for (const k of store.enrollmentKeys.values()) {
      if (
        k.policy_id === policyId &&
        String(k.name ?? "")
          .replace(name, "")
          .trim()
          .match(UUID_IN_PARENS)
      ) {
        throw conflict(`An enrollment key named ${name} already exists for agent policy ${policyId}`);
      }
    }
  }
  const apiKeyId = randomBytes(10).toString("base64url");
  const policy = store.agentPolicies.get(policyId);
  const key: Obj = {
    id: uuid,
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

/**
 * Kibana's isValidEnrollmentKeyExpiration (FLEET/common/services): a positive whole number of days,
 * hours, minutes or seconds, up to what Elasticsearch's TimeValue holds.
 */
const EXPIRATION_MAX: Record<string, number> = { d: 106751, h: 2562024, m: 153721440, s: 9223286400 };
function validExpiration(value: unknown): boolean {
  if (typeof value !== "string" || value.length > 20 || !/^[1-9]\d*(d|h|m|s)$/.test(value)) return false;
  return Number.parseInt(value.slice(0, -1), 10) <= EXPIRATION_MAX[value.at(-1)!]!;
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

/** FLEET/server/routes/enrollment_api_key/handler.ts postEnrollmentApiKeyHandler. */
function create(req: Req, { store }: SimContext) {
  const { policy_id, name, expiration } = req.body as Obj;
  if (expiration !== undefined && !validExpiration(expiration)) {
    throw badRequest(
      "[request body.expiration]: Expiration must be a valid duration (for example, 30d, 24h, 90m, 60s)",
    );
  }
  const policy = store.agentPolicies.get(policy_id);
  if (!policy || !(policy.space_ids as string[]).includes(req.space)) {
    throw notFound(`Agent policy "${policy_id}" not found`);
  }
  // The answer is generateEnrollmentAPIKey's object, which has no `hidden` (lists and gets do).
  const { hidden: _hidden, ...item } = view(createEnrollmentKey(store, req.space, policy_id, name));
  return { item, action: "created" };
}

function get(req: Req, { store }: SimContext) {
  const k = visible(store, req.space, req.params.keyId!);
  if (!k) throw notFound(`EnrollmentAPIKey ${req.params.keyId} not found`);
  return { item: view(k) };
}

/**
 * DELETE revokes: the key stays, inactive; an unknown id also answers `{action:'deleted'}`, and so does
 * a hidden key (managed or agentless policy), which deleteEnrollmentApiKeys skips without includeHidden.
 */
function revoke(req: Req, { store }: SimContext) {
  const k = visible(store, req.space, req.params.keyId!);
  if (k && !k.hidden) k.active = false;
  return { action: "deleted" };
}

export const enrollmentKeyRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/enrollment_api_keys", handler: list },
  { method: "POST", template: "/api/fleet/enrollment_api_keys", handler: create },
  { method: "GET", template: "/api/fleet/enrollment_api_keys/{keyId}", handler: get },
  { method: "DELETE", template: "/api/fleet/enrollment_api_keys/{keyId}", handler: revoke },
];
