import { normalizeHostForAgents } from "../util/hosts.js";
import type { ApiCall, Body, LiveObject, ObjectRead } from "./types.js";

/** Kibana's normalizeHostsForAgents, applied to both sides of a comparison. */
export function normalizeHostUrl(host: unknown): unknown {
  return typeof host === "string" ? normalizeHostForAgents(host) : host;
}

export const normalizeHostList = (hosts: unknown) =>
  Array.isArray(hosts) ? hosts.map(normalizeHostUrl) : hosts;

/** `ssl.<name>` ↔ `secrets.ssl.<name>`: where an SSL key lives with secret storage off and on. */
export function sslSecrets(...names: string[]) {
  return names.map((name) => ({ plain: ["ssl", name], secret: ["secrets", "ssl", name] }));
}

/** Masks for the plain form of the same values (Kibana without secret storage returns them in clear). */
export function sslSecretPaths(...names: string[]) {
  return [["secrets", "*"], ["secrets", "ssl", "*"], ...names.map((name) => ["ssl", name])];
}

export function preconfiguredReason(noun: string) {
  return (raw: Body): string | undefined =>
    raw.is_preconfigured ? `preconfigured ${noun} (defined in kibana.yml); change it there` : undefined;
}

/** Get/create/update/delete calls for kinds with plain REST endpoints keyed by id. */
export function restCalls(collection: string) {
  const item = (id: string) => `${collection}/${encodeURIComponent(id)}`;
  return {
    get: (id: string): ObjectRead => ({ method: "GET", path: item(id), shape: "item" }),
    create: (body: Body): ApiCall => ({ method: "POST", path: collection, body }),
    update: (body: Body, live: LiveObject): ApiCall => ({
      method: "PUT",
      path: item(live.id),
      body: withoutId(body),
    }),
    delete: (live: LiveObject): ApiCall => ({ method: "DELETE", path: item(live.id) }),
  };
}

export function withoutId(body: Body): Body {
  const { id: _id, ...rest } = body;
  return rest;
}
