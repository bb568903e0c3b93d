import {
  BALANCED_WITH_PERFORMANCE_KEYS,
  configYamlHasPerformanceKey,
  defaultPresetFor,
  hasPreset,
} from "../util/output-presets.js";
import { normalizeHostList, preconfiguredReason, restCalls, sslSecretPaths, sslSecrets } from "./common.js";
import { describedAs } from "./shapes.js";
import type { Body, KindDescriptor, LiveObject } from "./types.js";
import { OUTPUT_VERSIONS } from "./versions.js";

const calls = restCalls("/api/fleet/outputs");

/** What Kibana fills in on create, per output type (behaviours doc §6). */
const TYPE_DEFAULTS: Record<string, Record<string, unknown>> = {
  kafka: {
    version: "1.0.0",
    compression: "gzip",
    compression_level: 4,
    client_id: "Elastic",
    partition: "hash",
    timeout: 30,
    broker_timeout: 10,
    required_acks: 1,
  },
};

/**
 * Values that depend on the body (FLEET/server/services/output.ts): the preset follows config_yaml
 * (`custom` when it sets a performance key); a kafka partition of `random`/`round_robin` without
 * `group_events` gets `{group_events: 1}` on create only; `user_pass` gets the SASL mechanism PLAIN,
 * which Kibana sets on create only, and only for a plain password. fleetform sends these itself, so that
 * creates and updates end the same.
 */
function bodyDefaults(body: Body): Body {
  const out: Body = { ...(TYPE_DEFAULTS[body.type as string] ?? {}) };
  if (hasPreset(body.type)) out.preset = defaultPresetFor(body.config_yaml ?? "");
  if (body.type !== "kafka") return out;
  for (const partition of ["random", "round_robin"]) {
    if (body.partition === partition && !body[partition]?.group_events) out[partition] = { group_events: 1 };
  }
  if (body.auth_type === "user_pass" && !body.sasl?.mechanism) out.sasl = { mechanism: "PLAIN" };
  return out;
}

/** The body with what Kibana would fill in for it made explicit (group_events, SASL mechanism). */
function withFills(body: Body): Body {
  const filled = { ...body };
  const defaults = bodyDefaults(body);
  for (const key of ["random", "round_robin", "sasl"]) if (defaults[key]) filled[key] = defaults[key];
  return filled;
}

/**
 * Kibana's update merges `secrets` into the stored object: a secret the body no longer carries is
 * deleted from the secret store, but its reference stays, unless `secrets` is sent as `{}`, which
 * replaces them all (FLEET/server/services/secrets/common.ts diffSOSecretPaths; core mergeForUpdate).
 */
function secretsReset(body: Body, live: LiveObject): Body {
  return body.secrets === undefined && hasLeaves(live.raw.secrets) ? { secrets: {} } : {};
}

function hasLeaves(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== "object") return true;
  return Object.values(value).some(hasLeaves);
}

/** Secret paths the live object holds (`password`, `ssl.key`) that the body's `secrets` leaves out. */
function droppedSecrets(body: Body, live: LiveObject): string[] {
  if (!body.secrets) return [];
  const paths = (value: unknown, prefix: string): string[] =>
    value && typeof value === "object" && !("id" in value)
      ? Object.entries(value).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k))
      : value === null || value === undefined
        ? []
        : [prefix];
  const wanted = new Set(paths(body.secrets, ""));
  return paths(live.raw.secrets, "").filter((p) => !wanted.has(p));
}

/**
 * Fields an output update must send beside the changed ones (FLEET/server/services/output.ts `update`,
 * routes/output/handler.ts): `type` selects the body schema (and `name` is required in the kafka one,
 * whose is_default flags default to false); an update naming kafka clears the credentials and SSL it
 * does not send, one naming remote_elasticsearch its service token and Kibana API key; and a stored
 * secret the body does not carry is deleted from the secret store (secrets/common.ts diffSOSecretPaths).
 */
function updateCarries(body: Body): string[] {
  const always = ["type", "name", "secrets"];
  if (body.type === "kafka")
    return [...always, "is_default", "is_default_monitoring", "username", "password", "sasl", "ssl"];
  if (body.type === "remote_elasticsearch") return [...always, "service_token", "kibana_api_key", "ssl"];
  return [...always, "ssl"];
}

/** Optional fields Kibana's merging update keeps unless they are sent empty. */
const NOT_SET = {
  proxy_id: null,
  ca_sha256: null,
  ca_trusted_fingerprint: null,
  config_yaml: null,
  ssl: null,
  shipper: null,
};

export const outputs: KindDescriptor = {
  ...describedAs("outputs"),
  since: OUTPUT_VERSIONS,
  references: [{ field: "proxy_id", kind: "proxies" }],
  list: { path: "/api/fleet/outputs", shape: "items" },
  protectedReason: preconfiguredReason("output"),
  defaultFlags: { fields: ["is_default", "is_default_monitoring"], mustMove: true },
  defaults: (body) => ({
    is_default: false,
    is_default_monitoring: false,
    ...NOT_SET,
    ...bodyDefaults(body),
  }),
  comparableDesired: withFills,
  normalizers: { hosts: normalizeHostList },
  ignoredFields: ["is_preconfigured", "allow_edit", "is_internal"],
  secrets: {
    plain: [
      ...sslSecrets("key"),
      { plain: ["password"], secret: ["secrets", "password"] },
      { plain: ["service_token"], secret: ["secrets", "service_token"] },
    ],
    paths: [...sslSecretPaths("key"), ["password"], ["service_token"], ["kibana_api_key"]],
  },
  problemsOf: (body) =>
    hasPreset(body.type) && body.preset === "balanced" && configYamlHasPerformanceKey(body.config_yaml ?? "")
      ? [
          {
            path: ["preset"],
            message: `Kibana refuses this output: ${BALANCED_WITH_PERFORMANCE_KEYS}`,
            hint: "leave preset out (Kibana then uses custom) or set preset: custom, or move the performance keys out of config_yaml",
          },
        ]
      : [],
  updateNotes: (body, live) =>
    droppedSecrets(body, live).map(
      (path) =>
        `secrets.${path} stays referenced: Kibana deletes the secret but keeps its reference while other secrets remain; drop every secret of this output to clear them`,
    ),
  get: calls.get,
  updateCarries: updateCarries,
  create: (body) => calls.create(withFills(body)),
  // What Kibana fills only on create is sent, so that creates and updates end the same.
  update: (body, live) => calls.update({ ...secretsReset(body, live), ...withFills(body) }, live),
  deletion: { call: calls.delete },
  check: {
    samples: ({ host, secret }) =>
      [
        {
          suffix: "elasticsearch",
          create: { hosts: [`https://${host}:9200`] },
          update: { hosts: [`https://${host}:9201`] },
        },
        { suffix: "logstash", create: { hosts: [`${host}:5044`] }, update: { hosts: [`${host}:5045`] } },
        {
          suffix: "kafka",
          create: { hosts: [`${host}:9092`], auth_type: "none", topic: "fleetform-check" },
          update: { topic: "fleetform-check-updated" },
        },
        {
          suffix: "remote_elasticsearch",
          create: { hosts: [`https://${host}:9200`], secrets: { service_token: secret } },
          update: { hosts: [`https://${host}:9202`] },
        },
      ].map((s) => ({ ...s, variant: s.suffix, create: { type: s.suffix, ...s.create } })),
  },
};
