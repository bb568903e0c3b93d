import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import type { KindDescriptor } from "../kinds/types.js";
import { predates, ruleName } from "../kinds/versions.js";
import type { ManifestObject } from "../load/types.js";
import { valueAt } from "../util/paths.js";

/**
 * Fields (or uses of them) the manifest states that the Kibana it talks to does not have yet: each
 * a problem at the field, naming the version it needs and the one Kibana has. Kibana would answer
 * 400 to the request; better to say so before anything is applied, and why.
 */
export function versionProblems(
  objects: ManifestObject[],
  kinds: readonly KindDescriptor[],
  version: string | undefined,
): ObjectDiagnostic[] {
  if (!version) return [];
  const problems: ObjectDiagnostic[] = [];
  // The rules this Kibana predates, by kind: the same for every object of a kind.
  const newer = new Map(
    kinds.map((k) => [k.name, { kind: k, rules: (k.since ?? []).filter((r) => predates(version, r)) }]),
  );
  for (const object of objects) {
    const { kind, rules } = newer.get(object.kind) ?? { rules: [] };
    for (const rule of rules) {
      if (!stated(object.body, rule.path)) continue;
      if (rule.applies ? !rule.applies(object.body) : rule.legacy && oneValue(object.body, rule.path))
        continue;
      problems.push({
        severity: "error",
        code: CODES.versionRefused,
        ...subjectOf(object),
        location: object.locate(rule.path, { key: true }),
        message: `${kind!.noun} "${object.id}": ${ruleName(rule)} needs Kibana ${rule.since} or newer; this Kibana is ${version}`,
        hint:
          rule.hint ??
          `upgrade Kibana to ${rule.since} or newer, or remove ${rule.path.join(".")} from the manifest`,
      });
    }
  }
  return problems;
}

const stated = (body: Record<string, unknown>, path: string[]) => valueAt(body, path) !== undefined;

/** A list with one value, which an older Kibana takes in the single-value field. */
const oneValue = (body: Record<string, unknown>, path: string[]) => {
  const value = valueAt(body, path);
  return Array.isArray(value) && value.length === 1;
};
