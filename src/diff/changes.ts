import fastJsonPatch, { type Operation } from "fast-json-patch";
import type { Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { unescapePointer, valueAt } from "../util/paths.js";
import { toPointer } from "../util/secret-references.js";
import { alignSecretReferences, comparableDesired, comparableLive } from "./comparable.js";
import { manifestPaths, markStated, maskChanges, sensitivePatterns } from "./mask.js";
import type { Change } from "./types.js";

/** RFC 6902 changes from the live object to the desired one; empty when they match. */
export function diffObject(
  kind: KindDescriptor,
  object: ManifestObject,
  current: LiveObject,
  ctx: PlanContext,
  options: { rotateSecrets?: boolean } = {},
): Change[] {
  const have = comparableLive(kind, current, ctx, object.body);
  const stated = comparableDesired(kind, object.body, ctx);
  const want = options.rotateSecrets ? stated : alignSecretReferences(stated, have);
  const changes = wholeScalarLists(fastJsonPatch.compare(have, want), have, want);
  const masked = maskChanges(sensitivePatterns(kind, object, ctx), changes, have);
  return markStated(object.body, manifestPaths(kind, object.body, masked));
}

/**
 * A list of plain values (policy_ids, hosts, tags) changes as a whole: `[a] → [b, a]` reads better
 * than index-by-index edits, and applying it is the same.
 */
function wholeScalarLists(ops: Operation[], have: Body, want: Body): Operation[] {
  const out: Operation[] = [];
  const replaced = new Set<string>();
  for (const op of ops) {
    const segments = op.path.split("/").slice(1);
    const listAt = segments.findIndex((_, i) => {
      const node = valueAt(want, segments.slice(0, i + 1).map(unescapePointer));
      return Array.isArray(node) && node.every((v) => v === null || typeof v !== "object");
    });
    if (listAt < 0 || listAt === segments.length - 1) {
      out.push(op);
      continue;
    }
    const path = `/${segments.slice(0, listAt + 1).join("/")}`;
    if (replaced.has(path)) continue;
    replaced.add(path);
    const pointer = segments.slice(0, listAt + 1).map(unescapePointer);
    const value = valueAt(want, pointer);
    out.push(
      valueAt(have, pointer) === undefined ? { op: "add", path, value } : { op: "replace", path, value },
    );
  }
  return out;
}

/** A create lists what the manifest says, one leaf per line: the server's defaults are not news. */
export function createChanges(kind: KindDescriptor, object: ManifestObject, ctx: PlanContext): Change[] {
  const { id: _id, ...stated } = object.body;
  const changes = leaves(stated, "").map((leaf) => ({ op: "add", ...leaf }) as Operation);
  return markStated(object.body, maskChanges(sensitivePatterns(kind, object, ctx), changes));
}

function leaves(value: unknown, path: string): { path: string; value: unknown }[] {
  if (value === undefined) return [];
  if (!value || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) {
    return [{ path, value }];
  }
  return Object.entries(value).flatMap(([key, v]) => leaves(v, `${path}${toPointer([key])}`));
}
