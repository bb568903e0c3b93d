import { describedAs } from "./shapes.js";
import type { KindDescriptor } from "./types.js";
import { FLEET_SETTINGS_VERSIONS } from "./versions.js";

/**
 * Fleet settings: a singleton updated with a partial PUT. Only the fields the manifest names are
 * managed; the rest belong to Kibana (there is no "create without the field" to define a default).
 */
export const fleetSettings: KindDescriptor = {
  ...describedAs("fleet_settings"),
  partial: true,
  since: FLEET_SETTINGS_VERSIONS,
  references: [],
  list: { path: "/api/fleet/settings", shape: "item", notFoundIsEmpty: true },
  liveIdentity: () => "settings",
  get: () => ({ method: "GET", path: "/api/fleet/settings", shape: "item" }),
  create: (body) => ({ method: "PUT", path: "/api/fleet/settings", body }),
  update: (body) => ({ method: "PUT", path: "/api/fleet/settings", body }),
  deletion: { impossible: "Fleet settings are a singleton and cannot be deleted" },
  check: { skipped: "one object for the whole Kibana, outside spaces: the check never changes it" },
  // FLEET/server/services/settings.ts (saveSettings): once kibana.yml's enableDeleteUnenrolledAgents
  // set it, Kibana refuses every update that carries delete_unenrolled_agents: say so before applying.
  problemsOf: (body, ctx) => {
    const live = ctx.live.get("fleet_settings")?.get("settings")?.raw.delete_unenrolled_agents;
    const wanted = body.delete_unenrolled_agents;
    // The manifest cannot state the mark (the schema refuses it): stating the field always changes it.
    if (live?.is_preconfigured !== true || wanted === undefined) return [];
    return [
      {
        path: ["delete_unenrolled_agents"],
        message:
          "delete_unenrolled_agents is set in kibana.yml (xpack.fleet.enableDeleteUnenrolledAgents): Kibana " +
          `refuses every update that carries it (it is ${live.enabled ? "enabled" : "disabled"} there)`,
        hint: "change it in kibana.yml, or leave delete_unenrolled_agents out of the manifest",
      },
    ];
  },
};
