import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";

/**
 * Fleet settings: a singleton updated with a partial PUT. Only the fields the manifest names are
 * managed; the rest belong to Kibana (there is no "create without the field" to define a default).
 */
export const fleetSettings: KindDescriptor = {
  ...describedAs("fleet_settings"),
  partial: true,
  references: [],
  list: { path: "/api/fleet/settings", shape: "item", notFoundIsEmpty: true },
  liveIdentity: () => "settings",
  get: () => ({ method: "GET", path: "/api/fleet/settings", shape: "item" }),
  create: (body) => ({ method: "PUT", path: "/api/fleet/settings", body }),
  update: (body) => ({ method: "PUT", path: "/api/fleet/settings", body }),
  deletion: { impossible: "Fleet settings are a singleton and cannot be deleted" },
  check: { skipped: "one object for the whole Kibana, outside spaces: the check never changes it" },
};
