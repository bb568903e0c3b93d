/**
 * Kibana's performance presets of Elasticsearch outputs (FLEET/common/services/output_helpers.ts:
 * outputYmlIncludesReservedPerformanceKey, getDefaultPresetForEsOutput; the keys are
 * RESERVED_CONFIG_YML_KEYS in FLEET/common/constants/output.ts), shared by the planner and the simulator.
 */
import { yamlLib } from "./yaml-lib.js";

export const RESERVED_CONFIG_YML_KEYS = [
  "bulk_max_size",
  "compression_level",
  "connection_idle_timeout",
  "queue.mem.events",
  "queue.mem.flush.min_events",
  "queue.mem.flush.timeout",
  "worker",
];

/** Output types that have a `preset` (OUTPUT_TYPES_WITH_PRESET_SUPPORT). */
export const hasPreset = (type: unknown) => type === "elasticsearch" || type === "remote_elasticsearch";

/**
 * Whether `config_yaml` sets a performance key, as Kibana decides it: the YAML is parsed and flattened
 * to dotted keys (`queue: {mem: {events: 1}}` is `queue.mem.events`); a YAML that is a plain string
 * counts when it contains a key's name. YAML that does not parse counts as no key here (Kibana fails
 * on it elsewhere).
 */
export function configYamlHasPerformanceKey(configYaml: unknown): boolean {
  if (typeof configYaml !== "string" || configYaml === "") return false;
  let parsed: unknown;
  try {
    parsed = yamlLib().parse(configYaml);
  } catch {
    return false;
  }
  if (typeof parsed === "string") return RESERVED_CONFIG_YML_KEYS.some((key) => parsed.includes(key));
  if (!parsed || typeof parsed !== "object") return false;
  const keys = flattenedKeys(parsed as Record<string, unknown>, "");
  return RESERVED_CONFIG_YML_KEYS.some((key) => keys.includes(key));
}

/** The preset Kibana stores when none is given: `custom` when config_yaml tunes performance. */
export function defaultPresetFor(configYaml: unknown): "balanced" | "custom" {
  return configYamlHasPerformanceKey(configYaml) ? "custom" : "balanced";
}

/** Kibana's message when `preset: balanced` comes with performance keys in config_yaml. */
export const BALANCED_WITH_PERFORMANCE_KEYS = `preset cannot be balanced when config_yaml contains one of ${RESERVED_CONFIG_YML_KEYS.join(", ")}`;

/** @kbn/std getFlattenedObject: plain objects are walked, anything else (lists too) is a leaf. */
function flattenedKeys(object: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(object).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value && typeof value === "object" && !Array.isArray(value)
      ? flattenedKeys(value as Record<string, unknown>, path)
      : [path];
  });
}
