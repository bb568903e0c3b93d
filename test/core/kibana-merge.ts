/**
 * A model of what Kibana stores when it receives a create or an update, small enough to run a
 * property test against the planner in memory. It models what every kind's update shares, not the
 * per-kind service rules (output presets, kafka type defaults), which the engine tests check against
 * the simulator:
 *
 * - Saved-object updates merge (core mergeForUpdate, src/core/packages/saved-objects/
 *   api-server-internal/src/lib/apis/utils/merge_for_update.ts): a plain object with keys merges key by
 *   key into the stored one, unless its mapping is `flattened`; arrays, scalars, null and `{}` replace.
 * - Mappings (FLEET/server/saved_objects/index.ts): agent policies' `overrides`, `advanced_settings`
 *   and `global_data_tags` are flattened; the space-aware type (fleet-agent-policies) does not map
 *   `monitoring_http` or `monitoring_diagnostics`, so those merge.
 * - Values the service stores as JSON strings replace whole: outputs' `ssl` (services/output.ts
 *   `updateData.ssl = JSON.stringify(...)`), proxies' `proxy_headers` (services/fleet_proxies.ts
 *   fleetProxyDataToSOAttribute, which also stores null when they are absent).
 * - PUT body schemas fill their defaults when a field is left out: agent policies' inactivity_timeout
 *   (types/models/agent_policy.ts), proxies' nullable certificate fields (types/rest_spec/fleet_proxies.ts).
 */
import type { Body, KindName } from "../../src/kinds/types.js";

/** Top-level fields stored whole, never merged key by key. */
const STORED_WHOLE: Partial<Record<KindName, string[]>> = {
  agent_policies: ["overrides", "advanced_settings", "global_data_tags"],
  outputs: ["ssl"],
  proxies: ["proxy_headers"],
};

/** What the PUT body schema fills in for a field the body leaves out. */
const PUT_DEFAULTS: Partial<Record<KindName, Body>> = {
  agent_policies: { inactivity_timeout: 1209600 },
  proxies: { certificate_authorities: null, certificate: null, certificate_key: null, proxy_headers: null },
};

/** What a create adds besides the body (server-computed fields the planner never compares). */
const CREATED: Partial<Record<KindName, Body>> = {
  agent_policies: {
    status: "active",
    is_managed: false,
    is_protected: false,
    inactivity_timeout: 1209600,
    revision: 1,
    agents: 0,
  },
  outputs: { is_default: false, is_default_monitoring: false, is_preconfigured: false },
  proxies: { is_preconfigured: false },
};

export function storedByCreate(kind: KindName, body: Body): Body {
  const stored: Body = { ...CREATED[kind], ...structuredClone(body) };
  // Kibana leaves a null proxy_headers out of what it returns (savedObjectToFleetProxy).
  if (kind === "proxies" && !stored.proxy_headers) delete stored.proxy_headers;
  return stored;
}

export function storedByUpdate(kind: KindName, stored: Body, body: Body): Body {
  const sent: Body = { ...PUT_DEFAULTS[kind], ...structuredClone(body) };
  const whole = new Set(STORED_WHOLE[kind] ?? []);
  const out = structuredClone(stored);
  for (const [key, value] of Object.entries(sent)) {
    out[key] = whole.has(key) ? value : merged(out[key], value);
  }
  if (kind === "proxies" && !out.proxy_headers) delete out.proxy_headers;
  return out;
}

function merged(target: unknown, value: unknown): unknown {
  if (!isPlainObject(value) || Object.keys(value).length === 0) return value;
  const out: Body = isPlainObject(target) ? { ...target } : {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = merged(out[key], v);
  return out;
}

function isPlainObject(value: unknown): value is Body {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
