import type { Operation } from "fast-json-patch";
import type { Body, KindDescriptor, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { pointerKeys, valueAt } from "../util/paths.js";
import { SECRET_MASK } from "./comparable.js";
import type { Change } from "./types.js";

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
    (kind.plainSecrets ?? [])
      .filter(({ plain }) => plain.every((key, i) => path[i] === key))
      .map(({ plain, secret }) => [...secret, ...path.slice(plain.length)]),
  );
  return [
    ...(kind.secretPaths ?? []),
    ...(kind.secretPathsOf?.(object.body, ctx) ?? []),
    ...interpolated,
    ...moved,
  ];
}

/**
 * Replaces values at sensitive paths with a mask (values may be whole subtrees, lists included),
 * before any renderer sees them, and records each changed field's live value as `before`, masked alike.
 */
export function maskChanges(patterns: string[][], ops: Operation[], live: Body = {}): Change[] {
  return ops.map((op) => {
    const path = pointerKeys(op.path);
    const old = op.op === "replace" || op.op === "remove" ? valueAt(live, path) : undefined;
    const masked: Change = "value" in op ? { ...op, value: maskValue(op.value, path, patterns) } : { ...op };
    if (old !== undefined) masked.before = maskValue(old, path, patterns);
    return masked;
  });
}

function maskValue(value: unknown, path: string[], patterns: string[][]): unknown {
  if (patterns.some((p) => matches(p, path))) return SECRET_MASK;
  if (Array.isArray(value)) return value.map((v, i) => maskValue(v, [...path, String(i)], patterns));
  if (value && typeof value === "object") {
    const out: Body = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, [...path, k], patterns);
    return out;
  }
  return value;
}

function matches(pattern: string[], path: string[]): boolean {
  return pattern.length <= path.length && pattern.every((p, i) => p === "*" || p === path[i]);
}

/**
 * A write-only value is compared in its `secrets` form (`secrets.password`), but a manifest that
 * writes the plain field (`password`) reads its plan under that name.
 */
export function manifestPaths(kind: KindDescriptor, body: Body, ops: Operation[]): Operation[] {
  const renames = (kind.plainSecrets ?? []).filter(
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
