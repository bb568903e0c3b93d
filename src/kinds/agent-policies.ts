import { withoutId } from "./common.js";
import { describedAs } from "./shapes.js";
import type { ApiCall, Body, KindDescriptor, LiveObject, PlanContext } from "./types.js";
import { AGENT_POLICY_VERSIONS } from "./versions.js";

const item = (id: string) => `/api/fleet/agent_policies/${encodeURIComponent(id)}`;

/** What "not set" looks like, for the fields Kibana's merging update would otherwise keep. */
const NOT_SET = {
  description: "",
  monitoring_enabled: [],
  data_output_id: null,
  monitoring_output_id: null,
  fleet_server_host_id: null,
  download_source_id: null,
  agent_features: [],
  global_data_tags: [],
  overrides: null,
  required_versions: null,
  keep_monitoring_alive: false,
  supports_agentless: false,
  // Absent and false are the same to the agent; Kibana's schema takes a boolean, never null.
  monitoring_pprof_enabled: false,
  // Kibana's unenroll task only acts on policies with unenroll_timeout > 0
  // (fleet/server/tasks/unenroll_inactive_agents_task.ts): 0 is "not set", and the schema takes no null.
  unenroll_timeout: 0,
};

/**
 * The lock: Kibana's `is_managed` (a hosted policy). Kibana's UI and API refuse to change or delete the
 * policy, or add or remove its integrations, without `force` (services/agent_policy.ts update and
 * delete, services/package_policy.ts create and delete: HostedAgentPolicyRestrictionRelatedError).
 */
const LOCK = "is_managed";

/** The manifest claims the lock as fleetform's own by stating it: true keeps it, false lifts it. */
const claimsLock = (declared: Body | undefined) => typeof declared?.[LOCK] === "boolean";

/**
 * Kibana refuses changes to the agent policy's integrations without force at some point of this run, and
 * the lock is fleetform's: it is locked now by a lock the manifests claim, or the manifests lock it.
 * (Someone else's lock never gets force: it protects the policy and its integrations.)
 */
export function lockedDuringRun(id: string, ctx: PlanContext): boolean {
  const live = ctx.live.get("agent_policies")?.get(id);
  const lockedNow = live?.raw[LOCK] === true && live.protectedReason === undefined;
  return lockedNow || ctx.declared?.get("agent_policies")?.get(id)?.[LOCK] === true;
}

const isLocked = (live: LiveObject) => live.raw[LOCK] === true;

const DEFAULT_INACTIVITY_TIMEOUT = 1209600;

/**
 * What every PUT must carry: the body schema requires name and namespace, and fills its defaults
 * (inactivity_timeout, keep_monitoring_alive, supports_agentless) when they are left out, which would
 * reset them (FLEET/common/types/rest_spec/agent_policy.ts PutAgentPolicyRequestSchema =
 * NewAgentPolicySchema; FLEET/server/types/models/agent_policy.ts AgentPolicyBaseSchema).
 */
const CARRIED = ["name", "namespace", "inactivity_timeout", "keep_monitoring_alive", "supports_agentless"];

/**
 * An update of a locked agent policy that changes nothing but its revision. Kibana's forced integration
 * delete bumps none (both delete handlers pass skipUnassignFromAgentPolicies: force, and
 * package_policy.ts delete bumps the agent policies only without it), so its agents would keep the
 * deleted integration until the policy's next revision; every PUT bumps it (bumpRevision defaults to
 * true). The body is what the PUT requires or resets when left out, at the values Kibana has: never the
 * manifests' (ignore_changes, or an update of the policy that failed or was not planned, keep them
 * from being written). This run's own update of the policy waits for the delete (apply follows the
 * delete's calls before the update: src/order/order-operations.ts), so the bump cannot undo it.
 */
export function revisionBump(id: string, ctx: PlanContext): ApiCall | undefined {
  const live = ctx.live.get("agent_policies")?.get(id);
  if (!live) return undefined;
  const body = Object.fromEntries(
    CARRIED.filter((f) => live.raw[f] !== undefined).map((f) => [f, live.raw[f]]),
  );
  return { method: "PUT", path: item(id), body: { ...body, force: true } };
}

export const agentPolicies: KindDescriptor = {
  ...describedAs("agent_policies"),
  since: AGENT_POLICY_VERSIONS,
  uniqueNames: true,
  references: [
    { field: "data_output_id", kind: "outputs" },
    { field: "monitoring_output_id", kind: "outputs" },
    { field: "fleet_server_host_id", kind: "fleet_server_hosts" },
    { field: "download_source_id", kind: "download_sources" },
  ],
  // withAgentCount needs perPage <= 100 (Kibana refuses more); the count decides blocked deletes.
  list: { path: "/api/fleet/agent_policies", perPage: 100, query: { withAgentCount: true }, shape: "items" },
  // A lock the manifest claims is fleetform's own; one on a preconfigured policy never is (kibana.yml's).
  protectedReason: (raw, _ctx, declared) => {
    if (raw[LOCK] && (raw.is_preconfigured || !claimsLock(declared)))
      return "managed (hosted) agent policy; change it with the orchestration that manages it (if fleetform locked it, state is_managed in its manifest)";
    if (raw.is_preconfigured) return "preconfigured agent policy (defined in kibana.yml); change it there";
    return undefined;
  },
  lockField: LOCK,
  defaults: {
    ...NOT_SET,
    inactivity_timeout: DEFAULT_INACTIVITY_TIMEOUT,
    is_protected: false,
    // No "not set" for the lock: left out, the manifest says nothing about it (someone else's lock stays).
    is_default: false,
    is_default_fleet_server: false,
  },
  normalizers: {
    monitoring_enabled: (v) => (Array.isArray(v) ? [...v].sort() : v),
  },
  ignoredFields: ["has_fleet_server", "space_ids", "force", "bumpRevision"],
  // Declared tokens are made by their own calls after the policy (src/tokens/enrollment-tokens.ts).
  ownFields: ["enrollment_tokens"],
  get: (id) => ({ method: "GET", path: item(id), shape: "item" }),
  // What the PUT must carry (CARRIED); `force` is the request's flag, sent to a locked policy
  // (updateAgentPolicyHandler takes it out of the body).
  updateCarries: (_body, live) => [...CARRIED, ...(isLocked(live) ? ["force"] : [])],
  createNotes: (body) =>
    body[LOCK] === true
      ? ["locked (is_managed): Fleet's UI refuses to edit it; fleetform changes it with force"]
      : [],
  updateNotes: (body, live) => {
    if (!isLocked(live))
      return body[LOCK] === true ? ["locks it (is_managed): Fleet's UI refuses to edit it from now on"] : [];
    return [
      body[LOCK] === false
        ? "unlocks it (is_managed: false), sent with force"
        : "locked by these manifests: sent with force",
    ];
  },
  create: (body) => ({ method: "POST", path: "/api/fleet/agent_policies", body }),
  update: (body, live) => ({
    method: "PUT",
    path: item(live.id),
    body: { ...withoutId(body), ...(isLocked(live) ? { force: true } : {}) },
  }),
  deletion: {
    call: (live) => ({
      method: "POST",
      path: "/api/fleet/agent_policies/delete",
      body: { agentPolicyId: live.id },
    }),
    cascades: [{ kind: "integration_policies", field: "policy_ids" }],
    blockedReason: (raw) =>
      raw.agents > 0
        ? `${raw.agents} enrolled agent${raw.agents === 1 ? "" : "s"}; unenroll them or move them to another policy first`
        : undefined,
  },
  check: {
    samples: () => [
      {
        suffix: "agent-policy",
        create: {
          namespace: "default",
          description: "fleetform check-kibana",
          monitoring_enabled: ["logs", "metrics"],
        },
        update: { description: "fleetform check-kibana, updated", monitoring_enabled: ["logs"] },
      },
    ],
  },
};
