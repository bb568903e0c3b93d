/**
 * Fleet settings singleton (`GET/PUT /api/fleet/settings`). Sources (FLEET = x-pack/platform/plugins/
 * shared/fleet): FLEET/server/routes/settings/settings_handler.ts, FLEET/server/services/settings.ts
 * (`getSettings`, `saveSettings`, `createDefaultSettings`), FLEET/server/types/rest_spec/settings.ts
 * (`PutSettingsRequestSchema`), and the Kibana tests ported in test/sim/kibana/settings.test.ts.
 */
import { compareVersions } from "../../kinds/versions.js";
import { normalizeHostForAgents } from "../../util/hosts.js";
import type { Req, Route, SimContext } from "../context.js";
import { badRequest, notFound } from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";
import { validateBody } from "../validate.js";
import { LATEST_KIBANA_VERSION } from "../versions.js";
import { bumpAgentPolicies } from "./common.js";

export const SETTINGS_ID = "fleet-default-settings";

export function defaultSettings(secretsEnabled: boolean): Obj {
  return {
    id: SETTINGS_ID,
    prerelease_integrations_enabled: false,
    has_seen_add_data_notice: false,
    preconfigured_fields: [],
    secret_storage_requirements_met: secretsEnabled,
    output_secret_storage_requirements_met: secretsEnabled,
    action_secret_storage_requirements_met: secretsEnabled,
    // SSL-key secrets (Fleet Server 9.3.0+) are not in the contract's settings item: kept internal
    _ssl_secret_storage_requirements_met: secretsEnabled,
    use_space_awareness_migration_status: "success",
    use_space_awareness_migration_started_at: null,
    delete_unenrolled_agents: { enabled: false, is_preconfigured: false },
  };
}

/** Settings flags the resources read. */
export const sslSecretsOn = (store: Store) => store.settings?._ssl_secret_storage_requirements_met === true;

const versionOf = (sim: SimContext) => sim.kibanaVersion ?? LATEST_KIBANA_VERSION;

/**
 * Kibana 8.x reads and writes `fleet_server_hosts` in the settings: GET lists the URLs of every Fleet
 * Server host (`fleetServerHosts.items.flatMap((item) => item.host_urls)`), PUT accepts and stores them
 * (normalized) without effect on anything else. 9.0 removed the key from both (elastic/kibana#198799,
 * "[Fleet] remove deprecated settings API endpoints", v9.0.0, breaking).
 */
const hasFleetServerHostsKey = (sim: SimContext) => compareVersions(versionOf(sim), "9.0.0") < 0;

/**
 * Whether a settings update bumps the revision of every agent policy (`bumpAllAgentPolicies` in the
 * PUT handler, from before 8.0). elastic/kibana#239977 removed the bump (main on 2025-10-24, i.e. 9.3.0)
 * and was backported to 9.1 (#240466) and 8.19 (#240468), both merged 2025-10-24; the 9.0 backport
 * (#240467) was closed unmerged and none was made for 9.2. The first 8.19 and 9.1 patches without the
 * bump are taken as 8.19.7 and 9.1.7, the first releases after the merge date: that patch boundary
 * comes from release timing, not from release notes.
 */
function settingsUpdateBumpsPolicies(version: string): boolean {
  const before = (v: string) => compareVersions(version, v) < 0;
  if (before("9.0.0")) return before("8.19.7");
  if (before("9.1.0")) return true;
  if (before("9.2.0")) return before("9.1.7");
  return before("9.3.0");
}

function get(_req: Req, sim: SimContext) {
  const { store } = sim;
  if (!store.settings) throw notFound("Settings not found");
  const item = publicView(store.settings);
  if (hasFleetServerHostsKey(sim)) {
    item.fleet_server_hosts = [...store.fleetServerHosts.values()].flatMap((h) => h.host_urls as string[]);
  }
  return { item };
}

/**
 * `saveSettings`: a partial saved-object update (the stored settings keep what the body leaves out),
 * answered with `{id, ...attributes}` where `attributes` are those of the saved-object update's answer,
 * which holds only the attributes sent (core's saved-objects `update` returns the request's attributes,
 * src/core/packages/saved-objects/api-server-internal/src/lib/apis/update.ts): no `version`, no
 * `preconfigured_fields`. Settings not created yet are created from `createDefaultSettings` and the body.
 */
function put(req: Req, sim: SimContext) {
  const { store } = sim;
  const key = "PUT /api/fleet/settings";
  const { fleet_server_hosts: hosts, ...rest } = req.body ?? {};
  if (hosts === undefined || !hasFleetServerHostsKey(sim)) validateBody(key, req.body);
  else validateBody(key, rest);
  if (hosts !== undefined && !Array.isArray(hosts))
    throw badRequest(
      `[request body.fleet_server_hosts]: expected value of type [array] but got [${typeof hosts}]`,
    );
  const data: Obj =
    hosts === undefined
      ? rest
      : { ...rest, fleet_server_hosts: hosts.map(String).map(normalizeHostForAgents) };
  if (!store.settings) {
    const created: Obj = { id: SETTINGS_ID, prerelease_integrations_enabled: false, ...data };
    store.settings = store.touch({ ...defaultSettings(false), ...created }, true);
    return { item: created };
  }
  if (store.settings.delete_unenrolled_agents?.is_preconfigured && data.delete_unenrolled_agents) {
    throw badRequest(
      "Setting delete_unenrolled_agents is preconfigured as 'enableDeleteUnenrolledAgents' and cannot be updated outside of kibana config file.",
    );
  }
  const next: Obj = { ...store.settings, ...data, id: SETTINGS_ID };
  store.touch(next, true);
  store.settings = next;
  if (settingsUpdateBumpsPolicies(versionOf(sim)))
    bumpAgentPolicies(store, store.agentPolicies.keys(), req.user);
  return { item: { id: SETTINGS_ID, ...data } };
}

export const settingsRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/settings", handler: get },
  // validated here: Kibana 8.x's body schema has a key (`fleet_server_hosts`) the 9.x contract lacks
  { method: "PUT", template: "/api/fleet/settings", handler: put, customValidation: true },
];
