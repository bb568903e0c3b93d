/** Fleet proxies. Sources: FLEET/server/services/fleet_proxies.ts, routes/fleet_proxies/handler.ts. */
import { randomUUID } from "node:crypto";
import type { Req, Route, SimContext } from "../context.js";
import { badRequest, esCreateConflict, forbidden, notFound } from "../errors.js";
import { type Obj, publicView } from "../store.js";
import { agentPoliciesUsingOutput, allInOnePage, bumpAgentPolicies, validateId } from "./common.js";

const NULLABLE = ["proxy_headers", "certificate_authorities", "certificate", "certificate_key"] as const;

function checkUrl(url: string): void {
  let ok = false;
  try {
    ok = ["http:", "https:", "socks5:"].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw badRequest(`[request body.url]: Invalid URL, must be an http, https or socks5 URL`);
}

function list(_req: Req, { store }: SimContext) {
  return allInOnePage([...store.proxies.values()].map((p) => publicView(p)));
}

function get(req: Req, { store }: SimContext) {
  const p = store.proxies.get(req.params.itemId!);
  if (!p) throw notFound(`Fleet proxy ${req.params.itemId} not found`);
  return { item: publicView(p) };
}

function create(req: Req, { store }: SimContext) {
  const body: Obj = req.body;
  validateId(body.id);
  checkUrl(body.url);
  const id: string = body.id ?? randomUUID();
  const existing = store.proxies.get(id);
  if (existing) throw esCreateConflict("fleet-proxy", id, existing._v ?? 1);
  const p: Obj = { ...body, id, is_preconfigured: false };
  if (!p.proxy_headers) delete p.proxy_headers;
  store.touch(p);
  store.proxies.set(id, p);
  return { item: publicView(p) };
}

function update(req: Req, { store }: SimContext) {
  const id = req.params.itemId!;
  const stored = store.proxies.get(id);
  if (!stored) throw notFound(`Proxy ${id} not found`);
  const body: Obj = { ...req.body };
  if (body.url !== undefined) checkUrl(body.url);
  if (!body.proxy_headers) body.proxy_headers = null;
  const next: Obj = { ...stored, ...body };
  store.touch(next);
  store.proxies.set(id, next);
  // agent policies whose outputs, Fleet Server hosts or download sources use this proxy are bumped
  bumpAgentPolicies(store, policiesUsingProxy(store, id), req.user);
  return { item: publicView({ ...stored, ...body }) };
}

function policiesUsingProxy(store: SimContext["store"], proxyId: string): string[] {
  const ids: string[] = [];
  for (const o of store.outputs.values()) {
    if (o.proxy_id !== proxyId) continue;
    if (o.is_default || o.is_default_monitoring) return [...store.agentPolicies.keys()];
    ids.push(...agentPoliciesUsingOutput(store, o.id));
  }
  for (const ap of store.agentPolicies.values()) {
    const fsh = ap.fleet_server_host_id ? store.fleetServerHosts.get(ap.fleet_server_host_id) : undefined;
    const ds = ap.download_source_id ? store.downloadSources.get(ap.download_source_id) : undefined;
    if (fsh?.proxy_id === proxyId || ds?.proxy_id === proxyId) ids.push(ap.id);
  }
  return ids;
}

function remove(req: Req, { store }: SimContext) {
  const id = req.params.itemId!;
  const p = store.proxies.get(id);
  if (!p) throw notFound(`Fleet proxy ${id} not found`);
  if (p.is_preconfigured) throw forbidden(`Cannot delete ${id} preconfigured proxy`);
  const users = [...store.outputs.values(), ...store.fleetServerHosts.values()].filter(
    (o) => o.proxy_id === id,
  );
  if (users.some((o) => o.is_preconfigured)) {
    throw forbidden("Cannot delete a proxy used in a preconfigured fleet server hosts or output.");
  }
  const bump = policiesUsingProxy(store, id);
  for (const map of [store.outputs, store.fleetServerHosts, store.downloadSources]) {
    for (const o of map.values()) {
      if (o.proxy_id === id) {
        o.proxy_id = null;
        store.touch(o);
      }
    }
  }
  store.proxies.delete(id);
  bumpAgentPolicies(store, bump, req.user);
  return { id };
}

export const proxyRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/proxies", handler: list },
  { method: "POST", template: "/api/fleet/proxies", handler: create },
  { method: "GET", template: "/api/fleet/proxies/{itemId}", handler: get },
  {
    method: "PUT",
    template: "/api/fleet/proxies/{itemId}",
    handler: update,
    // schema.nullable(...) fields default to null when omitted
    prepare: (body) => {
      for (const k of NULLABLE) if (!(k in body)) body[k] = null;
    },
  },
  { method: "DELETE", template: "/api/fleet/proxies/{itemId}", handler: remove },
];
