import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import { fieldsFor, requiredFields } from "../kinds/schema-fields.js";
import type { KindDescriptor, LiveObject } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { defaultsFor } from "./comparable.js";

/**
 * Fields the manifest leaves out that Kibana holds a value for, where Kibana offers no "not set"
 * value to send back (its updates merge, and the field takes no null, empty or default): fleetform
 * cannot reset them, so instead of a silent "No changes" the plan says so for each, and drift counts it.
 */
export function fieldsKibanaKeeps(
  kind: KindDescriptor,
  object: ManifestObject,
  current: LiveObject,
): ObjectDiagnostic[] {
  if (kind.partial || current.protectedReason) return [];
  const resettable = defaultsFor(kind, object.body);
  const required = requiredFields(kind.name);
  // The lock, left out, says nothing: a lock set elsewhere is someone else's, and no lock is no lock.
  const ignored = new Set(["id", ...(kind.ignoredFields ?? []), ...(kind.lockField ? [kind.lockField] : [])]);
  const plainSecrets = new Set((kind.secrets?.plain ?? []).map((p) => p.plain[0]));
  const kept: ObjectDiagnostic[] = [];
  for (const field of fieldsFor(kind.name, object.body)) {
    if (field in object.body || field in resettable || required.has(field) || ignored.has(field)) continue;
    if (plainSecrets.has(field)) continue; // write-only: never compared, never quoted
    const value = current.raw[field];
    if (value === undefined || value === null || value === "") continue;
    kept.push({
      severity: "warning",
      code: CODES.keptField,
      ...subjectOf(object),
      location: object.location,
      message: `${kind.noun} "${object.id}": Kibana has ${field}: ${JSON.stringify(value)}, which the manifest leaves out; Kibana's update keeps it, and it has no "not set" value fleetform could send`,
      hint: `write the value you want (\`${field}: ${JSON.stringify(value)}\` keeps it), or change it in Kibana`,
    });
  }
  return kept;
}
