/** Agent binary download sources. Source: FLEET/server/services/download_source.ts. */

import { randomUUID } from "node:crypto";
import type { Req, Route, SimContext } from "../context.js";
import { badRequest, esCreateConflict, notFound } from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { allInOnePage, bumpAgentPolicies, clearAgentPolicyReference, validateId } from "./common.js";
import { takeDefaultFlags } from "./default-flags.js";
import { refuseBoth, storeSecrets } from "./secrets.js";

export const DEFAULT_DOWNLOAD_SOURCE_ID = "fleet-default-download-source";
const SECRET_PATHS: [string, string][] = [["ssl.key", "ssl.key"]];
const secretsOn = (store: Store) => store.settings?._ssl_secret_storage_requirements_met === true;

const view = (o: Obj) => publicView(o);

function find(store: Store, id: string): Obj {
  const s = store.downloadSources.get(id);
  if (!s) throw notFound(`Download Source ${id} not found`);
  return s;
}

function checkName(store: Store, name: string, selfId: string | undefined): void {
  const matches = [...store.downloadSources.values()].filter((s) => s.name === name);
  if (matches.length && !matches.some((s) => s.id === selfId)) {
    throw badRequest(`Download Source '${matches[0]!.id}' already exists with name '${name}'`);
  }
}

function checkProxy(store: Store, proxyId: unknown): void {
  if (typeof proxyId === "string" && !store.proxies.has(proxyId)) {
    throw badRequest(`Error checking proxy_id: Saved object [fleet-proxy/${proxyId}] not found`);
  }
}

function list(_req: Req, { store }: SimContext) {
  const items = [...store.downloadSources.values()].sort(
    (a, b) => Number(!!b.is_default) - Number(!!a.is_default),
  );
  return allInOnePage(items.map(view));
}

function create(req: Req, { store }: SimContext) {
  const body: Obj = structuredClone(req.body);
  validateId(body.id);
  refuseBoth(body, SECRET_PATHS);
  checkName(store, body.name, body.id);
  checkProxy(store, body.proxy_id);
  const id: string = body.id ?? randomUUID();
  const existing = store.downloadSources.get(id);
  if (existing) throw esCreateConflict("ingest-download-sources", id, existing._v ?? 1);
  const s: Obj = { ...body, id, is_default: body.is_default ?? false };
  storeSecrets(store, s, SECRET_PATHS, secretsOn(store));
  takeDefaultFlags(store, store.downloadSources.values(), s, ["is_default"]);
  store.touch(s);
  store.downloadSources.set(id, s);
  return { item: view(s) };
}

function update(req: Req, { store }: SimContext) {
  const id = req.params.sourceId!;
  const stored = find(store, id);
  const body: Obj = structuredClone(req.body);
  refuseBoth(body, SECRET_PATHS);
  checkName(store, body.name, id);
  checkProxy(store, body.proxy_id);
  // the PUT schema defaults is_default to false: omitting it un-defaults the source
  const next: Obj = { ...stored, ...body, id, is_default: body.is_default ?? false };
  if (body.secrets) next.secrets = { ...(stored.secrets ?? {}), ...body.secrets };
  storeSecrets(store, next, SECRET_PATHS, secretsOn(store));
  takeDefaultFlags(store, store.downloadSources.values(), next, ["is_default"]);
  store.touch(next);
  store.downloadSources.set(id, next);
  const users = [...store.agentPolicies.values()].filter(
    (ap) => ap.download_source_id === id || (!ap.download_source_id && next.is_default),
  );
  bumpAgentPolicies(
    store,
    users.map((ap) => ap.id),
    req.user,
  );
  return { item: view(next) };
}

function remove(req: Req, { store }: SimContext) {
  const id = req.params.sourceId!;
  const s = find(store, id);
  if (s.is_default) throw badRequest(`Default Download source ${id} cannot be deleted.`);
  clearAgentPolicyReference(store, "download_source_id", id, req.user);
  store.downloadSources.delete(id);
  return { id };
}

export const downloadSourceRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/agent_download_sources", handler: list },
  { method: "POST", template: "/api/fleet/agent_download_sources", handler: create },
  {
    method: "GET",
    template: "/api/fleet/agent_download_sources/{sourceId}",
    handler: (req, { store }) => ({ item: view(find(store, req.params.sourceId!)) }),
  },
  { method: "PUT", template: "/api/fleet/agent_download_sources/{sourceId}", handler: update },
  { method: "DELETE", template: "/api/fleet/agent_download_sources/{sourceId}", handler: remove },
];
