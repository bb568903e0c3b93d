import { normalizeHostList, preconfiguredReason, restCalls, sslSecretPaths, sslSecrets } from "./common.js";
import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";

const calls = restCalls("/api/fleet/fleet_server_hosts");

export const fleetServerHosts: KindDescriptor = {
  ...describedAs("fleet_server_hosts"),
  references: [{ field: "proxy_id", kind: "proxies" }],
  list: { path: "/api/fleet/fleet_server_hosts", shape: "items" },
  protectedReason: preconfiguredReason("Fleet Server host"),
  defaultFlags: { fields: ["is_default"] },
  defaults: { is_default: false, proxy_id: null, ssl: null },
  normalizers: { host_urls: normalizeHostList },
  ignoredFields: ["is_preconfigured", "is_internal"],
  secrets: {
    plain: sslSecrets("key", "es_key", "agent_key"),
    paths: sslSecretPaths("key", "es_key", "agent_key"),
  },
  get: calls.get,
  // proxy_id is required (nullable) in the PUT body (FLEET/server/types/rest_spec/fleet_server_hosts.ts).
  updateCarries: () => ["proxy_id"],
  create: calls.create,
  update: calls.update,
  deletion: { call: calls.delete },
  check: {
    samples: ({ host }) => [
      {
        suffix: "fleet-server-host",
        create: { host_urls: [`https://${host}:8220`] },
        update: { host_urls: [`https://${host}:8221`] },
      },
    ],
  },
};
