/**
 * Where each kind's JSON Schema (schemas/<kind>.schema.json) comes from, and what fleetform adjusts in
 * it: the Kibana request whose body it starts from, the fields of that body that are not desired state,
 * descriptions where the contract has none, and the kind's own rules. scripts/gen-schemas.mjs is the
 * engine that reads these recipes (compiled, from dist/) and writes the schemas; it names no kind.
 *
 * The engine's steps for a recipe: the request body, converted to JSON Schema 2020-12 (or `schema`
 * where no request body describes the kind); `branch` picks one branch of a union body; then, on the
 * schema (or on each variant's branch, for a kind with a variant field): `notState` fields removed,
 * `descriptions` added where the contract has none, `adjust` run, and `id` required and put first
 * when the kind's identity field is `id`.
 */
import type { KindName } from "./shapes.js";

/** A JSON Schema object, as the generator builds it. */
export type JsonSchema = Record<string, any>;

/** What the engine lends a recipe's `adjust`. */
export interface SchemaTools {
  /** Give each named property of `schema` the text, unless the contract already describes it. */
  describe(schema: JsonSchema, descriptions: Record<string, string>): JsonSchema;
  /** Close every object that lists properties but says nothing about others. */
  closeObjects(schema: JsonSchema): void;
}

export interface SchemaRecipe {
  /** The operation whose JSON request body the schema starts from. */
  request?: { method: "post" | "put"; path: string; branch?: (body: JsonSchema) => JsonSchema | undefined };
  /** The schema itself, where no request body describes the kind. */
  schema?: JsonSchema;
  /**
   * For a kind with a variant field (KindShape.variantField): the values, each taken from the union
   * branch whose variant field's enum starts with it, and the description of the field itself.
   */
  variants?: { values: string[]; description: string };
  /** Fields of the request body that are not desired state. */
  notState?: string[];
  /** Fields `ignore_changes` may not name (besides `id`): the identity, fleetform's own fields. */
  notIgnorable?: string[];
  descriptions?: Record<string, string>;
  /** The kind's own rules, on the schema (or a variant's branch, with its value). */
  adjust?: (schema: JsonSchema, tools: SchemaTools, variant?: string) => void;
}

/**
 * Kibana's isValidNamespace (behaviours doc §4): lowercase, at most 100 bytes, none of
 * \ / * ? " < > | , # : - or space. Integration policies accept "" (inherit the agent policy's).
 */
function namespaceRule(minLength: number): JsonSchema {
  return { minLength, maxLength: 100, pattern: '^[^A-Z\\\\/*?"<>|,#:\\s-]*$' };
}

// Request fields that are not desired state: set by Kibana itself (is_preconfigured is forced false on
// create, allow_edit only exists on preconfigured outputs) or request flags (force).
const SET_BY_KIBANA = ["is_preconfigured"];
const REQUEST_FLAGS = ["force"];

/**
 * The lock (src/kinds/agent-policies.ts): is_managed: true makes the policy hosted; Kibana's agent policy
 * update and delete, and its integrations' create and delete, then refuse any change without force
 * (services/agent_policy.ts, services/package_policy.ts, HostedAgentPolicyRestrictionRelatedError).
 * Stating it claims the lock as fleetform's own, which then sends force.
 */
const LOCK_DESCRIPTION =
  "Lock the policy against edits in Fleet's UI (Kibana's hosted flag). Stated, the lock is fleetform's " +
  "own: it changes the policy and adds and removes its integrations with force. true locks it, false " +
  "unlocks it; left out, a lock set elsewhere (another orchestration) stays, and fleetform leaves the policy alone.";

/**
 * Fields a manifest may not set, and why (the validation message quotes these: src/validate/messages.ts
 * reports a failed `not` with the field's description).
 * - space_ids: the create/update handlers strip it and call updateAgentPolicySpaces
 *   (routes/agent_policy/handlers.ts, services/spaces/agent_policy.ts), which does nothing without space
 *   awareness and otherwise moves the policy, its integration policies, agents and enrollment keys.
 */
const REFUSED = {
  // Fleet settings: saveSettings (FLEET/server/services/settings.ts) refuses every later change of
  // delete_unenrolled_agents once it is marked preconfigured, which the PUT body may do.
  is_preconfigured:
    "is_preconfigured: true is refused: Kibana then refuses every later change of delete_unenrolled_agents " +
    "(\"Setting delete_unenrolled_agents is preconfigured as 'enableDeleteUnenrolledAgents' and cannot be " +
    'updated outside of kibana config file."), so fleetform would lock itself out of the setting. To set it ' +
    "from kibana.yml, use xpack.fleet.enableDeleteUnenrolledAgents there and leave it out of the manifest.",
  space_ids:
    "space_ids is refused: fleetform manages one space per run (--space / KIBANA_SPACE). Kibana ignores " +
    "space_ids without space awareness, and with it moves the policy, its integration policies, agents and " +
    "enrollment keys to the spaces named, out of the one fleetform reads. Leave space_ids out and run " +
    "fleetform with --space for the space the policy belongs to.",
};

const VERSION_DESCRIPTION =
  "Package version, or `latest` (the default): the newest version Kibana offers, resolved at plan time.";

/**
 * fleetform's form for Elastic Defend (`endpoint`) policies, whose policy Kibana's Security Solution
 * fills in (SECURITY/server/fleet_integration/fleet_integration.ts, handlers/create_default_policy.ts).
 * The per-OS sections follow its PolicyConfig (SECURITY/common/endpoint/types); their contents are
 * left open: they change with every Kibana version.
 */
const osPolicy = (os: string): JsonSchema => ({
  type: "object",
  description: `${os} settings, as in Kibana's Defend policy (events, malware, ransomware, memory_protection, behavior_protection, popup, logging, advanced…). Only the values named are managed.`,
});
const DEFEND: JsonSchema = {
  description:
    "Elastic Defend (package endpoint) only: the preset Kibana starts the policy from, and the policy values you manage.",
  type: "object",
  additionalProperties: false,
  properties: {
    preset: {
      description:
        "The preset Kibana fills the policy from when it creates it (it has no effect afterwards). Left out: data collection only.",
      enum: ["EDRComplete", "EDREssential", "NGAV", "DataCollection"],
    },
    policy: {
      description:
        "A partial Defend policy: only the values named are compared with, and set in, the policy Kibana stores.",
      type: "object",
      additionalProperties: false,
      properties: {
        windows: osPolicy("Windows"),
        mac: osPolicy("macOS"),
        linux: osPolicy("Linux"),
        global_manifest_version: {
          description: 'Protection artifacts version: "latest" or a date (YYYY-MM-DD).',
          type: "string",
        },
        global_telemetry_enabled: { description: "Send Defend telemetry.", type: "boolean" },
      },
    },
  },
};

/** fleetform's own (src/tokens/enrollment-tokens.ts), never sent in the policy's body. */
const ENROLLMENT_TOKENS: JsonSchema = {
  type: "array",
  description:
    "Enrollment tokens fleetform keeps one active token of each for this policy (created when missing, " +
    "replaced only with --rotate-tokens). `fleetform token POLICY_ID --name NAME` prints the secret.",
  items: {
    type: "object",
    required: ["name"],
    additionalProperties: false,
    properties: {
      // Kibana's PostEnrollmentAPIKeyRequestSchema takes `name` and `expiration` (isValidEnrollmentKeyExpiration).
      name: { type: "string", minLength: 1, description: "The token's name; unique in the policy." },
      expiration: {
        type: "string",
        maxLength: 20,
        pattern: "^[1-9][0-9]*[dhms]$",
        description:
          "How long a token lives from its creation, as a duration: 30d, 24h, 90m, 60s. Applies to tokens " +
          "created from now on (an existing token keeps its own); default: never expires.",
      },
    },
  },
};

const PROXY_ID = "Id of a proxy in `proxies`.";

export const SCHEMA_RECIPES: Record<KindName, SchemaRecipe> = {
  outputs: {
    request: { method: "post", path: "/api/fleet/outputs" },
    variants: {
      values: ["elasticsearch", "remote_elasticsearch", "logstash", "kafka"],
      description: "Output type; selects which other fields apply.",
    },
    notState: [...SET_BY_KIBANA, "allow_edit"],
    descriptions: {
      name: "Display name of the output.",
      hosts: "Hosts the agents send to.",
      is_default: "Make this the default data output (the previous default is un-defaulted).",
      is_default_monitoring: "Make this the default monitoring output.",
      proxy_id: PROXY_ID,
      config_yaml: "Advanced YAML configuration passed to the agent.",
      secrets: "Secret values, stored by Kibana in secret storage when it is available.",
    },
    adjust(s, _tools, type) {
      s.properties.type = { const: type, description: `Output type: ${type}.` };
      if (type !== "kafka") return;
      // Kafka contract quirk (behaviours doc §6, kibana#197153): compression_level, connection_type,
      // username and password are conditional, not required; their contract schemas are
      // `oneOf [X, not {}] + anyOf [any]`, which reduce to X.
      s.required = ["id", "name", "type", "hosts", "auth_type"];
      s.properties.compression_level = { type: ["number", "null"], description: "gzip compression level." };
      s.properties.connection_type = {
        enum: ["plaintext", "encryption", null],
        description: "Only with auth_type none.",
      };
      s.properties.username = { type: ["string", "null"], description: "Only with auth_type user_pass." };
      s.properties.password = {
        type: ["string", "null"],
        description: "Only with auth_type user_pass; prefer secrets.password.",
      };
    },
  },
  proxies: {
    request: { method: "post", path: "/api/fleet/proxies" },
    notState: SET_BY_KIBANA,
    descriptions: {
      name: "Display name of the proxy.",
      url: "Proxy URL (http, https or socks5).",
      proxy_headers: "Headers sent to the proxy.",
      certificate_authorities: "CA certificate(s) in PEM, to verify the proxy.",
      certificate: "Client certificate in PEM.",
      certificate_key: "Client certificate key in PEM.",
    },
    adjust(s) {
      // Kibana refuses other schemes with 400 (behaviours doc §7): say so offline, at the field.
      s.properties.url.pattern = "^(https?|socks5)://";
    },
  },
  download_sources: {
    request: { method: "post", path: "/api/fleet/agent_download_sources" },
    descriptions: {
      name: "Display name; unique among download sources.",
      host: "Base URL agents download binaries from.",
      is_default: "Make this the default download source (the previous default is un-defaulted).",
      proxy_id: PROXY_ID,
    },
  },
  fleet_server_hosts: {
    request: { method: "post", path: "/api/fleet/fleet_server_hosts" },
    notState: SET_BY_KIBANA,
    descriptions: {
      name: "Display name.",
      host_urls: "Fleet Server URLs agents connect to.",
      is_default: "Make this the default Fleet Server host.",
      proxy_id: PROXY_ID,
    },
  },
  agent_policies: {
    request: { method: "post", path: "/api/fleet/agent_policies" },
    notState: REQUEST_FLAGS,
    notIgnorable: ["enrollment_tokens"],
    descriptions: {
      name: "Agent policy name; unique within the space.",
      namespace: "Default data stream namespace (lowercase, no spaces or `-`).",
      monitoring_enabled: "Agent monitoring to collect: logs, metrics, traces. Omit for none.",
      data_output_id: "Id of an output in `outputs` for data (null: the default output).",
      monitoring_output_id: "Id of an output in `outputs` for monitoring (null: the default).",
      download_source_id: "Id of a download source in `download_sources`.",
      fleet_server_host_id: "Id of a Fleet Server host in `fleet_server_hosts`.",
      inactivity_timeout: "Seconds before an agent is considered inactive.",
      unenroll_timeout: "Seconds before an inactive agent is unenrolled.",
    },
    adjust(s) {
      Object.assign(s.properties.namespace, namespaceRule(1));
      s.properties.is_managed = { type: "boolean", description: LOCK_DESCRIPTION };
      s.properties.space_ids = { not: {}, description: REFUSED.space_ids };
      s.properties.enrollment_tokens = ENROLLMENT_TOKENS;
    },
  },
  packages: {
    // No request body describes a package install (`POST /api/fleet/epm/packages/{pkgName}/{pkgVersion}`
    // takes the package in its path): the entry is that path's two parameters.
    schema: {
      type: "object",
      additionalProperties: false,
      required: ["name"],
      properties: {
        name: {
          description:
            "Package name, as in the Integrations page's URL (`elastic_agent`, `synthetics`). The identity of this object.",
          type: "string",
          minLength: 1,
          pattern: "^[a-z0-9_]+$",
        },
        version: { type: "string", minLength: 1, description: VERSION_DESCRIPTION },
      },
    },
  },
  integration_policies: {
    request: {
      method: "post",
      path: "/api/fleet/package_policies",
      // Only the simplified format (inputs keyed `<policy_template>-<input type>`) is supported.
      branch: (body) => body.anyOf.find((b: JsonSchema) => b.properties?.inputs?.type === "object"),
    },
    notState: REQUEST_FLAGS,
    descriptions: {
      name: "Integration policy name; unique.",
      description: "Free text description.",
      namespace: "Data stream namespace; empty inherits the agent policy's.",
      policy_ids: "Ids of agent policies in `agent_policies` this integration is attached to.",
      policy_id: "Deprecated: use `policy_ids`.",
      output_id: "Id of an output in `outputs` (null: the agent policy's output).",
      package: "The integration package: `{name, version}`.",
      vars: "Package-level variables as plain values.",
    },
    adjust(s, { describe }) {
      // `latest` or no version: the newest version Kibana offers, resolved at plan time.
      s.properties.package.required = ["name"];
      s.properties.package.properties.version.description = VERSION_DESCRIPTION;
      const inputs = s.properties.inputs;
      inputs.description =
        "Inputs keyed `<policy_template>-<input type>` (e.g. `nginx-logfile`); omitted inputs keep package defaults.";
      inputs.propertyNames = { pattern: "^[^\\s]+$" };
      const input = inputs.additionalProperties;
      describe(input, {
        enabled: "Enable this input (default: true when mentioned).",
        vars: "Input-level package variables as plain values.",
        streams: "Streams keyed by data stream dataset (e.g. `nginx.access`).",
      });
      describe(input.properties.streams.additionalProperties, {
        enabled: "Enable this stream (default: true when mentioned).",
        vars: "Stream-level package variables as plain values.",
      });
      Object.assign(s.properties.namespace, namespaceRule(0));
      s.properties.defend = DEFEND;
      s.required = ["name", "package"];
    },
  },
  case_settings: {
    request: { method: "post", path: "/api/cases/configure" },
    notIgnorable: ["owner"],
    adjust(s, { closeObjects }) {
      closeObjects(s);
      // connector.fields is free-form (connector specific).
      s.properties.connector.properties.fields.additionalProperties = true;
      const tplConnector = s.properties.templates?.items?.properties?.caseFields?.properties?.connector;
      if (tplConnector?.properties?.fields) tplConnector.properties.fields.additionalProperties = true;
      s.properties.owner.description ??=
        "Application the settings belong to: cases, observability or securitySolution. The identity of this object.";
      s.properties = { owner: s.properties.owner, ...s.properties };
      s.required = ["owner", ...s.required.filter((r: string) => r !== "owner")];
    },
  },
  fleet_settings: {
    request: { method: "put", path: "/api/fleet/settings" },
    descriptions: { prerelease_integrations_enabled: "Allow installing prerelease integration versions." },
    adjust(s) {
      s.properties.delete_unenrolled_agents.properties.is_preconfigured = {
        type: "boolean",
        not: { const: true },
        description: REFUSED.is_preconfigured,
      };
    },
  },
};
