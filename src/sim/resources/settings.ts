/** Fleet settings singleton (`GET/PUT /api/fleet/settings`). Source: FLEET/server/routes/settings. */
import type { Req, Route, SimContext } from "../context.js";
import { notFound } from "../errors.js";
import { type Obj, publicView, type Store } from "../store.js";

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

function get(_req: Req, { store }: SimContext) {
  if (!store.settings) throw notFound("Settings not found");
  return { item: publicView(store.settings) };
}

function put(req: Req, { store }: SimContext) {
  const next: Obj = { ...(store.settings ?? defaultSettings(false)), ...req.body, id: SETTINGS_ID };
  store.touch(next, true);
  store.settings = next;
  return { item: publicView(next) };
}

export const settingsRoutes: Route[] = [
  { method: "GET", template: "/api/fleet/settings", handler: get },
  { method: "PUT", template: "/api/fleet/settings", handler: put },
];
