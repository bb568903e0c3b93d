import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import { deleteBlockedReason } from "../kinds/index.js";
import { spacedId } from "../kinds/shapes.js";
import type { Body, KindDescriptor, KindName, LiveObject, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import type { LiveState } from "../read/read-live.js";
import { quoteValue } from "../util/secret-mask.js";
import { blockReferencedDeletes } from "./blocked-deletes.js";
import { createChanges, diffObject } from "./changes.js";
import { withIgnoredChanges } from "./ignore-changes.js";
import { fieldsKibanaKeeps } from "./kept-fields.js";
import { plannedOperation } from "./planned-operation.js";
import { checkReferences } from "./references.js";
import type { Change, ObjectRef, Plan, PlannedOperation } from "./types.js";

export interface PlanOptions {
  /** Plan deletes of live objects the manifests do not mention. */
  prune: boolean;
  /** Kinds whose unmentioned objects may be deleted (default: every kind in scope). */
  pruneKinds?: KindName[];
  /** Send write-only values even when nothing else changed. */
  rotateSecrets?: boolean;
  /** Replace every declared enrollment token with a new one (the old one revoked). */
  rotateTokens?: boolean;
}

/**
 * Compares the desired objects with the live ones, kind by kind, and lists what apply must do.
 * `kinds` is the scope: only their live objects are considered for unmanaged/prune.
 */
export function planChanges(
  desired: ManifestObject[],
  live: LiveState,
  kinds: readonly KindDescriptor[],
  ctx: PlanContext,
  options: PlanOptions,
): Omit<Plan, "packages"> {
  const operations: PlannedOperation[] = [];
  const problems: ObjectDiagnostic[] = [...checkReferences(desired, live, kinds)];
  const blocked: ObjectRef[] = [];
  const unmanaged: ObjectRef[] = [];
  const notDeletable: ObjectRef[] = [];
  const warnings: ObjectDiagnostic[] = [];
  let unchanged = 0;
  /** A request that cannot be planned (it would have to hold a secret) stops the plan for its object. */
  const operation = (
    action: "create" | "update",
    kind: KindDescriptor,
    object: ManifestObject,
    live: LiveObject | undefined,
    changes: Change[],
  ): PlannedOperation | { problem: ObjectDiagnostic } => {
    try {
      return plannedOperation(action, kind, object, live, changes, ctx);
    } catch (err) {
      const message = `${kind.noun} "${object.id}": ${(err as Error).message}`;
      return {
        problem: {
          severity: "error",
          code: CODES.unplannable,
          ...subjectOf(object),
          location: object.location,
          message,
        },
      };
    }
  };

  for (const kind of kinds) {
    const liveObjects = live.get(kind.name) ?? new Map<string, LiveObject>();
    const wanted = desired.filter((d) => d.kind === kind.name);
    const wantedIds = new Set(wanted.map((d) => spacedId(d.kind, d.id, d.space)));
    if (kind.uniqueNames) problems.push(...sharedNames(wanted));
    if (kind.defaultFlags?.mustMove) problems.push(...defaultsLeftWithoutHolder(kind, wanted, liveObjects));

    for (const written of wanted) {
      const object = withIgnoredChanges(kind, written, liveObjects.get(keyOf(written)), ctx);
      const invalid = (kind.problemsOf?.(object.body, ctx) ?? []).map(
        (p): ObjectDiagnostic => ({
          severity: "error",
          code: CODES.objectInvalid,
          ...subjectOf(object),
          location: object.locate(existingPrefix(object.body, p.path), { key: true }),
          message: p.message,
          hint: p.hint,
        }),
      );
      if (invalid.length > 0) {
        // Nothing sensible can be compared for an object its package cannot express.
        problems.push(...invalid);
        continue;
      }
      const current = liveObjects.get(keyOf(object));
      const moved = current && movedProblem(kind, object, current);
      if (moved) {
        problems.push(moved);
        continue;
      }
      if (!current) {
        const clash = kind.uniqueNames ? nameClash(object, liveObjects, wantedIds) : undefined;
        if (clash) problems.push(clash);
        const create = operation("create", kind, object, undefined, createChanges(kind, object, ctx));
        const notes = kind.createNotes?.(object.body, ctx) ?? [];
        if ("problem" in create) problems.push(create.problem);
        else operations.push(notes.length > 0 ? { ...create, notes } : create);
        continue;
      }
      const changes = diffObject(kind, object, current, ctx, options);
      warnings.push(...fieldsKibanaKeeps(kind, object, current));
      if (changes.length === 0) {
        unchanged++;
      } else if (current.protectedReason) {
        problems.push({
          severity: "error",
          code: CODES.protectedObject,
          ...subjectOf(object),
          location: object.location,
          message: `${kind.noun} "${object.id}" is a ${current.protectedReason}: fleetform never changes it`,
          hint: "remove it from the manifest, or make the manifest match the live object",
        });
      } else if (kind.uniqueNames && renameClash(object, current, liveObjects)) {
        problems.push(renameClash(object, current, liveObjects)!);
      } else {
        const update = operation("update", kind, object, current, changes);
        const notes = kind.updateNotes?.(object.body, current, ctx) ?? [];
        if ("problem" in update) problems.push(update.problem);
        else operations.push(notes.length > 0 ? { ...update, notes } : update);
      }
    }

    const pruneThisKind =
      options.prune &&
      (options.pruneKinds ? options.pruneKinds.includes(kind.name) : !kind.pruneOnlyWhenNamed);
    for (const current of liveObjects.values()) {
      if (wantedIds.has(keyOf(current)) || current.protectedReason) continue;
      const ref = { kind: kind.name, id: current.id, name: current.name };
      // Say now what --prune would refuse, so the list does not promise deletes that cannot happen.
      if (!pruneThisKind)
        unmanaged.push(current.deleteBlockedReason ? { ...ref, reason: current.deleteBlockedReason } : ref);
      else if ("impossible" in kind.deletion) notDeletable.push({ ...ref, reason: kind.deletion.impossible });
      else if (current.deleteBlockedReason && !defaultTakenOver(kind, current, wanted, ctx)) {
        blocked.push({ ...ref, reason: current.deleteBlockedReason });
      } else operations.push(plannedOperation("delete", kind, undefined, current, [], ctx));
    }
  }
  const referenced = blockReferencedDeletes(
    operations,
    live,
    new Set(desired.map((d) => `${d.kind}/${d.id}`)),
  );
  return {
    operations: operations.filter((op) => !referenced.has(op.key)),
    unchanged,
    blocked: [...blocked, ...referenced.values()],
    unmanaged,
    notDeletable,
    problems,
    warnings,
  };
}

/** An object's key in the live state of its kind: its identity, and its space where that repeats. */
function keyOf(object: { kind: KindName; id: string; space?: string }): string {
  return spacedId(object.kind, object.id, object.space);
}

/**
 * An object Kibana has in other spaces than the one the manifests put it in: its id is taken across
 * spaces, so it can be neither created there nor changed from there.
 */
function movedProblem(
  kind: KindDescriptor,
  object: ManifestObject,
  current: LiveObject,
): ObjectDiagnostic | undefined {
  if (!current.readIn || current.readIn.includes(object.space)) return undefined;
  const name = (space: string | undefined) => (space ? `space "${space}"` : "the run's space (--space)");
  return {
    severity: "error",
    code: CODES.spaceConflict,
    ...subjectOf(object),
    location: object.location,
    message: `${kind.noun} "${object.id}" is in ${current.readIn.map(name).join(" and ")} in Kibana, not in ${name(object.space)} where the manifests put it, and Kibana keeps its id unique across spaces`,
    hint: "name the space it is in, or move it in Kibana first (an agent policy's space_ids)",
  };
}

/** Kibana keeps names unique within a space: objects in two spaces never clash. */
function sameSpace(a: { space?: string }, b: { space?: string }): boolean {
  return a.space === b.space;
}

/** The longest start of `path` present in `body`: a problem about an absent field points at its parent. */
function existingPrefix(body: Body, path: string[]): string[] {
  let node: unknown = body;
  const prefix: string[] = [];
  for (const key of path) {
    if (!node || typeof node !== "object" || !(key in node)) break;
    node = (node as Body)[key];
    prefix.push(key);
  }
  return prefix;
}

/** A current default can be deleted once the manifests give every one of its default flags to another object. */
function defaultTakenOver(
  kind: KindDescriptor,
  current: LiveObject,
  wanted: ManifestObject[],
  ctx: PlanContext,
): boolean {
  const held = (kind.defaultFlags?.fields ?? []).filter((flag) => current.raw[flag] === true);
  if (held.length === 0) return false;
  // Only default flags block: anything else (enrolled agents) stays blocked.
  if (deleteBlockedReason(kind, { ...current.raw, ...Object.fromEntries(held.map((f) => [f, false])) }, ctx))
    return false;
  return held.every((flag) => wanted.some((w) => w.id !== current.id && w.body[flag] === true));
}

/**
 * Kibana answers 400 when the holder of a default flag is updated without it and nothing takes it
 * over (outputs): a manifest that leaves `is_default` out of the default output would fail at apply.
 */
function defaultsLeftWithoutHolder(
  kind: KindDescriptor,
  wanted: ManifestObject[],
  liveObjects: Map<string, LiveObject>,
): ObjectDiagnostic[] {
  const problems: ObjectDiagnostic[] = [];
  for (const flag of kind.defaultFlags?.fields ?? []) {
    if (wanted.some((w) => w.body[flag] === true)) continue;
    for (const object of wanted) {
      const current = liveObjects.get(object.id);
      if (!current?.raw[flag] || current.protectedReason) continue;
      problems.push({
        severity: "error",
        code: CODES.defaultFlag,
        ...subjectOf(object),
        location: object.locate(flag in object.body ? [flag] : []),
        message: `${kind.noun} "${object.id}" is the current ${flag} ${kind.noun}, and Kibana refuses to take that from it directly`,
        hint: `keep ${flag}: true on it, or set ${flag}: true on the ${kind.noun} that should take over`,
      });
    }
  }
  return problems;
}

/** A rename to a name another live object has: Kibana refuses it, one update at a time. */
function renameClash(
  object: ManifestObject,
  current: LiveObject,
  liveObjects: Map<string, LiveObject>,
): ObjectDiagnostic | undefined {
  const name = typeof object.body.name === "string" ? object.body.name.trim().toLowerCase() : undefined;
  if (!name || name === current.name?.trim().toLowerCase()) return undefined;
  const holder = [...liveObjects.values()].find(
    (other) =>
      other.id !== object.id && sameSpace(other, object) && other.name?.trim().toLowerCase() === name,
  );
  if (!holder) return undefined;
  return {
    severity: "error",
    code: CODES.nameTaken,
    ...subjectOf(object),
    location: object.locate(["name"]),
    message: `cannot rename to ${quoteValue(object, ["name"], object.body.name)}: the live object "${holder.id}" has that name, and Kibana requires unique names`,
    hint: `rename "${holder.id}" first (a separate apply), or choose another name`,
  };
}

/** Two manifest objects of a kind whose names Kibana keeps unique (compared as Kibana does). */
function sharedNames(wanted: ManifestObject[]): ObjectDiagnostic[] {
  const first = new Map<string, ManifestObject>();
  const problems: ObjectDiagnostic[] = [];
  for (const object of wanted) {
    if (typeof object.body.name !== "string") continue;
    const key = `${object.space ?? ""}\u0000${object.body.name.trim().toLowerCase()}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, object);
      continue;
    }
    problems.push({
      severity: "error",
      code: CODES.nameTaken,
      ...subjectOf(object),
      location: object.locate(["name"]),
      message: `name ${quoteValue(object, ["name"], object.body.name)} is also the name of "${earlier.id}" in the manifests, and Kibana requires unique names`,
      hint: "give each object its own name",
    });
  }
  return problems;
}

function nameClash(
  object: ManifestObject,
  liveObjects: Map<string, LiveObject>,
  wantedIds: Set<string>,
): ObjectDiagnostic | undefined {
  const name = typeof object.body.name === "string" ? object.body.name.trim().toLowerCase() : undefined;
  if (!name) return undefined;
  for (const other of liveObjects.values()) {
    if (
      other.name?.trim().toLowerCase() === name &&
      sameSpace(other, object) &&
      !wantedIds.has(keyOf(other))
    ) {
      return {
        severity: "error",
        code: CODES.nameTaken,
        ...subjectOf(object),
        location: object.locate(["name"]),
        message: `name ${quoteValue(object, ["name"], object.body.name)} is already used by the live object "${other.id}", and Kibana requires unique names`,
        hint: `to adopt the existing object, set \`id: ${other.id}\` in the manifest; otherwise choose another name`,
      };
    }
  }
  return undefined;
}
