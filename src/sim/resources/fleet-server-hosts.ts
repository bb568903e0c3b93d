/** Fleet Server hosts. Source: FLEET/server/services/fleet_server_host.ts. */

import { randomUUID } from "node:crypto";
import { normalizeHostForAgents } from "../../util/hosts.js";
import type { Req, Route, SimContext } from "../context.js";
import { esCreateConflict, forbidden, notFound } from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { allInOnePage, bumpAgentPolicies, clearAgentPolicyReference, validateId } from "./common.js";
import { takeDefaultFlags } from "./default-flags.js";
import { refuseBoth, storeSecrets } from "./secrets.js";

export const DEFAULT_FLEET_SERVER_HOST_ID = "fleet-default-fleet-server-host";
const SECRET_PATHS: [string, string][] = [
  ["ssl.key", "ssl.key"],
  ["ssl.es_key", "ssl.es_key"],
  ["ssl.agent_key", "ssl.agent_key"],
];
const secretsOn = (store: Store) => store.settings?._ssl_secret_storage_requirements_met === true;

function find(store: Store, id: string): Obj {
  const h = store.fleetServerHosts.get(id);
  if (!h) throw notFound(`Fleet server ${id} not found`);
  return h;
}

function bumpUsers(store: Store, h: Obj, user: string): void {
  const ids = [...store.agentPolicies.values()]
    .filter((ap) => ap.fleet_server_host_id === h.id || (!ap.fleet_server_host_id && h.is_default))
    .map((ap) => ap.id);
  bumpAgentPolicies(store, ids, user);
}

function create(req: Req, { store }: SimContext) {
  const body: Obj = structuredClone(req.body);
  refuseBoth(body, SECRET_PATHS);
  validateId(body.id);
  const id: string = body.id ?? randomUUID();
  const existing = store.fleetServerHosts.get(id);
  if (existing) throw esCreateConflict("fleet-fleet-server-host", id, existing._v ?? 1);
  const h: Obj = {
    ...body,
    id,
    host_urls: body.host_urls.map(normalizeHostForAgents),
    is_default: body.is_default ?? false,
    is_preconfigured: body.is_preconfigured ?? false,
  };
  return { item: publicView(save(store, h, req.user)) };
}

function update(req: Req, { store }: SimContext) {
  const id = req.params.itemId!;
  const stored = find(store, id);
  const body: Obj = structuredClone(req.body);
  refuseBoth(body, SECRET_PATHS);
  const next: Obj = { ...stored, ...body, id };
  if (body.host_urls) next.host_urls = body.host_urls.map(normalizeHostForAgents);
  if (body.secrets) next.secrets = { ...(stored.secrets ?? {}), ...body.secrets };
  return { item: publicView(save(store, next, req.user)) };
}

/** What create and update share: secrets stored apart, one default, a new version, users bumped. */
function save(store: Store, h: Obj, user: string): Obj {
  storeSecrets(store, h, SECRET_PATHS, secretsOn(store));
  takeDefaultFlags(store, store.fleetServerHosts.values(), h, ["is_default"]);
  store.touch(h);
  store.fleetServerHosts.set(h.id, h);
  bumpUsers(store, h, user);
  return h;
}

function remove(req: Req, { store }: SimContext) {
  const id = req.params.itemId!;
  const h = find(store, id);
  if (h.is_preconfigured) throw forbidden(`Cannot delete ${id} preconfigured fleet server host`);
  if (h.is_default) throw forbidden(`Default Fleet Server hosts ${id} cannot be deleted.`);
  clearAgentPolicyReference(store, "fleet_server_host_id", id, req.user);
  store.fleetServerHosts.delete(id);
  return { id };
}

export const fleetServerHostRoutes: Route[] = [
  {
    method: "GET",
    template: "/api/fleet/fleet_server_hosts",
    handler: (_req, { store }) =>
      allInOnePage([...store.fleetServerHosts.values()].map((h) => publicView(h))),
  },
  { method: "POST", template: "/api/fleet/fleet_server_hosts", handler: create },
  {
    method: "GET",
    template: "/api/fleet/fleet_server_hosts/{itemId}",
    handler: (req, { store }) => ({ item: publicView(find(store, req.params.itemId!)) }),
  },
  {
    method: "PUT",
    template: "/api/fleet/fleet_server_hosts/{itemId}",
    handler: update,
    // proxy_id: schema.nullable(...) defaults to null when omitted
    prepare: (body) => {
      if (!("proxy_id" in body)) body.proxy_id = null;
    },
  },
  { method: "DELETE", template: "/api/fleet/fleet_server_hosts/{itemId}", handler: remove },
];
