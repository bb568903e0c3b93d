/** Fleet outputs (elasticsearch, remote_elasticsearch, logstash, kafka). Source: FLEET/server/services/output.ts. */

import { randomUUID } from "node:crypto";
import { compareVersions } from "../../kinds/versions.js";
import type { Req, Route, SimContext } from "../context.js";
import { badRequest, esCreateConflict, notFound } from "../errors.js";
import { type Obj, publicView, type Store, uuidv5 } from "../store.js";
import {
  agentPoliciesUsingOutput,
  allInOnePage,
  bumpAgentPolicies,
  bumpAgentPolicy,
  validateId,
} from "./common.js";
import { takeDefaultFlags } from "./default-flags.js";
import {
  createDefaults,
  mergeForUpdate,
  refuseBalancedWithPerformanceKeys,
  refuseInvalidLogstashHosts,
  updateData,
} from "./output-defaults.js";
import {
  pinRestrictedPoliciesToDefault,
  refuseTypeChangeUsedByRestrictedPolicies,
  validateOutputForPolicy,
} from "./output-policy-rules.js";
import { deleteOutputSecrets, plainOutputSecrets, updateOutputSecrets } from "./output-secrets.js";
import { refuseBoth, storeSecrets } from "./secrets.js";

export const DEFAULT_OUTPUT_ID = "fleet-default-output";
const OUTPUT_NS = "a0b6b8b2-67ea-4ac3-9a3e-8c1d1b4f3a57";
const SECRET_PATHS: [string, string][] = [
  ["ssl.key", "ssl.key"],
  ["password", "password"],
  ["service_token", "service_token"],
];
const TYPE_FIELDS: Record<string, string[]> = {
  elasticsearch: ["preset", "write_to_logs_streams"],
  remote_elasticsearch: [
    "preset",
    "write_to_logs_streams",
    "service_token",
    "sync_integrations",
    "kibana_url",
    "kibana_api_key",
    "sync_uninstalled_integrations",
  ],
  logstash: [],
  kafka: (
    "version key compression compression_level client_id auth_type connection_type username password sasl " +
    "partition random round_robin hash topic headers timeout broker_timeout required_acks"
  ).split(" "),
};
export const outputSoId = (id: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : uuidv5(id, OUTPUT_NS);

const secretsOn = (store: Store) => store.settings?.output_secret_storage_requirements_met === true;

export function findOutput(store: Store, id: string): Obj {
  const o = store.outputs.get(id);
  if (!o) throw notFound(`Output ${id} not found`);
  return o;
}

/** The flags a default output takes from the previous holder. */
const DEFAULT_FLAGS = ["is_default", "is_default_monitoring"];

function bumpFor(store: Store, o: Obj, user: string): void {
  if (o.is_default || o.is_default_monitoring) bumpAgentPolicies(store, store.agentPolicies.keys(), user);
  else bumpAgentPolicies(store, agentPoliciesUsingOutput(store, o.id), user);
}

const view = (o: Obj) => publicView(o);

function list(_req: Req, { store }: SimContext) {
  const items = [...store.outputs.values()].sort((a, b) => Number(!!b.is_default) - Number(!!a.is_default));
  return allInOnePage(items.map(view));
}

function get(req: Req, { store }: SimContext) {
  return { item: view(findOutput(store, req.params.outputId!)) };
}

/** The output types of the create body schema's variants, in order: remote_elasticsearch from 8.12. */
function createVariants(version: string | undefined): string[] {
  const remote = !version || compareVersions(version, "8.12.0") >= 0;
  return ["elasticsearch", ...(remote ? ["remote_elasticsearch"] : []), "logstash", "kafka"];
}

function create(req: Req, { store, kibanaVersion }: SimContext) {
  const body: Obj = structuredClone(req.body);
  validateId(body.id);
  refuseBoth(body, SECRET_PATHS);
  refuseInvalidLogstashHosts(body.type, body.hosts, createVariants(kibanaVersion));
  const id: string = body.id ?? randomUUID();
  // Kibana stores what was sent plus its defaults: no `is_preconfigured` unless the body has one
  const o: Obj = { ...body, id, is_default: body.is_default ?? false };
  o.is_default_monitoring = body.is_default_monitoring ?? false;
  refuseBalancedWithPerformanceKeys(o.type, body);
  createDefaults(o);
  bumpAgentPolicies(store, pinRestrictedPoliciesToDefault(store, o.type, o.is_default), req.user);
  if (o.is_default || o.is_default_monitoring)
    takeDefaultFlags(store, store.outputs.values(), o, DEFAULT_FLAGS);
  const existing = store.outputs.get(id);
  if (existing) throw esCreateConflict("ingest-outputs", outputSoId(id), existing._v ?? 1);
  storeSecrets(store, o, SECRET_PATHS, secretsOn(store));
  o._soId = outputSoId(id);
  store.touch(o);
  store.outputs.set(id, o);
  bumpFor(store, o, req.user);
  return { item: view(o) };
}

function update(req: Req, { store }: SimContext) {
  const id = req.params.outputId!;
  const stored = findOutput(store, id);
  const body: Obj = structuredClone(req.body);
  refuseBoth(body, SECRET_PATHS);
  if (body.type === "kafka") {
    body.is_default ??= false;
    body.is_default_monitoring ??= false;
  }
  if (stored.is_preconfigured) {
    const allowed = new Set<string>(stored.allow_edit ?? []);
    for (const [k, v] of Object.entries(body)) {
      if (k !== "id" && !allowed.has(k) && JSON.stringify(v) !== JSON.stringify(stored[k])) {
        throw badRequest(`Preconfigured output ${id} ${k} cannot be updated outside of kibana config file.`);
      }
    }
  }
  if (
    (stored.is_default && body.is_default === false) ||
    (stored.is_default_monitoring && body.is_default_monitoring === false)
  ) {
    throw badRequest(
      `Default output ${id} cannot be set to is_default=false or is_default_monitoring=false manually. Make another output the default first.`,
    );
  }
  const type = body.type ?? stored.type;
  refuseBalancedWithPerformanceKeys(type, body);
  refuseInvalidLogstashHosts(type, body.hosts);
  refuseTypeChangeUsedByRestrictedPolicies(store, stored, body.type);
  if (stored.id !== defaultOutputId(store)) {
    const becomesDefault = body.is_default ?? stored.is_default;
    bumpAgentPolicies(store, pinRestrictedPoliciesToDefault(store, type, becomesDefault), req.user);
  }
  const data = updateData(body, stored);
  if (type !== stored.type) {
    const keep = new Set(TYPE_FIELDS[type] ?? []);
    for (const f of TYPE_FIELDS[stored.type] ?? []) if (!keep.has(f) && !(f in body)) data[f] = null;
  }
  if (secretsOn(store)) data.secrets = updateOutputSecrets(store, stored, body, type);
  else plainOutputSecrets(body, type, data);
  const next = mergeForUpdate(structuredClone(stored), data);
  next.id = id;
  if (next.is_default || next.is_default_monitoring)
    takeDefaultFlags(store, store.outputs.values(), next, DEFAULT_FLAGS);
  store.touch(next);
  store.outputs.set(id, next);
  bumpFor(store, next, req.user);
  return { item: view(next) };
}

function remove(req: Req, { store }: SimContext) {
  const id = req.params.outputId!;
  const o = findOutput(store, id);
  if (o.is_preconfigured)
    throw badRequest(`Preconfigured output ${id} cannot be deleted outside of kibana config file.`);
  if (o.is_default) throw badRequest(`Default output ${id} cannot be deleted.`);
  if (o.is_default_monitoring) throw badRequest(`Default monitoring output ${id} cannot be deleted.`);
  // removeOutputFromAll validates every agent policy's new output before it changes any of them
  for (const ap of store.agentPolicies.values()) {
    const next = {
      data_output_id: ap.data_output_id === id ? null : ap.data_output_id,
      monitoring_output_id: ap.monitoring_output_id === id ? null : ap.monitoring_output_id,
    };
    if (next.data_output_id !== ap.data_output_id || next.monitoring_output_id !== ap.monitoring_output_id) {
      validateOutputForPolicy(store, next, ap);
    }
  }
  // package policies are reset first (a later failure leaves a partial reset, as in Kibana)
  for (const pp of store.packagePolicies.values()) {
    if (pp.output_id === id) {
      pp.output_id = null;
      store.touch(pp, true);
      bumpAgentPolicies(store, pp.policy_ids ?? [], req.user);
    }
  }
  for (const ap of store.agentPolicies.values()) {
    for (const field of ["data_output_id", "monitoring_output_id"] as const) {
      if (ap[field] !== id) continue;
      if (ap.is_managed) {
        throw badRequest(
          `Cannot update ${field} in Fleet because the agent policy is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.`,
        );
      }
      ap[field] = null;
      bumpAgentPolicy(store, ap.id, req.user);
    }
  }
  store.outputs.delete(id);
  deleteOutputSecrets(store, o);
  return { id };
}

const defaultOutputId = (store: Store) => [...store.outputs.values()].find((o) => o.is_default)?.id;

export const outputRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/outputs", handler: list },
  { method: "POST", template: "/api/fleet/outputs", handler: create },
  { method: "GET", template: "/api/fleet/outputs/{outputId}", handler: get },
  { method: "PUT", template: "/api/fleet/outputs/{outputId}", handler: update },
  { method: "DELETE", template: "/api/fleet/outputs/{outputId}", handler: remove },
];
