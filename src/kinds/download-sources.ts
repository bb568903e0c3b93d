import { defaultDeleteBlock, preconfiguredReason, restCalls, sslSecretPaths, sslSecrets } from "./common.js";
import type { KindDescriptor } from "./types.js";

const calls = restCalls("/api/fleet/agent_download_sources");

export const downloadSources: KindDescriptor = {
  kind: "download_sources",
  noun: "download source",
  identity: "id",
  uniqueNames: true,
  references: [{ field: "proxy_id", kind: "proxies" }],
  list: { path: "/api/fleet/agent_download_sources", shape: "items" },
  protectedReason: preconfiguredReason("download source"),
  defaultFlags: ["is_default"],
  deleteBlockedReason: defaultDeleteBlock("download source", ["is_default"]),
  defaults: { is_default: false, proxy_id: null },
  resets: { proxy_id: null, ssl: {} },
  ignoredFields: ["is_preconfigured"],
  plainSecrets: sslSecrets("key"),
  secretPaths: sslSecretPaths("key"),
  create: calls.create,
  // The PUT schema defaults is_default to false: always send it, or the default source loses its flag.
  update: (body, live) => calls.update({ is_default: false, ...body }, live),
  delete: calls.delete,
};
