/**
 * What Kibana's output service fills in and clears on create and on update, per output type.
 * Source: FLEET/server/services/output.ts (`create`, `update`).
 */
import { parse } from "yaml";
import { normalizeHostForAgents } from "../../util/hosts.js";
import {
  BALANCED_WITH_PERFORMANCE_KEYS,
  configYamlHasPerformanceKey,
  defaultPresetFor,
  hasPreset,
} from "../../util/output-presets.js";
import { badRequest, literalMismatch, noVariantMatches } from "../errors.js";
import type { Obj } from "../store.js";

/** Both create and update refuse `preset: balanced` with performance keys in the body's own config_yaml. */
export function refuseBalancedWithPerformanceKeys(type: unknown, body: Obj): void {
  if (hasPreset(type) && body.preset === "balanced" && configYamlHasPerformanceKey(body.config_yaml ?? "")) {
    throw badRequest(BALANCED_WITH_PERFORMANCE_KEYS);
  }
}

/**
 * Kafka defaults, computed from the request body alone. Kibana applies them on create and on an
 * update that changes the type to kafka, never on an ordinary update.
 */
function fillKafkaDefaults(o: Obj): void {
  if (!o.version) o.version = "1.0.0";
  if (!o.compression) o.compression = "gzip";
  if (o.compression === "gzip" && !o.compression_level) o.compression_level = 4;
  if (!o.client_id) o.client_id = "Elastic";
  if (o.username && o.password && !o.sasl?.mechanism) o.sasl = { mechanism: "PLAIN" };
  if (!o.partition) o.partition = "hash";
  // The whole object is replaced: `random: {}` becomes `{group_events: 1}`.
  if (o.partition === "random" && !o.random?.group_events) o.random = { group_events: 1 };
  if (o.partition === "round_robin" && !o.round_robin?.group_events) o.round_robin = { group_events: 1 };
  if (!o.timeout) o.timeout = 30;
  if (!o.broker_timeout) o.broker_timeout = 10;
  if (o.required_acks === null || o.required_acks === undefined) o.required_acks = 1;
}

/** The attributes a create stores, before secrets. */
export function createDefaults(o: Obj): void {
  o.hosts = (o.hosts ?? []).map(normalizeHostForAgents);
  if (hasPreset(o.type) && !o.preset) o.preset = defaultPresetFor(o.config_yaml ?? "");
  if (o.type === "kafka") {
    fillKafkaDefaults(o);
    if (o.auth_type !== "none") delete o.connection_type;
    if (o.auth_type !== "user_pass") {
      delete o.username;
      delete o.password;
    }
  }
  discardDisabledShipper(o, o);
}

/**
 * `validateLogstashHost` of the output schema: a Logstash host is `host:port`, no scheme. On create, the
 * body schema of Kibana 8.10 to 9.x is `schema.oneOf` of one object per output type, each
 * `{...BaseSchema, type: schema.literal(...), hosts, ...}` (FLEET/server/types/models/output.ts), so the
 * answer lists every variant: the others fail at `type`, Logstash's at the host. (Kibana main made it a
 * `schema.discriminatedUnion`, elastic/kibana#271407, which answers the host's error alone.) An update
 * is answered with the host's error alone: its union's variants, all keys optional, are not modelled.
 * `createVariants`: the output types of the create schema, in order.
 */
export function refuseInvalidLogstashHosts(type: unknown, hosts: unknown, createVariants?: string[]): void {
  if (type !== "logstash" || !Array.isArray(hosts)) return;
  hosts.forEach((host: string, i) => {
    const reason = logstashHostError(host);
    if (!reason) return;
    if (!createVariants) throw badRequest(`[request body.hosts.${i}]: ${reason}`);
    const errors = createVariants.map((variant, v) =>
      variant === "logstash"
        ? `[request body.${v}.hosts.${i}]: ${reason}`
        : literalMismatch(`request body.${v}.type`, variant),
    );
    throw badRequest(noVariantMatches("request body", errors));
  });
}

function logstashHostError(host: string): string | undefined {
  if (/^https?:\/\//.test(host)) return "Host address must begin with a domain name or IP address";
  try {
    if (new URL(`http://${host}`).host !== host.toLowerCase()) return "Invalid host";
  } catch {
    return "Invalid Logstash host";
  }
  return undefined;
}

/**
 * The shipper settings are kept only when `config_yaml` turns the shipper on (a `shipper` key not
 * `enabled: false`); otherwise a sent `shipper` is stored as null (output.ts create and update).
 */
export function discardDisabledShipper(data: Obj, body: Obj): void {
  if (!body.shipper) return;
  let config: any;
  try {
    config = body.config_yaml ? parse(body.config_yaml) : undefined;
  } catch {
    config = undefined;
  }
  if (!config?.shipper || config.shipper.enabled === false) data.shipper = null;
}

/**
 * The attributes an update writes (Kibana's `updateData`), computed from the body, the stored output and
 * whether the type changes. Fields left undefined keep their stored value when merged.
 */
export function updateData(body: Obj, stored: Obj): Obj {
  const { ssl: _ssl, secrets: _secrets, ...rest } = body;
  const data: Obj = { ...rest, type: body.type ?? stored.type };
  const typeChanged = data.type !== stored.type;
  if (typeChanged) {
    if (data.type === "elasticsearch") data.preset = null;
    if (data.type === "kafka") {
      data.ca_trusted_fingerprint = null;
      data.ca_sha256 = null;
      fillKafkaDefaults(data);
      if (data.compression !== "gzip") data.compression_level = null;
      if (data.auth_type && data.auth_type !== "none") data.connection_type = null;
      if (data.auth_type && data.auth_type !== "user_pass") {
        data.username = null;
        data.password = null;
      }
    }
  }
  if (body.ssl || body.ssl === null) data.ssl = body.ssl;
  if (body.type === "kafka") {
    // An update that names the kafka type clears whatever of these it does not send.
    if (!body.password) data.password = null;
    if (!body.username) data.username = null;
    if (!body.sasl) data.sasl = null;
    if (!body.ssl) data.ssl = null;
  }
  if (hasPreset(data.type) && data.hosts) data.hosts = data.hosts.map(normalizeHostForAgents);
  if (data.type === "kafka") data.proxy_id = null;
  if (body.type === "remote_elasticsearch") {
    if (!body.service_token) data.service_token = null;
    if (!body.kibana_api_key) data.kibana_api_key = null;
  }
  if (typeChanged && hasPreset(data.type) && !data.preset) {
    data.preset = defaultPresetFor(data.config_yaml ?? "");
  }
  discardDisabledShipper(data, body);
  return data;
}

/**
 * The saved-objects update's merge (core mergeForUpdate): non-empty plain objects are merged key by key,
 * anything else (an empty object, a list, null) replaces the stored value, undefined keeps it. `ssl` is
 * stored as a JSON string, so it is always replaced whole.
 */
export function mergeForUpdate(target: Obj, value: Obj): Obj {
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (key !== "ssl" && isMergeable(v) && isMergeable(target[key])) mergeDeep(target[key], v);
    else target[key] = isMergeable(v) && key !== "ssl" ? mergeDeep({}, v) : v;
  }
  return target;
}

function mergeDeep(target: Obj, value: Obj): Obj {
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isMergeable(v) && isMergeable(target[key])) mergeDeep(target[key], v);
    else target[key] = isMergeable(v) ? mergeDeep({}, v) : v;
  }
  return target;
}

const isMergeable = (v: unknown): v is Obj =>
  !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0;
