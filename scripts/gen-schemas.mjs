#!/usr/bin/env node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
// Generates schemas/<kind>.schema.json and schemas/manifest.schema.json from Kibana's OpenAPI contract,
// and their editor variants in schemas/editor/ (scripts/editor-schemas.mjs).
//
//   node scripts/gen-schemas.mjs [path/to/fleet-cases.yaml] [output-dir]
//
// Default input: ../shared/kibana-openapi/fleet-cases.yaml (relative to the repository root). The outputs
// are committed, because users' clones do not have ../shared. Every hand adjustment lives in this script
// (ADJUST below), never in the generated files, so re-running the script reproduces them byte for byte.
//
// Steps: take each kind's request body (POST for creatable kinds, PUT for fleet_settings, the Cases POST
// for case_settings), dereference $refs, convert OpenAPI 3.0 to JSON Schema 2020-12 (`nullable` becomes a
// `null` type), drop vendor keys, strip fields that are read-only or not desired state, then apply the
// per-kind adjustments (ids required, the output union as if/then on `type`, the Kafka quirk, ...).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { bundledManifestSchema, editorSchema } from "./editor-schemas.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const input = resolve(process.argv[2] ?? join(root, "..", "shared", "kibana-openapi", "fleet-cases.yaml"));
const outDir = resolve(process.argv[3] ?? join(root, "schemas"));
const DRAFT = "https://json-schema.org/draft/2020-12/schema";

const api = parse(readFileSync(input, "utf8"));
// Each kind's section name, title and shape (list or mapping) come from src/kinds/shapes.ts, compiled.
const shapes = new URL("../dist/kinds/shapes.js", import.meta.url);
const { KIND_SHAPES } = await import(shapes.href).catch(() => {
  throw new Error(`cannot read ${fileURLToPath(shapes)}: run npm run build first`);
});

function requestBody(path, method) {
  const op = api.paths?.[path]?.[method];
  const schema = op?.requestBody?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`no JSON request body for ${method.toUpperCase()} ${path} in ${input}`);
  return schema;
}

/**
 * Kibana's isValidNamespace (behaviours doc §4): lowercase, at most 100 bytes, none of
 * \ / * ? " < > | , # : - or space. Integration policies accept "" (inherit the agent policy's).
 */
function namespaceRule(minLength) {
  return { minLength, maxLength: 100, pattern: '^[^A-Z\\\\/*?"<>|,#:\\s-]*$' };
}

/** Dereference `#/components/...` refs and convert OpenAPI 3.0 schema objects to JSON Schema 2020-12. */
function convert(schema, stack = []) {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, stack));
  if (!schema || typeof schema !== "object") return schema;
  if (schema.$ref) {
    if (stack.includes(schema.$ref)) throw new Error(`recursive $ref ${schema.$ref}`);
    const target = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node, seg) => node?.[seg], api);
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return convert(target, [...stack, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "nullable" || key === "title") continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, stack)]));
    } else if (["items", "additionalProperties", "not"].includes(key) && typeof value === "object") {
      out[key] = convert(value, stack);
    } else if (["anyOf", "oneOf", "allOf"].includes(key)) {
      out[key] = convert(value, stack);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (out.anyOf) out.anyOf = [...out.anyOf, { type: "null" }];
    else if (out.oneOf) out.oneOf = [...out.oneOf, { type: "null" }];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function omit(schema, fields) {
  for (const f of fields) {
    delete schema.properties?.[f];
    if (schema.required) schema.required = schema.required.filter((r) => r !== f);
  }
  return schema;
}

/** Close every object that lists properties but says nothing about others (Kibana rejects unknown keys). */
function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  if (!schema || typeof schema !== "object") return;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  for (const value of Object.values(schema)) if (value && typeof value === "object") closeObjects(value);
}

// Kibana's saved objects refuse "/" in an id (core: saved-objects api-server-internal
// helpers/id_utils.ts, assertValidId). fleetform refuses more, because of how the id travels in a URL
// path segment: "." and ".." are dot segments every URL parser removes (even percent-encoded), so such
// an object is created and then never found again (404 on update, "already deleted" on prune), and a
// control character is no text anyone can write or read back in a message.
const ID_DESCRIPTION =
  "Stable identifier chosen by you; it becomes the Kibana object id, and other objects refer to it. " +
  '1-255 characters, not ".", without "/", ".." or control characters.';
const idSchema = () => ({
  description: ID_DESCRIPTION,
  type: "string",
  minLength: 1,
  maxLength: 255,
  pattern: "^(?!\\.$)(?!.*\\.\\.)[^/\\u0000-\\u001f\\u007f-\\u009f]+$",
  not: { enum: ["__proto__", "constructor", "prototype"] },
});

/** Put `id` first and require it. */
function requireId(schema) {
  const { id: _drop, ...rest } = schema.properties;
  schema.properties = { id: idSchema(), ...rest };
  schema.required = ["id", ...(schema.required ?? []).filter((r) => r !== "id")];
  return schema;
}

function describe(schema, descriptions) {
  for (const [field, text] of Object.entries(descriptions)) {
    const prop = schema.properties?.[field];
    if (prop && !prop.description) prop.description = text;
  }
  return schema;
}

/**
 * fleetform's own `ignore_changes`, allowed on every kind (src/diff/ignore-changes.ts): paths whose first
 * segment is one of the object's fields, `.`-separated, `*` for any key. Never sent to Kibana.
 */
function ignoreChanges(fields) {
  const names = fields.filter((f) => !["id", "owner", "ignore_changes", "enrollment_tokens"].includes(f));
  const escaped = names.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    type: "array",
    description:
      "Fields fleetform leaves alone once the object exists (like Terraform's lifecycle.ignore_changes): " +
      "a create sends them, plans and drift never show them, updates keep Kibana's value. Paths are " +
      "`.`-separated, `*` matches any key (`inputs.*.vars.tags`, `advanced_settings.*`).",
    uniqueItems: true,
    items: {
      type: "string",
      // src/validate/messages.ts quotes this description when the pattern fails.
      description: `a path starting with a field of this object (one of ${names.join(", ")}), then \`.key\` or \`.*\` segments`,
      pattern: `^(?:${escaped.join("|")})(?:\\.[^.]+)*$`,
    },
  };
}

function withIgnoreChanges(schema) {
  if (schema.properties) schema.properties.ignore_changes = ignoreChanges(Object.keys(schema.properties));
  return schema;
}

function finish(kind, schema, extra = {}) {
  for (const def of Object.values(extra.$defs ?? {})) withIgnoreChanges(def);
  if (!extra.$defs) withIgnoreChanges(schema);
  else {
    const fields = Object.values(extra.$defs).flatMap((def) => Object.keys(def.properties ?? {}));
    schema.properties.ignore_changes = ignoreChanges([...new Set(fields)]);
  }
  return { $schema: DRAFT, $id: `${kind}.schema.json`, title: KIND_SHAPES[kind].title, ...extra, ...schema };
}

// Fields in request bodies that are not desired state: set by Kibana itself (is_preconfigured is forced
// false on create, allow_edit only exists on preconfigured outputs) or request flags (force).
const NOT_STATE = {
  outputs: ["is_preconfigured", "allow_edit"],
  proxies: ["is_preconfigured"],
  fleet_server_hosts: ["is_preconfigured"],
  agent_policies: ["force"],
  integration_policies: ["force"],
};

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
 * Agent policy fields a manifest may not set, and why (the validation message quotes these).
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
const osPolicy = (os) => ({
  type: "object",
  description: `${os} settings, as in Kibana's Defend policy (events, malware, ransomware, memory_protection, behavior_protection, popup, logging, advanced…). Only the values named are managed.`,
});
const DEFEND = {
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

const ADJUST = {
  proxies() {
    const s = omit(convert(requestBody("/api/fleet/proxies", "post")), NOT_STATE.proxies);
    describe(s, {
      name: "Display name of the proxy.",
      url: "Proxy URL (http, https or socks5).",
      proxy_headers: "Headers sent to the proxy.",
      certificate_authorities: "CA certificate(s) in PEM, to verify the proxy.",
      certificate: "Client certificate in PEM.",
      certificate_key: "Client certificate key in PEM.",
    });
    // Kibana refuses other schemes with 400 (behaviours doc §7): say so offline, at the field.
    s.properties.url.pattern = "^(https?|socks5)://";
    return finish("proxies", requireId(s));
  },
  download_sources() {
    const s = convert(requestBody("/api/fleet/agent_download_sources", "post"));
    describe(s, {
      name: "Display name; unique among download sources.",
      host: "Base URL agents download binaries from.",
      is_default: "Make this the default download source (the previous default is un-defaulted).",
      proxy_id: "Id of a proxy in `proxies`.",
    });
    return finish("download_sources", requireId(s));
  },
  fleet_server_hosts() {
    const s = omit(
      convert(requestBody("/api/fleet/fleet_server_hosts", "post")),
      NOT_STATE.fleet_server_hosts,
    );
    describe(s, {
      name: "Display name.",
      host_urls: "Fleet Server URLs agents connect to.",
      is_default: "Make this the default Fleet Server host.",
      proxy_id: "Id of a proxy in `proxies`.",
    });
    return finish("fleet_server_hosts", requireId(s));
  },
  agent_policies() {
    const s = omit(convert(requestBody("/api/fleet/agent_policies", "post")), NOT_STATE.agent_policies);
    describe(s, {
      name: "Agent policy name; unique within the space.",
      namespace: "Default data stream namespace (lowercase, no spaces or `-`).",
      monitoring_enabled: "Agent monitoring to collect: logs, metrics, traces. Omit for none.",
      data_output_id: "Id of an output in `outputs` for data (null: the default output).",
      monitoring_output_id: "Id of an output in `outputs` for monitoring (null: the default).",
      download_source_id: "Id of a download source in `download_sources`.",
      fleet_server_host_id: "Id of a Fleet Server host in `fleet_server_hosts`.",
      inactivity_timeout: "Seconds before an agent is considered inactive.",
      unenroll_timeout: "Seconds before an inactive agent is unenrolled.",
    });
    Object.assign(s.properties.namespace, namespaceRule(1));
    // Refused offline, with the reason: src/validate/messages.ts reports a failed `not` with the field's description.
    s.properties.is_managed = { type: "boolean", description: LOCK_DESCRIPTION };
    s.properties.space_ids = { not: {}, description: REFUSED.space_ids };
    // fleetform's own (src/tokens/enrollment-tokens.ts), never sent in the policy's body. Kibana's
    // PostEnrollmentAPIKeyRequestSchema takes `name` and `expiration` (isValidEnrollmentKeyExpiration).
    s.properties.enrollment_tokens = {
      type: "array",
      description:
        "Enrollment tokens fleetform keeps one active token of each for this policy (created when missing, " +
        "replaced only with --rotate-tokens). `fleetform token POLICY_ID --name NAME` prints the secret.",
      items: {
        type: "object",
        required: ["name"],
        additionalProperties: false,
        properties: {
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
    return finish("agent_policies", requireId(s));
  },
  integration_policies() {
    // Only the simplified format (inputs keyed `<policy_template>-<input type>`) is supported.
    const body = convert(requestBody("/api/fleet/package_policies", "post"));
    const simplified = body.anyOf.find((b) => b.properties?.inputs?.type === "object");
    if (!simplified) throw new Error("simplified package policy body not found");
    const s = omit(simplified, NOT_STATE.integration_policies);
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
    describe(s, {
      name: "Integration policy name; unique.",
      description: "Free text description.",
      namespace: "Data stream namespace; empty inherits the agent policy's.",
      policy_ids: "Ids of agent policies in `agent_policies` this integration is attached to.",
      policy_id: "Deprecated: use `policy_ids`.",
      output_id: "Id of an output in `outputs` (null: the agent policy's output).",
      package: "The integration package: `{name, version}`.",
      vars: "Package-level variables as plain values.",
    });
    Object.assign(s.properties.namespace, namespaceRule(0));
    s.properties.defend = DEFEND;
    s.required = ["name", "package"];
    return finish("integration_policies", requireId(s));
  },
  packages() {
    // No request body describes a package install (`POST /api/fleet/epm/packages/{pkgName}/{pkgVersion}`
    // takes the package in its path): the entry is that path's two parameters.
    const s = {
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
    };
    return finish("packages", s);
  },
  case_settings() {
    const s = convert(requestBody("/api/cases/configure", "post"));
    closeObjects(s);
    // connector.fields is free-form (connector specific).
    s.properties.connector.properties.fields.additionalProperties = true;
    const tplConnector = s.properties.templates?.items?.properties?.caseFields?.properties?.connector;
    if (tplConnector?.properties?.fields) tplConnector.properties.fields.additionalProperties = true;
    s.properties.owner.description ??=
      "Application the settings belong to: cases, observability or securitySolution. The identity of this object.";
    s.properties = { owner: s.properties.owner, ...s.properties };
    s.required = ["owner", ...s.required.filter((r) => r !== "owner")];
    return finish("case_settings", s);
  },
  fleet_settings() {
    const s = convert(requestBody("/api/fleet/settings", "put"));
    describe(s, { prerelease_integrations_enabled: "Allow installing prerelease integration versions." });
    s.properties.delete_unenrolled_agents.properties.is_preconfigured = {
      type: "boolean",
      not: { const: true },
      description: REFUSED.is_preconfigured,
    };
    return finish("fleet_settings", s);
  },
  outputs() {
    const body = convert(requestBody("/api/fleet/outputs", "post"));
    const types = ["elasticsearch", "remote_elasticsearch", "logstash", "kafka"];
    const defs = {};
    for (const type of types) {
      const branch = body.anyOf.find((b) => b.properties?.type?.enum?.[0] === type);
      if (!branch) throw new Error(`output branch ${type} not found`);
      omit(branch, NOT_STATE.outputs);
      branch.properties.type = { const: type, description: `Output type: ${type}.` };
      describe(branch, {
        name: "Display name of the output.",
        hosts: "Hosts the agents send to.",
        is_default: "Make this the default data output (the previous default is un-defaulted).",
        is_default_monitoring: "Make this the default monitoring output.",
        proxy_id: "Id of a proxy in `proxies`.",
        config_yaml: "Advanced YAML configuration passed to the agent.",
        secrets: "Secret values, stored by Kibana in secret storage when it is available.",
      });
      defs[type] = requireId(branch);
    }
    // Kafka contract quirk (behaviours doc §6, kibana#197153): compression_level, connection_type,
    // username and password are conditional, not required; their contract schemas are
    // `oneOf [X, not {}] + anyOf [any]`, which reduce to X.
    const kafka = defs.kafka;
    kafka.required = ["id", "name", "type", "hosts", "auth_type"];
    kafka.properties.compression_level = { type: ["number", "null"], description: "gzip compression level." };
    kafka.properties.connection_type = {
      enum: ["plaintext", "encryption", null],
      description: "Only with auth_type none.",
    };
    kafka.properties.username = { type: ["string", "null"], description: "Only with auth_type user_pass." };
    kafka.properties.password = {
      type: ["string", "null"],
      description: "Only with auth_type user_pass; prefer secrets.password.",
    };
    const typeSchema = { enum: types, description: "Output type; selects which other fields apply." };
    return finish(
      "outputs",
      {
        type: "object",
        required: ["id", "type"],
        // Completion for editors; the `then` branches enforce the per-type field lists.
        properties: { id: idSchema(), type: typeSchema },
        allOf: types.map((type) => ({
          if: { properties: { type: { const: type } }, required: ["type"] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema keyword
          then: { $ref: `#/$defs/${type}` },
        })),
      },
      { $defs: defs },
    );
  },
};

const KIND_ORDER = Object.keys(KIND_SHAPES);

const editorDir = join(outDir, "editor");
mkdirSync(editorDir, { recursive: true });
const write = (dir, name, schema) => writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
const kinds = Object.fromEntries(KIND_ORDER.map((kind) => [kind, ADJUST[kind]()]));
for (const [kind, schema] of Object.entries(kinds)) {
  write(outDir, `${kind}.schema.json`, schema);
  write(editorDir, `${kind}.schema.json`, editorSchema(schema));
}

// Kinds whose objects live in a Kibana space (KindShape.space): their section may also be written
// as {space, items}.
const SPACE_ID = {
  type: "string",
  pattern: "^[a-z0-9_-]+$",
  description: "A Kibana space identifier (the `ops` of /s/ops/app/fleet).",
};
const sections = {};
for (const kind of KIND_ORDER) {
  const list = { type: ["array", "null"], items: { $ref: `${kind}.schema.json` } };
  sections[kind] =
    KIND_SHAPES[kind].section === "mapping"
      ? { $ref: `${kind}.schema.json`, description: `${KIND_SHAPES[kind].noun} (a mapping, not a list).` }
      : KIND_SHAPES[kind].space
        ? {
            description: `List of ${kind}, or {space, items} to put them in a Kibana space.`,
            anyOf: [
              list,
              {
                type: "object",
                additionalProperties: false,
                required: ["space"],
                properties: { space: SPACE_ID, items: list },
              },
            ],
          }
        : { ...list, description: `List of ${kind}.` };
}
sections.space = {
  ...SPACE_ID,
  description: "The Kibana space of this document's agent_policies, integration_policies and case_settings.",
};
const manifest = {
  $schema: DRAFT,
  $id: "manifest.schema.json",
  title: "fleetform manifest file",
  description: "Sections merge across files. Field names are the Kibana API's request-body fields.",
  type: ["object", "null"],
  additionalProperties: false,
  properties: sections,
};
write(outDir, "manifest.schema.json", manifest);
const editorKinds = Object.fromEntries(Object.entries(kinds).map(([kind, s]) => [kind, editorSchema(s)]));
write(editorDir, "manifest.schema.json", {
  ...bundledManifestSchema(manifest, editorKinds),
  description:
    "A manifest file as written: any value may be an ${env:NAME} or ${file:PATH} reference, a number or " +
    "boolean a typed one (${env:NAME:int}, :number, :bool). Sections merge across files.",
});
console.log(`wrote ${KIND_ORDER.length + 1} schemas and their editor variants to ${outDir}`);
