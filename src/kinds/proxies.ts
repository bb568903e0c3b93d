import { preconfiguredReason, restCalls } from "./common.js";
import type { KindDescriptor } from "./types.js";

const calls = restCalls("/api/fleet/proxies");

export const proxies: KindDescriptor = {
  kind: "proxies",
  noun: "proxy",
  identity: "id",
  references: [],
  list: { path: "/api/fleet/proxies", shape: "items" },
  protectedReason: preconfiguredReason("proxy"),
  // The PUT schema makes these nullable with a null default: omitted means null.
  defaults: { proxy_headers: null, certificate_authorities: null, certificate: null, certificate_key: null },
  resets: { proxy_headers: null, certificate_authorities: null, certificate: null, certificate_key: null },
  ignoredFields: ["is_preconfigured"],
  secretPaths: [["certificate_key"]],
  create: calls.create,
  update: (body, live) =>
    calls.update({ certificate_authorities: null, certificate: null, certificate_key: null, ...body }, live),
  delete: calls.delete,
};
