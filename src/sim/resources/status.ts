/** `GET /api/status`: a minimal, healthy Kibana status. */
import type { Route } from "../context.js";
import { LATEST_KIBANA_VERSION } from "../versions.js";

export const KIBANA_VERSION = LATEST_KIBANA_VERSION;

export const statusRoutes: Route[] = [
  {
    method: "GET",
    template: "/api/status",
    handler: (_req, sim) => ({
      name: "fleetform-sim",
      uuid: "5b2de169-2785-441b-ae8c-186a1936b17d",
      version: {
        number: sim.kibanaVersion ?? KIBANA_VERSION,
        build_hash: "0000000000000000000000000000000000000000",
        build_number: 1,
        build_snapshot: false,
        build_flavor: "traditional",
        build_date: "2025-11-19T00:00:00.000Z",
      },
      status: {
        overall: { level: "available", summary: "All services and plugins are available", meta: {} },
        core: {
          elasticsearch: { level: "available", summary: "Elasticsearch is available", meta: {} },
          savedObjects: {
            level: "available",
            summary: "SavedObjects service has completed migrations",
            meta: {},
          },
        },
        plugins: {},
      },
      metrics: {
        last_updated: new Date().toISOString(),
        collection_interval_in_millis: 5000,
        elasticsearch_client: { totalActiveSockets: 0, totalIdleSockets: 0, totalQueuedRequests: 0 },
      },
    }),
  },
];
