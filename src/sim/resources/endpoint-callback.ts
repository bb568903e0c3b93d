/**
 * Kibana's Security Solution callbacks on `endpoint` (Elastic Defend) package policies, which Fleet
 * runs on create and update. Source: SECURITY/server/fleet_integration/fleet_integration.ts
 * (getPackagePolicyCreateCallback, getPackagePolicyUpdateCallback), handlers/validate_integration_config.ts
 * and handlers/validate_endpoint_package_policy.ts (SECURITY = x-pack/solutions/security/plugins/
 * security_solution; x-pack/plugins/security_solution before 8.16).
 *
 * - Create ignores the inputs it is sent, except the `ENDPOINT_INTEGRATION_CONFIG` input's
 *   `config._config.value` (the preset), and writes one `endpoint` input whose config holds the
 *   preset's default policy, the artifact manifest and the integration config.
 * - Update requires that input's `policy` and `artifact_manifest` values, and stamps the cluster's
 *   `meta` and the antivirus registration's `enabled` into the policy it is sent.
 */
import { HttpError } from "../errors.js";
import type { Obj } from "../store.js";
import {
  CLUSTER_META,
  defaultPolicy,
  PRESETS,
  updateAntivirusRegistrationEnabled,
} from "./endpoint-policy.js";

const INTEGRATION_CONFIG = "ENDPOINT_INTEGRATION_CONFIG";

/** ManifestManager.createDefaultManifest().toPackagePolicyManifest(): no exception list yet. */
const ARTIFACT_MANIFEST = { artifacts: {}, manifest_version: "1.0.0", schema_version: "v1" };

const isEndpoint = (pp: Obj) => pp.package?.name === "endpoint";

/** validateIntegrationConfig: its errors carry statusCode 403. */
function validateIntegrationConfig(config: Obj): void {
  if (config.type === "endpoint") {
    if (!(PRESETS as readonly string[]).includes(config.endpointConfig?.preset)) {
      throw new HttpError(403, "Invalid endpointConfig preset");
    }
  } else if (config.type === "cloud") {
    if (typeof config.eventFilters?.nonInteractiveSession !== "boolean") {
      throw new HttpError(403, "eventFilters is required for cloud integration");
    }
  } else throw new HttpError(403, "Invalid integration config type");
}

/** The create callback: replaces the policy's inputs with the one Defend input. */
export function endpointOnCreate(pp: Obj): void {
  if (!isEndpoint(pp)) return;
  const config = (pp.inputs as Obj[] | undefined)?.find((i) => i.type === INTEGRATION_CONFIG)?.config?._config
    ?.value as Obj | undefined;
  if (config) validateIntegrationConfig(config);
  // A cloud config starts from disabled protections with session data on (getCloudPolicyConfig).
  const policy = defaultPolicy(config?.type === "endpoint" ? config.endpointConfig.preset : undefined);
  if (config?.type === "cloud") policy.linux.events.session_data = true;
  pp.inputs = [
    {
      type: "endpoint",
      enabled: true,
      streams: [],
      config: {
        // Kibana writes `integration_config: {}` without a config; the contract requires `value` on
        // every config entry, and where they disagree the contract wins: the entry is left out.
        ...(config ? { integration_config: { value: config } } : {}),
        artifact_manifest: { value: structuredClone(ARTIFACT_MANIFEST) },
        policy: { value: policy },
      },
    },
  ];
}

/** The update callback: the Defend input must carry its policy and manifest. */
export function endpointOnUpdate(pp: Obj): void {
  if (!isEndpoint(pp)) return;
  const input = (pp.inputs as Obj[] | undefined)?.find((i) => i.type === "endpoint");
  const policy = input?.config?.policy?.value as Obj | undefined;
  if (!policy || !input?.config?.artifact_manifest?.value) {
    throw new HttpError(
      400,
      "Invalid Elastic Defend security policy. 'inputs[0].config.policy.value' and 'inputs[0].config.artifact_manifest.value' are required.",
    );
  }
  policy.meta = { ...policy.meta, ...CLUSTER_META };
  updateAntivirusRegistrationEnabled(policy);
  policy.meta.billable = false;
}
