import { preconfiguredReason, restCalls, sslSecretPaths, sslSecrets } from "./common.js";
import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";

const calls = restCalls("/api/fleet/agent_download_sources");

export const downloadSources: KindDescriptor = {
  ...describedAs("download_sources"),
  uniqueNames: true,
  references: [{ field: "proxy_id", kind: "proxies" }],
  list: { path: "/api/fleet/agent_download_sources", shape: "items" },
  protectedReason: preconfiguredReason("download source"),
  defaultFlags: { fields: ["is_default"] },
  // ssl takes no null: an empty object is its "not set".
  defaults: { is_default: false, proxy_id: null, ssl: {} },
  ignoredFields: ["is_preconfigured"],
  secrets: { plain: sslSecrets("key"), paths: sslSecretPaths("key") },
  get: calls.get,
  // The PUT schema requires name and host, and defaults is_default to false: always send it, or the
  // default source loses its flag (FLEET/server/types/rest_spec/download_sources.ts PutDownloadSourcesRequestSchema).
  updateCarries: () => ["name", "host", "is_default"],
  create: calls.create,
  update: calls.update,
  deletion: { call: calls.delete },
  check: {
    samples: ({ host }) => [
      {
        suffix: "download-source",
        create: { host: `https://${host}/downloads/` },
        update: { host: `https://${host}/mirror/` },
      },
    ],
  },
};
