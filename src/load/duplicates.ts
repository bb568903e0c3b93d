import { CODES } from "../diagnostics/codes.js";
import { formatLocation } from "../diagnostics/diagnostic.js";
import { identityField, shapeOf, spacedId } from "../kinds/shapes.js";
import { quoteValue } from "../util/secret-mask.js";
import type { Diagnostic, ManifestObject } from "./types.js";

/** An object declared twice across the manifests (in one space, or in two for an id Kibana keeps unique), with both places. */
export function reportDuplicates(objects: ManifestObject[], errors: Diagnostic[]): void {
  const first = new Map<string, ManifestObject>();
  for (const obj of objects) {
    if (obj.id === "") continue;
    // Where the identity repeats from space to space, an object without a space is in the default one.
    const key = `${obj.kind}\u0000${spacedId(obj.kind, obj.id, obj.space ?? "")}`;
    const previous = first.get(key);
    if (!previous) {
      first.set(key, obj);
      continue;
    }
    const field = identityField(obj.kind);
    const singleton = shapeOf(obj.kind).identity === "singleton";
    const here = singleton ? obj.location : obj.locate([field]);
    const there = singleton ? previous.location : previous.locate([field]);
    if ((obj.space ?? "") !== (previous.space ?? "")) {
      const spaceOf = (o: ManifestObject) => (o.space ? `space "${o.space}"` : "the run's space (--space)");
      errors.push({
        severity: "error",
        code: CODES.duplicateObject,
        message: `${field} ${quoteValue(obj, [field], obj.id)} of ${obj.kind} is in ${spaceOf(obj)} here and in ${spaceOf(previous)} at ${formatLocation(there)}, and Kibana keeps ${obj.kind} ids unique across spaces`,
        location: here,
        hint: `give each its own ${field}; one object in several spaces is not something fleetform manages`,
      });
      continue;
    }
    errors.push({
      severity: "error",
      code: CODES.duplicateObject,
      message: singleton
        ? `${obj.kind} is defined twice: here and at ${formatLocation(there)}`
        : `duplicate ${field} ${quoteValue(obj, [field], obj.id)} in ${obj.kind}: defined here and at ${formatLocation(there)}`,
      location: here,
      hint: singleton
        ? `keep one ${obj.kind} mapping across all manifest files`
        : `each ${obj.kind} ${field} must be unique across all manifest files; rename or remove one`,
    });
  }
}
