/**
 * What Kibana's preconfiguration makes of a package policy written in the legacy (array) inputs form:
 * `preconfigurePackageInputs` and `deepMergeVars` (FLEET/server/services/package_policy.ts) applied to
 * the package's defaults (`packageToPackagePolicy`). Inputs are named by type only and match the first
 * input of that type in the package (preconfiguration has no policy template), streams match by
 * dataset, and each var entry `{name, value, frozen, type}` is merged into the package's var.
 * Shared by the import and the simulator.
 */
import { type PolicyTree, type PolicyVars, packageToPolicyInputs } from "../packages/simplified.js";
import type { PackageInfo } from "../packages/types.js";
import { uuidv5 } from "../sim/store.js";
import { type Obj, UUID_V5_NAMESPACE } from "./preconfiguration.js";

/** Something in the preconfiguration Kibana skips or fleetform cannot express, at `owner[key]`. */
export interface PlaceNote {
  owner: object;
  key?: string | number;
  message: string;
  hint?: string;
}

export interface LegacyResult {
  tree: PolicyTree;
  /** Inputs, streams and vars the package does not define (Kibana skips the first two, stores the last). */
  skipped: PlaceNote[];
  /** `frozen` and `keep_enabled`: locks in Kibana's UI, with no manifest equivalent. */
  locks: PlaceNote[];
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** deepMergeVars: each entry's fields override the package var's; a var the package lacks is kept when asked. */
function mergeVars(target: { vars?: PolicyVars }, entries: unknown, keepUnknown: boolean, out: LegacyResult) {
  if (!Array.isArray(entries)) return;
  target.vars ??= {};
  for (const [i, entry] of entries.entries()) {
    if (!isObj(entry) || typeof entry.name !== "string") continue;
    const { name, ...fields } = entry;
    const known = name in target.vars;
    if (!known) {
      out.skipped.push({
        owner: entries,
        key: i,
        message: `var "${name}" is not defined here by the package; Kibana stores it but no agent reads it`,
        hint: "it is left out of the manifest",
      });
      if (!keepUnknown) continue;
    }
    if (fields.frozen !== undefined) {
      out.locks.push({
        owner: entry,
        key: "frozen",
        message: `frozen: the var "${name}" is locked in Kibana's UI; manifests have no such lock`,
        hint: "the value is imported; fleetform and the UI can both change it once kibana.yml no longer sets it",
      });
    }
    target.vars[name] = { ...(target.vars[name] ?? {}), ...fields };
  }
}

/** The tree Kibana stores for a legacy preconfigured package policy of `pkg`. */
export function applyLegacyInputs(
  pkg: PackageInfo,
  inputs: unknown[],
  keepUnknownVars = false,
): LegacyResult {
  const tree = packageToPolicyInputs(pkg);
  const out: LegacyResult = { tree, skipped: [], locks: [] };
  for (const [i, wanted] of inputs.entries()) {
    if (!isObj(wanted)) continue;
    const input = tree.inputs.find((candidate) => candidate.type === wanted.type);
    if (!input) {
      out.skipped.push({
        owner: inputs,
        key: i,
        message: `input type "${wanted.type}" is not in ${pkg.name} ${pkg.version}; Kibana skips it`,
        hint: `inputs of ${pkg.name} ${pkg.version}: ${[...new Set(tree.inputs.map((x) => x.type))].join(", ")}`,
      });
      continue;
    }
    if (typeof wanted.enabled === "boolean") input.enabled = wanted.enabled;
    if (wanted.keep_enabled !== undefined) {
      input.keep_enabled = wanted.keep_enabled;
      out.locks.push({
        owner: wanted,
        key: "keep_enabled",
        message: `keep_enabled: the input "${wanted.type}" cannot be turned off in Kibana's UI; manifests have no such lock`,
        hint: "its enabled state is imported; keep it enabled in the manifest yourself",
      });
    }
    mergeVars(input, wanted.vars, keepUnknownVars, out);
    const streams = Array.isArray(wanted.streams) ? wanted.streams : [];
    for (const [j, wantedStream] of streams.entries()) {
      if (!isObj(wantedStream)) continue;
      const dataset = isObj(wantedStream.data_stream) ? wantedStream.data_stream.dataset : undefined;
      const stream = input.streams.find((s) => s.data_stream.dataset === dataset);
      if (!stream) {
        out.skipped.push({
          owner: streams,
          key: j,
          message: `stream "${dataset}" is not in input "${wanted.type}" of ${pkg.name} ${pkg.version}; Kibana skips it`,
          hint: `its streams: ${input.streams.map((s) => s.data_stream.dataset).join(", ") || "none"}`,
        });
        continue;
      }
      if (typeof wantedStream.enabled === "boolean") stream.enabled = wantedStream.enabled;
      mergeVars(stream, wantedStream.vars, keepUnknownVars, out);
    }
  }
  return out;
}

/**
 * The id Kibana gives a preconfigured package policy that has none: uuid v5 of
 * `<agent policy id>-<name>` for the legacy form (addPackageToAgentPolicy, FLEET/server/services/agent_policy.ts).
 * Without inputs Kibana takes the simplified path and lets the saved-objects client pick a random id.
 */
export function derivedPackagePolicyId(agentPolicyId: string, name: string): string {
  return uuidv5(`${agentPolicyId}-${name}`, UUID_V5_NAMESPACE);
}
