import { isDeepStrictEqual } from "node:util";
import type { Body, KindDescriptor, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { pointerKeys, valueAt } from "../util/paths.js";
import { SECRET_MASK } from "../util/secret-mask.js";
import type { Change } from "./types.js";
import type { DiffOperation } from "./value-diff.js";

/**
 * Paths whose values a plan never shows, on either side of a change: the kind's write-only fields,
 * the package's secret vars, and every value the manifest interpolated. Masking by provenance means
 * the live value at an interpolated path is masked too, so a rotated token never shows its old value.
 * `*` matches any key.
 */
export function sensitivePatterns(
  kind: KindDescriptor,
  object: ManifestObject,
  ctx: PlanContext,
): string[][] {
  const interpolated = object.interpolated ?? [];
  // An interpolated plain secret (`ssl.key`) is compared in its `secrets` form: mask that path too.
  const moved = interpolated.flatMap((path) =>
    (kind.secrets?.plain ?? [])
      .filter(({ plain }) => plain.every((key, i) => path[i] === key))
      .map(({ plain, secret }) => [...secret, ...path.slice(plain.length)]),
  );
  return [
    ...(kind.secrets?.paths ?? []),
    ...(kind.secrets?.of?.(object.body, ctx) ?? []),
    ...interpolated,
    ...moved,
  ];
}

/**
 * Builds the change model from RFC 6902 operations: values at sensitive paths become a mask (values
 * may be whole subtrees, lists included) before any renderer sees them, and each changed field gets
 * the live value it replaces (`old`) as `before`, masked alike. `stated` is settled later, in the
 * manifest's naming.
 */
export function maskChanges(patterns: string[][], ops: DiffOperation[]): Change[] {
  return ops.map((op) => {
    const path = pointerKeys(op.path);
    // A removed list element is at its old index, which the manifest's paths (new indices) do not
    // name: it is masked wherever the manifest makes that field secret in any element of the list
    // (a Kafka header renamed must not show the token the old one held).
    const here = op.op === "remove" ? patterns.map(anyIndex) : patterns;
    let sensitive = false;
    const masked = (value: unknown) => {
      const out = maskValue(value, path, here);
      if (!isDeepStrictEqual(out, value)) sensitive = true;
      return out;
    };
    const change: Change = {
      op: op.op,
      path: op.path,
      ...(op.old !== undefined ? { before: masked(op.old) } : {}),
      ...("value" in op ? { after: masked(op.value) } : {}),
      sensitive: false,
      stated: false,
    };
    change.sensitive = sensitive || here.some((p) => matchesPattern(p, path));
    return change;
  });
}

const anyIndex = (pattern: string[]) => pattern.map((key) => (/^(0|[1-9]\d*)$/.test(key) ? "*" : key));

/** Marks the changes whose value the manifest states (the others go to the field's "not set" value). */
export function markStated(body: Body, changes: Change[]): Change[] {
  return changes.map((c) => ({
    ...c,
    stated: c.op !== "remove" && valueAt(body, pointerKeys(c.path)) !== undefined,
  }));
}

function maskValue(value: unknown, path: string[], patterns: string[][]): unknown {
  if (patterns.some((p) => matchesPattern(p, path))) return SECRET_MASK;
  if (Array.isArray(value)) return value.map((v, i) => maskValue(v, [...path, String(i)], patterns));
  if (value && typeof value === "object") {
    const out: Body = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, [...path, k], patterns);
    return out;
  }
  return value;
}

/** A pattern (`*` matches any key) matches a path it is a prefix of: a secret's whole subtree is secret. */
export function matchesPattern(pattern: string[], path: string[]): boolean {
  return pattern.length <= path.length && pattern.every((p, i) => p === "*" || p === path[i]);
}

/**
 * A write-only value is compared in its `secrets` form (`secrets.password`), but a manifest that
 * writes the plain field (`password`) reads its plan under that name.
 */
export function manifestPaths<T extends { path: string }>(kind: KindDescriptor, body: Body, ops: T[]): T[] {
  const renames = (kind.secrets?.plain ?? []).filter(
    ({ plain, secret }) => valueAt(body, plain) !== undefined && valueAt(body, secret) === undefined,
  );
  if (renames.length === 0) return ops;
  return ops.map((op) => {
    const keys = pointerKeys(op.path);
    const rename = renames.find(({ secret }) => secret.every((key, i) => keys[i] === key));
    if (!rename) return op;
    const path = [...rename.plain, ...keys.slice(rename.secret.length)];
    return { ...op, path: `/${path.map((k) => k.replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}` };
  });
}
