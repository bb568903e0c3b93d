/**
 * Which outputs an agent policy may use. Sources: FLEET/common/services/output_helpers.ts
 * (`getAllowedOutputTypesForAgentPolicy`), FLEET/server/services/agent_policies/outputs_helpers.ts
 * (`validateOutputForPolicy`), FLEET/server/services/output.ts (`validateTypeChanges`,
 * `updateAgentPoliciesDataOutputId`).
 */
import { badRequest } from "../errors.js";
import type { Obj, Store } from "../store.js";

/** Fleet Server (and APM, synthetics) need the same cluster's Elasticsearch: `policyHasFleetServer`. */
export function policyHasFleetServer(store: Store, ap: Obj): boolean {
  return (
    ap.has_fleet_server === true ||
    store.packagePoliciesOf(ap.id).some((pp) => pp.package?.name === "fleet_server")
  );
}

/** The output types a policy may send data to; undefined when any type goes. */
export function allowedOutputTypes(store: Store, ap: Obj): string[] | undefined {
  // AGENTLESS_ALLOWED_OUTPUT_TYPES is Elasticsearch only, like Fleet Server's
  if (policyHasFleetServer(store, ap) || ap.supports_agentless === true) return ["elasticsearch"];
  return undefined;
}

export function defaultOutput(store: Store): Obj | undefined {
  return [...store.outputs.values()].find((o) => o.is_default);
}

/** The output a policy's data goes to: its own `data_output_id`, else the default output. */
export function dataOutputOf(store: Store, ap: Obj): Obj | undefined {
  return ap.data_output_id ? store.outputs.get(ap.data_output_id) : defaultOutput(store);
}

/**
 * validateOutputForPolicy: nothing is checked unless `data_output_id` or `monitoring_output_id` change;
 * then a restricted policy (Fleet Server, agentless) must end up on an allowed output type.
 */
export function validateOutputForPolicy(store: Store, next: Obj, existing: Obj = {}): void {
  if (
    next.data_output_id === existing.data_output_id &&
    next.monitoring_output_id === existing.monitoring_output_id
  ) {
    return;
  }
  const merged = { ...existing, ...next };
  const allowed = allowedOutputTypes(store, merged);
  const output = dataOutputOf(store, merged);
  if (allowed && output && !allowed.includes(output.type)) {
    throw badRequest(`Output of type "${output.type}" is not usable with policy "${merged.name}".`);
  }
}

/** validateTypeChanges: an Elasticsearch output used by Fleet Server or agentless policies stays one. */
export function refuseTypeChangeUsedByRestrictedPolicies(store: Store, output: Obj, nextType: unknown): void {
  if (output.type !== "elasticsearch" || !nextType || nextType === "elasticsearch") return;
  for (const ap of store.agentPolicies.values()) {
    const uses = ap.data_output_id ? ap.data_output_id === output.id : output.is_default === true;
    if (!uses) continue;
    const integration = policyHasFleetServer(store, ap)
      ? "Fleet Server"
      : ap.supports_agentless
        ? "agentless"
        : undefined;
    if (!integration) continue;
    const type = String(nextType);
    throw badRequest(
      `${type.charAt(0).toUpperCase()}${type.slice(1)} output cannot be used with ${integration} integration in ${ap.name}. Please create a new Elasticsearch output.`,
    );
  }
}

/**
 * updateAgentPoliciesDataOutputId: when a non-Elasticsearch output becomes the default, Fleet Server and
 * agentless policies that follow the default are pinned to the current default output. Returns the ids.
 */
export function pinRestrictedPoliciesToDefault(
  store: Store,
  type: unknown,
  becomesDefault: boolean,
): string[] {
  const current = defaultOutput(store);
  if (type === "elasticsearch" || !becomesDefault || !current) return [];
  const pinned: string[] = [];
  for (const ap of store.agentPolicies.values()) {
    if (ap.data_output_id || !allowedOutputTypes(store, ap)) continue;
    ap.data_output_id = current.id;
    pinned.push(ap.id);
  }
  return pinned;
}
