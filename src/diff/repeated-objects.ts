import { CODES } from "../diagnostics/codes.js";
import type { ObjectDiagnostic } from "../diagnostics/diagnostic.js";
import { formatLocation, subjectOf } from "../diagnostics/diagnostic.js";
import { identityField, shapeOf, spacedId } from "../kinds/shapes.js";
import type { ManifestObject } from "../load/types.js";
import { quoteValue } from "../util/secret-mask.js";

/**
 * Objects the manifests declare twice once the run's space has one spelling: load tells apart
 * `space: default` from no space at all, but with `--space default` both are the same object. The
 * first is kept; each repeat is an error, so a plan never holds two operations with one key.
 */
export function repeatedObjects(
  objects: readonly ManifestObject[],
  home: string,
): { unique: ManifestObject[]; problems: ObjectDiagnostic[] } {
  const first = new Map<string, ManifestObject>();
  const unique: ManifestObject[] = [];
  const problems: ObjectDiagnostic[] = [];
  for (const object of objects) {
    const key = `${object.kind}/${spacedId(object.kind, object.id, object.space)}`;
    const previous = first.get(key);
    if (!previous) {
      first.set(key, object);
      unique.push(object);
      continue;
    }
    const field = identityField(object.kind);
    const singleton = shapeOf(object.kind).identity === "singleton";
    const at = (o: ManifestObject) => (singleton ? o.location : o.locate([field]));
    const space = object.space ?? home;
    problems.push({
      severity: "error",
      code: CODES.duplicateObject,
      ...subjectOf(object),
      location: at(object),
      message: singleton
        ? `${object.kind} is defined twice in space "${space}": here and at ${formatLocation(at(previous))}`
        : `duplicate ${field} ${quoteValue(object, [field], object.id)} in ${object.kind} in space "${space}": defined here and at ${formatLocation(at(previous))}`,
      hint: `a section without space: is in the run's space ("${home}"), the same as one that names it; keep one of them`,
    });
  }
  return { unique, problems };
}
