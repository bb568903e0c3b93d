import type { KindDescriptor } from "./types.js";
import { FLEET_SETTINGS_VERSIONS } from "./versions.js";

/**
 * Fleet settings: a singleton updated with a partial PUT. Only the fields the manifest names are
 * managed; the rest belong to Kibana (there is no "create without the field" to define a default).
 */
export const fleetSettings: KindDescriptor = {
  kind: "fleet_settings",
  noun: "Fleet settings",
  identity: "singleton",
  partial: true,
  since: FLEET_SETTINGS_VERSIONS,
  references: [],
  list: { path: "/api/fleet/settings", shape: "item", notFoundIsEmpty: true },
  liveIdentity: () => "settings",
  get: () => ({ method: "GET", path: "/api/fleet/settings", shape: "item" }),
  create: (body) => ({ method: "PUT", path: "/api/fleet/settings", body }),
  update: (body) => ({ method: "PUT", path: "/api/fleet/settings", body }),
  noDeleteReason: "Fleet settings are a singleton and cannot be deleted",
};
