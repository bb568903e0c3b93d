import type { Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { removeValueAt, setValueAt, valueAt } from "../util/paths.js";

/** fleetform's own field, on every kind: paths (`.`-separated, `*` for any key) the diff leaves alone. */
export const IGNORE_CHANGES = "ignore_changes";

/**
 * The manifest object as the diff sees it: fleetform's own fields dropped (they are never sent to
 * Kibana), and, once the object exists, every path `ignore_changes` names set to the live value (or
 * dropped where Kibana has none). Like Terraform's `lifecycle.ignore_changes`: a create still sends
 * the manifest's values; after that, those fields are neither shown as changes nor sent with their
 * manifest value, so an update keeps what Kibana has, even where the update must carry the field.
 */
export function withIgnoredChanges(
  kind: KindDescriptor,
  object: ManifestObject,
  live: LiveObject | undefined,
  ctx: PlanContext,
): ManifestObject {
  const own = [IGNORE_CHANGES, ...(kind.ownFields ?? [])];
  if (!own.some((field) => field in object.body)) return object;
  const patterns = ignoredPatterns(object.body[IGNORE_CHANGES]);
  const body = structuredClone(
    Object.fromEntries(Object.entries(object.body).filter(([key]) => !own.includes(key))),
  );
  if (live) {
    // The live object in the manifest's own shape (an integration policy's keyed inputs, not Kibana's lists).
    const view = kind.comparableLive ? kind.comparableLive(live, ctx, body) : live.raw;
    for (const pattern of patterns) {
      for (const path of expand(pattern, body, view)) {
        const value = valueAt(view, path);
        if (value === undefined) removeValueAt(body, path);
        else setValueAt(body, path, structuredClone(value));
      }
    }
  }
  return { ...object, body };
}

function ignoredPatterns(value: unknown): string[][] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is string => typeof p === "string" && p !== "").map((p) => p.split("."));
}

/**
 * The concrete paths a pattern names. A last `*` takes every key either object has there; a `*` inside
 * the path takes only the manifest's keys, so that it never creates a container the manifest does not
 * mention (an integration policy input the manifest leaves to the package's defaults).
 */
function expand(pattern: string[], desired: Body, live: Body): string[][] {
  let paths: string[][] = [[]];
  for (const [i, segment] of pattern.entries()) {
    const next: string[][] = [];
    for (const path of paths) {
      if (segment !== "*") {
        next.push([...path, segment]);
        continue;
      }
      const last = i === pattern.length - 1;
      const keys = new Set([...keysAt(desired, path), ...(last ? keysAt(live, path) : [])]);
      for (const key of keys) next.push([...path, key]);
    }
    paths = next;
  }
  return paths;
}

function keysAt(root: Body, path: string[]): string[] {
  const node = valueAt(root, path);
  return node && typeof node === "object" ? Object.keys(node) : [];
}
