import {
  defaultDeleteBlock,
  normalizeHostList,
  preconfiguredReason,
  restCalls,
  sslSecretPaths,
  sslSecrets,
} from "./common.js";
import type { KindDescriptor } from "./types.js";

const calls = restCalls("/api/fleet/outputs");

/** What Kibana fills in on create, per output type (behaviours doc §6). */
const TYPE_DEFAULTS: Record<string, Record<string, unknown>> = {
  elasticsearch: { preset: "balanced" },
  remote_elasticsearch: { preset: "balanced" },
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

/** Optional fields Kibana's merging update keeps unless they are sent empty. */
const RESETS = {
  proxy_id: null,
  ca_sha256: null,
  ca_trusted_fingerprint: null,
  config_yaml: null,
  ssl: null,
  shipper: null,
};

export const outputs: KindDescriptor = {
  kind: "outputs",
  noun: "output",
  identity: "id",
  references: [{ field: "proxy_id", kind: "proxies" }],
  list: { path: "/api/fleet/outputs", shape: "items" },
  protectedReason: preconfiguredReason("output"),
  defaultFlags: ["is_default", "is_default_monitoring"],
  defaultMustMove: true,
  deleteBlockedReason: defaultDeleteBlock("output", ["is_default", "is_default_monitoring"]),
  defaults: (body) => ({
    is_default: false,
    is_default_monitoring: false,
    ...RESETS,
    ...(TYPE_DEFAULTS[body.type as string] ?? {}),
    // Kibana sets the SASL mechanism itself when a kafka output authenticates with user and password.
    ...(body.type === "kafka" && body.auth_type === "user_pass" ? { sasl: { mechanism: "PLAIN" } } : {}),
  }),
  resets: RESETS,
  normalizers: { hosts: normalizeHostList },
  ignoredFields: ["is_preconfigured", "allow_edit", "is_internal"],
  plainSecrets: [
    ...sslSecrets("key"),
    { plain: ["password"], secret: ["secrets", "password"] },
    { plain: ["service_token"], secret: ["secrets", "service_token"] },
  ],
  secretPaths: [...sslSecretPaths("key"), ["password"], ["service_token"], ["kibana_api_key"]],
  create: calls.create,
  // Kibana's output update merges into the stored object, so a kafka field the manifest drops must be
  // sent at its create-time default to really return to it.
  update: (body, live) => calls.update({ ...(TYPE_DEFAULTS[body.type as string] ?? {}), ...body }, live),
  delete: calls.delete,
};
