import { preconfiguredReason, restCalls } from "./common.js";
import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";

const calls = restCalls("/api/fleet/proxies");

export const proxies: KindDescriptor = {
  ...describedAs("proxies"),
  references: [],
  list: { path: "/api/fleet/proxies", shape: "items" },
  protectedReason: preconfiguredReason("proxy"),
  // The PUT schema makes these nullable with a null default: omitted means null.
  defaults: { proxy_headers: null, certificate_authorities: null, certificate: null, certificate_key: null },
  ignoredFields: ["is_preconfigured"],
  secrets: { paths: [["certificate_key"]] },
  get: calls.get,
  // The PUT schema requires the certificate fields (nullable), and its update stores proxy_headers
  // as null when absent (FLEET/server/types/rest_spec/fleet_proxies.ts, services/fleet_proxies.ts).
  updateCarries: () => ["certificate_authorities", "certificate", "certificate_key", "proxy_headers"],
  create: calls.create,
  update: calls.update,
  deletion: { call: calls.delete },
  check: {
    samples: ({ host }) => [
      { suffix: "proxy", create: { url: `http://${host}:3128` }, update: { url: `http://${host}:3129` } },
    ],
  },
};
