/**
 * Elastic Defend (the `endpoint` package) integration policies. The package's policy template has no
 * inputs: Kibana's Security Solution writes the policy into `inputs[0].config` itself, on create, from
 * a default policy and the chosen preset (SECURITY/server/fleet_integration/fleet_integration.ts,
 * handlers/create_default_policy.ts; SECURITY = x-pack/solutions/security/plugins/security_solution).
 *
 * The manifest says `defend: { preset, policy }`: the preset Kibana starts from, and a partial policy
 * (per OS: malware, ransomware, memory protection, events…) compared as a deep partial against the
 * policy Kibana stores, so that the hundreds of values Kibana fills in are not the manifest's concern.
 * A create cannot set the policy (Kibana replaces it), so the update that sets it follows the create.
 */
import type { Body } from "../kinds/types.js";

export const DEFEND_PACKAGE = "endpoint";
/** The input type through which a create passes the preset (`config._config.value`). */
const INTEGRATION_CONFIG = "ENDPOINT_INTEGRATION_CONFIG";

export const isDefend = (body: Body): boolean => body.package?.name === DEFEND_PACKAGE;

const isPlainObject = (value: unknown): value is Body =>
  !!value && typeof value === "object" && !Array.isArray(value);

/** The one input Kibana's callback writes (type `endpoint`), in a policy read in the full format. */
function defendInput(raw: Body): Body | undefined {
  return Array.isArray(raw.inputs) ? raw.inputs.find((i: Body) => i?.type === "endpoint") : undefined;
}

export function livePolicy(raw: Body): Body | undefined {
  return defendInput(raw)?.config?.policy?.value;
}

export function livePreset(raw: Body): string | undefined {
  return defendInput(raw)?.config?.integration_config?.value?.endpointConfig?.preset;
}

/** The live values at the paths the partial names: objects are followed, anything else is taken whole. */
export function projectOnto(live: unknown, partial: unknown): unknown {
  if (!isPlainObject(partial) || !isPlainObject(live)) return live;
  const out: Body = {};
  for (const [key, value] of Object.entries(partial)) {
    const projected = projectOnto(live[key], value);
    if (projected !== undefined) out[key] = projected;
  }
  return out;
}

/** The partial laid over the live policy: objects merge, anything else replaces. */
function merged(live: unknown, partial: unknown): unknown {
  if (!isPlainObject(partial) || !isPlainObject(live)) return structuredClone(partial);
  const out: Body = structuredClone(live);
  for (const [key, value] of Object.entries(partial)) out[key] = merged(live[key], value);
  return out;
}

/** The inputs of a create: the preset, which is all Kibana takes from them. */
export function createInputs(body: Body): Body[] {
  const preset = body.defend?.preset;
  if (typeof preset !== "string") return [];
  const value = { type: "endpoint", endpointConfig: { preset } };
  return [{ type: INTEGRATION_CONFIG, enabled: true, streams: [], config: { _config: { value } } }];
}

/**
 * The inputs of an update: Kibana's Defend input, as stored, with the manifest's policy over the
 * stored one. Kibana's update requires the policy and the artifact manifest; the integration config
 * is only read on create, and its empty form (no preset) is no valid config entry.
 */
export function updateInputs(raw: Body, body: Body): Body[] {
  const input = defendInput(raw);
  if (!input) return [];
  const config = Object.fromEntries(
    Object.entries(input.config ?? {}).filter(([, entry]) => isPlainObject(entry) && "value" in entry),
  );
  const policy = merged(livePolicy(raw) ?? {}, body.defend?.policy ?? {});
  return [
    {
      type: "endpoint",
      enabled: input.enabled ?? true,
      streams: [],
      config: { ...config, policy: { value: policy } },
    },
  ];
}

/** The comparable `defend` of a live policy: only what the manifest's partial names. */
export function comparableLiveDefend(raw: Body, desired: Body | undefined): Body {
  return { policy: projectOnto(livePolicy(raw) ?? {}, desired?.defend?.policy ?? {}) };
}

/** Whether the policy Kibana holds already has every value the manifest's partial states. */
export function policyMatches(raw: Body, body: Body): boolean {
  const partial = body.defend?.policy ?? {};
  return JSON.stringify(projectOnto(livePolicy(raw) ?? {}, partial)) === JSON.stringify(partial);
}

/** Problems only visible with the live policy: a preset applies on create only. */
export function defendProblems(
  body: Body,
  live: Body | undefined,
): { path: string[]; message: string; hint?: string }[] {
  if (!isDefend(body)) {
    return body.defend === undefined
      ? []
      : [
          {
            path: ["defend"],
            message: `defend is the form of Elastic Defend policies (package "${DEFEND_PACKAGE}"), not of ${body.package?.name}`,
            hint: "remove defend, or use the endpoint package",
          },
        ];
  }
  const preset = body.defend?.preset;
  if (!live || preset === undefined || preset === livePreset(live)) return [];
  return [
    {
      path: ["defend", "preset"],
      message: `Kibana applies a preset only when it creates the policy; this one was created with ${livePreset(live) ?? "no preset (data collection)"}`,
      hint: `state the values you want under defend.policy (or keep preset: ${livePreset(live) ?? "left out"}), or delete the policy in Kibana and apply again`,
    },
  ];
}
