import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import { isSpaceScoped, type KindName } from "../kinds/shapes.js";
import type { KindDescriptor } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import type { LiveState } from "../read/read-live.js";
import { didYouMean } from "../util/did-you-mean.js";
import { isInterpolated, quoteValue } from "../util/secret-mask.js";

/** The ids an object's field refers to (one or many). */
export function referencedIds(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** Every reference must name an object that the manifests or the live Kibana have. */
export function checkReferences(
  desired: ManifestObject[],
  live: LiveState | undefined,
  kinds: readonly KindDescriptor[],
): ObjectDiagnostic[] {
  const problems: ObjectDiagnostic[] = [];
  // The first manifest object of each kind and id: a plan checks thousands of references, each by key.
  const declared = new Map<string, ManifestObject>();
  for (const d of desired) if (!declared.has(`${d.kind}/${d.id}`)) declared.set(`${d.kind}/${d.id}`, d);
  const kindsByName = new Map(kinds.map((k) => [k.name, k]));
  for (const object of desired) {
    const kind = kindsByName.get(object.kind);
    for (const ref of kind?.references ?? []) {
      const ids = referencedIds(object.body, ref.field);
      ids.forEach((id, index) => {
        const where = ref.many ? [ref.field, index] : [ref.field];
        const target = declared.get(`${ref.kind}/${id}`);
        if (target || live?.get(ref.kind)?.has(id)) {
          const elsewhere = live && otherSpace(object, target, ref, where, id);
          if (elsewhere) problems.push({ ...elsewhere, location: object.locate(where) });
          return;
        }
        const known = [
          ...desired.filter((d) => d.kind === ref.kind).map((d) => d.id),
          ...(live?.get(ref.kind)?.keys() ?? []),
        ];
        // An interpolated id is a secret: neither shown nor hinted at by the closest known id.
        const secret = isInterpolated(object, where);
        const shown = quoteValue(object, where, id);
        const close = secret ? "" : didYouMean(id, known);
        problems.push({
          // Offline (validate), Kibana may still have it: plan decides.
          severity: live ? "error" : "warning",
          code: CODES.referenceMissing,
          ...subjectOf(object),
          location: object.locate(where),
          message:
            `${ref.field} refers to ${ref.kind} ${shown}, which neither the manifests nor ${live ? "Kibana" : "Kibana (checked by plan)"} have` +
            (close ? `; did you mean "${close}"?` : ""),
          hint: close
            ? `change it to "${close}", or add ${ref.kind} ${shown} to a manifest`
            : `add ${ref.kind} ${shown} to a manifest, or fix the id`,
        });
      });
    }
  }
  return problems;
}

/**
 * A reference between two kinds that live in spaces, to an object the manifests put in another
 * space than the referring one: Kibana looks the reference up in the request's space (an
 * integration policy's agent policy is "not found" there). Only while planning, where an object
 * without a space is in the run's own space; only against the manifests, which say where they want
 * the object (a live agent policy may belong to several spaces).
 */
function otherSpace(
  object: ManifestObject,
  target: ManifestObject | undefined,
  { field, kind }: { field: string; kind: KindName },
  where: (string | number)[],
  id: string,
): Omit<ObjectDiagnostic, "location"> | undefined {
  if (!isSpaceScoped(object.kind) || !isSpaceScoped(kind)) return undefined;
  if (!target || target.space === object.space) return undefined;
  const spaceOf = (o: ManifestObject) => (o.space ? `space "${o.space}"` : "the run's space");
  const reference = `${field} refers to ${kind} ${quoteValue(object, where, id)}`;
  return {
    severity: "error",
    code: CODES.referenceOtherSpace,
    ...subjectOf(object),
    message: `${reference}, which the manifests put in ${spaceOf(target)}, while this object is in ${spaceOf(object)}: Kibana finds it only in its own space`,
    hint: "put both in the same space",
  };
}
