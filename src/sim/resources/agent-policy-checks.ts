/**
 * Agent policy body checks that Kibana makes beyond the contract. Sources:
 * FLEET/server/types/models/agent_policy.ts (`validateNonEmptyString`, `overrides`),
 * FLEET/server/services/agent_policies/required_versions.ts (`validateRequiredVersions`, 9.x wording),
 * FLEET/server/routes/utils/filter_utils.ts (`validateKuery` with the agent policy mappings).
 */
import { badRequest, literalMismatch, noVariantMatches } from "../errors.js";
import type { Obj } from "../store.js";

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Top-level attributes of the agent policy saved-object mappings a kuery may name. */
const AGENT_POLICY_ATTRIBUTES = new Set(
  (
    "name schema_version description namespace is_managed is_default is_default_fleet_server status " +
    "unenroll_timeout inactivity_timeout updated_at updated_by revision monitoring_enabled " +
    "data_output_id monitoring_output_id download_source_id fleet_server_host_id agent_features " +
    "is_protected overrides keep_monitoring_alive supports_agentless global_data_tags agentless " +
    "monitoring_pprof_enabled monitoring_http monitoring_diagnostics advanced_settings is_preconfigured " +
    "required_versions space_ids has_fleet_server"
  ).split(" "),
);

export function checkAgentPolicyBody(body: Obj): void {
  if (typeof body.name === "string" && body.name.trim() === "") {
    throw badRequest("[request body.name]: Invalid empty string");
  }
  // `overrides: schema.maybe(schema.oneOf([schema.literal(null), schema.recordOf(..., { validate })]))`
  // (FLEET/server/types/models/agent_policy.ts): the union reports both of its variants
  if (body.overrides && Object.keys(body.overrides).some((k) => /^inputs(\.)?/.test(k))) {
    throw badRequest(
      noVariantMatches("request body.overrides", [
        literalMismatch("request body.overrides.0", "null"),
        "[request body.overrides.1]: inputs overrides is not allowed",
      ]),
    );
  }
  checkRequiredVersions(String(body.name), body.required_versions);
}

function checkRequiredVersions(name: string, required: Obj[] | null | undefined): void {
  if (!required) return;
  const fail = (why: string) => badRequest(`Policy "${name}" failed validation: ${why}`);
  const versions = required.map((v) => String(v.version));
  if (new Set(versions).size !== versions.length)
    throw fail("duplicate versions not allowed in required_versions");
  for (const v of versions)
    if (!SEMVER.test(v)) throw fail(`invalid semver version ${v} in required_versions`);
  const sum = required.reduce((n, v) => n + Number(v.percentage), 0);
  if (sum > 100) throw fail("sum of required_versions percentages cannot exceed 100");
}

/**
 * Strict KQL validation of the agent policy list: a key wrapped in the saved-object type must be one of
 * its attributes. (Unwrapped keys are left to the search fallback.)
 */
export function checkAgentPolicyKuery(kuery: string | undefined, prefixes: string[]): void {
  for (const m of (kuery ?? "").matchAll(/([^\s()":]+):/g)) {
    const key = m[1]!;
    const prefix = prefixes.find((p) => key.startsWith(`${p}.`));
    if (!prefix) continue;
    const attribute = key
      .slice(prefix.length + 1)
      .replace(/^attributes\./, "")
      .split(".")[0]!;
    if (!AGENT_POLICY_ATTRIBUTES.has(attribute)) {
      throw badRequest(`This key '${key}' does NOT exist in ${prefix} saved object index patterns`);
    }
  }
}
