import { cascadesOf, KINDS } from "../kinds/index.js";
import type { Body, KindDescriptor, KindName } from "../kinds/types.js";
import type { LiveState } from "../read/read-live.js";
import { referencedIds } from "./references.js";
import type { ObjectRef, PlannedOperation } from "./types.js";

/** An object that will still exist after the plan and names a deleted one in a reference field. */
interface Referrer {
  key: string;
  kind: KindName;
  id: string;
  fields: string[];
  /** The ids its cascade field (if any) will name after the plan. */
  cascadeIds: string[];
  inManifests: boolean;
}

/**
 * Deletes the plan must not make because an object it keeps still references the deleted one.
 *
 * Kibana clears such references on delete (a proxy's users get `proxy_id: null`, an output's agent
 * and integration policies go back to the default output, …) or deletes the referrer with it (an
 * agent policy takes the integration policies attached to it alone): either way the kept object
 * changes behind the plan's back, and the next plan fails or silently differs. So a delete is blocked
 * while any object that stays references it, as the plan leaves that object: its planned create or
 * update is judged by the manifest, every other live object (in scope or not, managed or not) by what
 * Kibana has. A blocked delete keeps its object, so what that object references is kept too.
 *
 * `kinds` are the descriptors of every kind the live state may hold (default: all).
 */
export function blockReferencedDeletes(
  operations: PlannedOperation[],
  live: LiveState,
  manifestKeys: Set<string>,
  kinds: readonly KindDescriptor[] = KINDS,
): Map<string, ObjectRef> {
  const kindOf = new Map(kinds.map((k) => [k.name, k]));
  const deletes = operations.filter((op) => op.action === "delete");
  if (deletes.length === 0) return new Map(); // nothing to block: the referrers need not be indexed
  const deleting = new Set(deletes.map((op) => op.key));
  const referrers = referrersByTarget(operations, live, manifestKeys, kindOf);
  const blocked = new Map<string, ObjectRef>();
  // A blocked delete keeps its object, whose own references then block further deletes: repeat until stable.
  for (let changed = true; changed; ) {
    changed = false;
    for (const op of deletes) {
      if (blocked.has(op.key)) continue;
      const kept = (referrers.get(op.key) ?? []).filter((r) => !deleting.has(r.key));
      if (kept.length === 0) continue;
      const kind = kindOf.get(op.kind)!;
      blocked.set(op.key, {
        kind: op.kind,
        id: op.id,
        name: op.name,
        reason: reason(kind, kept, deleting, kindOf),
      });
      deleting.delete(op.key);
      changed = true;
    }
  }
  return blocked;
}

/** Every reference of every object that exists after the plan, indexed by the `kind/id` it names. */
function referrersByTarget(
  operations: PlannedOperation[],
  live: LiveState,
  manifestKeys: Set<string>,
  kindOf: Map<KindName, KindDescriptor>,
): Map<string, Referrer[]> {
  const after = new Map<string, { kind: KindName; id: string; body: Body }>();
  for (const [kind, objects] of live) {
    for (const object of objects.values())
      after.set(`${kind}/${object.id}`, { kind, id: object.id, body: object.raw });
  }
  for (const op of operations) {
    if (op.action !== "delete" && op.desired)
      after.set(op.key, { kind: op.kind, id: op.id, body: op.desired.body });
  }
  const index = new Map<string, Referrer[]>();
  for (const [key, { kind, id, body }] of after) {
    const descriptor = kindOf.get(kind);
    const byTarget = new Map<string, Referrer>();
    for (const ref of descriptor?.references ?? []) {
      for (const target of referencedIds(body, ref.field)) {
        const targetKey = `${ref.kind}/${target}`;
        let referrer = byTarget.get(targetKey);
        if (!referrer) {
          const parent = kindOf.get(ref.kind);
          const cascade = parent && cascadesOf(parent).find((c) => c.kind === kind);
          referrer = {
            key,
            kind,
            id,
            fields: [],
            cascadeIds: cascade ? referencedIds(body, cascade.field) : [],
            inManifests: manifestKeys.has(key),
          };
          byTarget.set(targetKey, referrer);
        }
        if (!referrer.fields.includes(ref.field)) referrer.fields.push(ref.field);
      }
    }
    for (const [targetKey, referrer] of byTarget) {
      const list = index.get(targetKey) ?? [];
      list.push(referrer);
      index.set(targetKey, list);
    }
  }
  return index;
}

function reason(
  kind: KindDescriptor,
  kept: Referrer[],
  deleting: Set<string>,
  kindOf: Map<KindName, KindDescriptor>,
): string {
  // Kibana deletes a referrer along with this object when every id of its cascade field goes.
  const taken = kept.filter(
    (r) => r.cascadeIds.length > 0 && r.cascadeIds.every((id) => deleting.has(`${kind.name}/${id}`)),
  );
  const still = kept.filter((r) => !taken.includes(r));
  const parts: string[] = [];
  if (taken.length > 0) {
    const cascadeKind = taken[0]!.kind;
    parts.push(
      `Kibana would also delete ${cascadeKind} ${taken.map((r) => `"${r.id}"`).join(", ")}, which this plan keeps; ` +
        `prune ${cascadeKind} too, or attach them elsewhere first`,
    );
  }
  if (still.length > 0) {
    const named = still.map(
      (r) =>
        `${kindOf.get(r.kind)?.noun ?? r.kind} "${r.id}" (${r.fields.join(", ")}${r.inManifests ? "" : "; not in the manifests"})`,
    );
    const only = still.length === 1 ? still[0]! : undefined;
    const noun = only ? (kindOf.get(only.kind)?.noun ?? only.kind) : "";
    const fix = only
      ? only.inManifests
        ? `remove the reference in the manifest or prune that ${noun} too`
        : `remove the reference in Kibana or prune that ${noun} too`
      : "remove the references or prune those objects too";
    parts.push(`still referenced by ${named.join(", ")}; ${fix}`);
  }
  return parts.join("; ");
}
