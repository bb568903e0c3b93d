import { withoutId } from "./common.js";
import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";
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
  protectedReason: (raw) => {
    if (raw.is_managed)
      return "managed (hosted) agent policy; change it with the orchestration that manages it";
    if (raw.is_preconfigured) return "preconfigured agent policy (defined in kibana.yml); change it there";
    return undefined;
  },
  defaults: {
    ...NOT_SET,
    inactivity_timeout: 1209600,
    is_protected: false,
    is_managed: false,
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
  // The PUT body schema requires name and namespace, and fills its defaults (inactivity_timeout,
  // keep_monitoring_alive, supports_agentless) when they are left out, which would reset them
  // (FLEET/common/types/rest_spec/agent_policy.ts PutAgentPolicyRequestSchema = NewAgentPolicySchema;
  // FLEET/server/types/models/agent_policy.ts AgentPolicyBaseSchema).
  updateCarries: () => [
    "name",
    "namespace",
    "inactivity_timeout",
    "keep_monitoring_alive",
    "supports_agentless",
  ],
  create: (body) => ({ method: "POST", path: "/api/fleet/agent_policies", body }),
  update: (body, live) => ({ method: "PUT", path: item(live.id), body: withoutId(body) }),
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
