import type { KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { toPointer } from "../util/secret-references.js";
import { alignSecretReferences, comparableDesired, comparableLive } from "./comparable.js";
import { manifestPaths, markStated, maskChanges, sensitivePatterns } from "./mask.js";
import type { Change } from "./types.js";
import { type DiffOperation, diffValues } from "./value-diff.js";

/**
 * RFC 6902 changes from the live object to the desired one, in the order they apply; empty when they
 * match. Lists of objects change element by element, matched by identity (value-diff.ts).
 */
export function diffObject(
  kind: KindDescriptor,
  object: ManifestObject,
  current: LiveObject,
  ctx: PlanContext,
  options: { rotateSecrets?: boolean } = {},
): Change[] {
  const stated = comparableDesired(kind, object.body, ctx);
  // The live form shares what equals the desired one: an unchanged object is a walk, not a diff.
  const have = comparableLive(kind, current, ctx, object.body, stated);
  const want = options.rotateSecrets ? stated : alignSecretReferences(stated, have);
  const ops = diffValues(have, want);
  if (ops.length === 0) return [];
  const masked = maskChanges(sensitivePatterns(kind, object, ctx), ops);
  return markStated(object.body, manifestPaths(kind, object.body, masked));
}

/** A create lists what the manifest says, one leaf per line: the server's defaults are not news. */
export function createChanges(kind: KindDescriptor, object: ManifestObject, ctx: PlanContext): Change[] {
  const { id: _id, ...stated } = object.body;
  const changes = leaves(stated, "").map((leaf) => ({ op: "add", ...leaf }) as DiffOperation);
  return markStated(object.body, maskChanges(sensitivePatterns(kind, object, ctx), changes));
}

function leaves(value: unknown, path: string): { path: string; value: unknown }[] {
  if (value === undefined) return [];
  if (!value || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) {
    return [{ path, value }];
  }
  return Object.entries(value).flatMap(([key, v]) => leaves(v, `${path}${toPointer([key])}`));
}
