/**
 * From which Kibana version each field (or use of a field) exists, per kind: data the plan checks
 * against the Kibana it talks to, the request builder uses to leave out what an older Kibana would
 * refuse, and the simulator plays. Every entry cites where the version comes from.
 *
 * Sources:
 * - RN-x.y: elastic/ingest-docs docs/en/ingest-management/release-notes/release-notes-x.y.asciidoc
 *   ("Fleet and Elastic Agent x.y.0", Kibana pull requests named by number).
 * - TF: elastic/terraform-provider-elasticstack, the minimum versions it enforces against Kibana
 *   (internal/fleet/agent_policy/resource.go, internal/fleet/integration_policy/resource.go).
 * - Kibana pull requests and issues, by their milestone label (elastic/kibana#N).
 */
import type { ApiCall, Body, KindDescriptor, KindName } from "./types.js";

/** One field, or one use of it, that only Kibana `since` and later accept. */
export interface FieldSince {
  /** Path of the field in a manifest object (top level for now). */
  path: string[];
  since: string;
  /** What needs the version, when it is more than the field ("kafka outputs"). */
  what?: string;
  /** Only bodies that use the field this way need the version (a type, more than one id). */
  applies?: (body: Body) => boolean;
  /** The single-value field older Kibanas take instead, when the list holds one value. */
  legacy?: string;
  hint?: string;
  /** Where the version comes from. */
  source: string;
}

const ids = (body: Body): unknown[] => (Array.isArray(body.policy_ids) ? body.policy_ids : []);

export const OUTPUT_VERSIONS: FieldSince[] = [
  {
    path: ["type"],
    since: "8.10.0",
    what: "kafka outputs",
    applies: (b) => b.type === "kafka",
    source: "RN-8.10: Kafka integration API (elastic/kibana#159110)",
  },
  {
    path: ["type"],
    since: "8.12.0",
    what: "remote_elasticsearch outputs",
    applies: (b) => b.type === "remote_elasticsearch",
    source: "RN-8.12: Add support for remote ES output (elastic/kibana#169252)",
  },
  {
    path: ["secrets"],
    since: "8.12.0",
    hint: "write the value in its plain field (ssl.key, password) instead: Kibana keeps it in the output",
    source: "RN-8.12: Add the ability to specify secrets in outputs (elastic/kibana#169221)",
  },
  {
    path: ["preset"],
    since: "8.12.0",
    source: "RN-8.12: Add support for Elasticsearch output performance presets (elastic/kibana#172359)",
  },
];

export const AGENT_POLICY_VERSIONS: FieldSince[] = [
  {
    path: ["keep_monitoring_alive"],
    since: "8.12.0",
    source: "RN-8.12: Add a new keep_monitoring_alive flag to agent policies (elastic/kibana#168865)",
  },
  {
    path: ["advanced_settings"],
    since: "8.14.0",
    source: "RN-8.14: advanced settings section of agent policies (elastic/kibana#179795)",
  },
  {
    path: ["global_data_tags"],
    since: "8.15.0",
    source:
      "RN-8.15: Add data tags to agent policy APIs (elastic/kibana#183563); TF MinVersionGlobalDataTags",
  },
  {
    path: ["supports_agentless"],
    since: "8.15.0",
    source: "TF MinSupportsAgentlessVersion 8.15.0",
  },
  {
    path: ["monitoring_http"],
    since: "8.16.0",
    source:
      "RN-8.16: advanced agent monitoring options for HTTP endpoint and diagnostics (elastic/kibana#193361)",
  },
  {
    path: ["monitoring_diagnostics"],
    since: "8.16.0",
    source:
      "RN-8.16: advanced agent monitoring options for HTTP endpoint and diagnostics (elastic/kibana#193361)",
  },
  {
    path: ["required_versions"],
    since: "9.1.0",
    source: "TF MinVersionRequiredVersions 9.1.0 (automatic agent upgrades)",
  },
  {
    path: ["space_ids"],
    since: "9.1.0",
    source: "TF MinVersionSpaceIds 9.1.0 (Fleet space awareness)",
  },
];

export const INTEGRATION_POLICY_VERSIONS: FieldSince[] = [
  {
    path: ["policy_ids"],
    since: "8.15.0",
    legacy: "policy_id",
    source:
      "RN-8.15: Introduce policy_ids in package policy SO (elastic/kibana#184636); TF MinVersionPolicyIDs",
  },
  {
    path: ["policy_ids"],
    since: "8.16.0",
    what: "policy_ids with more than one agent policy",
    applies: (b) => ids(b).length > 1,
    hint: "give each agent policy its own integration policy",
    source: "RN-8.16: reusable/shareable integration policies (elastic/kibana#187153)",
  },
  {
    path: ["output_id"],
    since: "8.16.0",
    source: "RN-8.16: integration-level outputs (elastic/kibana#189125); TF MinVersionOutputID",
  },
];

export const CASE_SETTINGS_VERSIONS: FieldSince[] = [
  {
    path: ["customFields"],
    since: "8.11.0",
    source: "elastic/kibana#166439 [Cases] Add customFields to cases configuration (v8.11.0)",
  },
  {
    path: ["templates"],
    since: "8.15.0",
    source: "elastic/kibana#181573 [Cases] configure API templates (v8.15.0), OAS elastic/kibana#187613",
  },
  {
    path: ["observableTypes"],
    since: "8.18.0",
    source: 'elastic/kibana#220278 ("In 8.18, we released Observables"); elastic/security-docs#6395',
  },
];

export const FLEET_SETTINGS_VERSIONS: FieldSince[] = [
  {
    path: ["delete_unenrolled_agents"],
    since: "8.16.0",
    source: "elastic/kibana#195544 [Fleet] delete unenrolled agents task (issue #189506, v8.16.0)",
  },
];

/** The version every kind's table names, for the simulator's and the README's use. */
export const VERSIONED_FIELDS: Partial<Record<KindName, FieldSince[]>> = {
  outputs: OUTPUT_VERSIONS,
  agent_policies: AGENT_POLICY_VERSIONS,
  integration_policies: INTEGRATION_POLICY_VERSIONS,
  case_settings: CASE_SETTINGS_VERSIONS,
  fleet_settings: FLEET_SETTINGS_VERSIONS,
};

/** -1, 0 or 1, comparing `major.minor.patch` numerically (a pre-release suffix is ignored). */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** A version's numbers, parsed once: a plan compares the same few versions for every object. */
function versionParts(version: string): readonly number[] {
  let parts = parsedVersions.get(version);
  if (!parts) {
    parts = version
      .split(/[-+]/)[0]!
      .split(".")
      .map((n) => Number.parseInt(n, 10) || 0);
    parsedVersions.set(version, parts);
  }
  return parts;
}

const parsedVersions = new Map<string, readonly number[]>();

/** Whether a Kibana of `version` predates the rule (an unknown version predates nothing). */
export function predates(version: string | undefined, rule: FieldSince): boolean {
  return version !== undefined && compareVersions(version, rule.since) < 0;
}

/** The name a rule is reported by: its `what`, or the field's path. */
export function ruleName(rule: FieldSince): string {
  return rule.what ?? rule.path.join(".");
}

/**
 * The kind as a Kibana of `version` takes it: the "not set" values and carried fields of what that
 * Kibana lacks are left out of every body (it would refuse the unknown key), and a one-value list
 * with an older single-value form is sent in that form. What a manifest states itself is refused
 * earlier, at plan time, with the version named.
 */
export function forKibanaVersion(kind: KindDescriptor, version: string | undefined): KindDescriptor {
  const lacking = (kind.since ?? []).filter((r) => !r.applies && r.path.length === 1 && predates(version, r));
  if (lacking.length === 0) return kind;
  const names = new Set(lacking.map((r) => r.path[0]!));
  const omit = (body: Body): Body => Object.fromEntries(Object.entries(body).filter(([k]) => !names.has(k)));
  const older = (body: Body): Body => {
    const out = omit(body);
    for (const rule of lacking) {
      const value = body[rule.path[0]!];
      if (rule.legacy && Array.isArray(value) && value.length === 1) out[rule.legacy] = value[0];
    }
    return out;
  };
  const adapt = (call: ApiCall): ApiCall =>
    call.body && typeof call.body === "object" && !Array.isArray(call.body)
      ? { ...call, body: older(call.body as Body) }
      : call;
  const { defaults, updateCarries, create, update } = kind;
  return {
    ...kind,
    defaults: typeof defaults === "function" ? (body) => omit(defaults(body)) : defaults && omit(defaults),
    updateCarries: updateCarries && ((body, live) => updateCarries(body, live).filter((f) => !names.has(f))),
    create: create && ((body, ctx) => adapt(create(body, ctx))),
    update: (body, live, ctx) => adapt(update(body, live, ctx)),
  };
}
