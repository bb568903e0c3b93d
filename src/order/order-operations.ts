import { referencedIds } from "../diff/references.js";
import type { PlannedOperation } from "../diff/types.js";
import type { KindDescriptor, KindName } from "../kinds/types.js";

/**
 * Links each operation to the ones that must run before it, then sorts them in the order apply
 * runs them: creates and updates parents first (an output before the agent policy that uses it),
 * deletes children first (an integration policy before its agent policy). Operations with no path
 * between them keep the design's table order, creates/updates before deletes.
 */
export function orderOperations(
  operations: PlannedOperation[],
  kinds: readonly KindDescriptor[],
): PlannedOperation[] {
  const byKey = new Map(operations.map((op) => [op.key, op]));
  const kindIndex = new Map<KindName, number>(kinds.map((k, i) => [k.kind, i]));
  const deps = new Map<string, Set<string>>(operations.map((op) => [op.key, new Set<string>()]));

  for (const op of operations) {
    const kind = kinds.find((k) => k.kind === op.kind)!;
    for (const ref of kind.references) {
      // A create/update waits for the creates/updates of what it will reference.
      if (op.desired) {
        for (const id of referencedIds(op.desired.body, ref.field)) {
          const parent = byKey.get(`${ref.kind}/${id}`);
          if (parent && parent.action !== "delete") deps.get(op.key)!.add(parent.key);
        }
      }
      // A delete waits for every change to the objects that reference it now.
      if (op.live) {
        for (const id of referencedIds(op.live.raw, ref.field)) {
          const parent = byKey.get(`${ref.kind}/${id}`);
          if (parent?.action === "delete") deps.get(parent.key)!.add(op.key);
        }
      }
    }
  }
  linkDefaultHandovers(operations, kinds, deps);
  for (const op of operations) op.dependsOn = [...deps.get(op.key)!].sort();
  return topologicalSort(operations, deps, (op) => [
    op.action === "delete" ? 1 : 0,
    op.action === "delete" ? -kindIndex.get(op.kind)! : kindIndex.get(op.kind)!,
  ]);
}

/**
 * Kibana keeps one default per flag and refuses to un-set it on the holder: the operation that gives
 * the flag to its new holder runs before the ones that take it from (or delete) the old holder.
 */
function linkDefaultHandovers(
  operations: PlannedOperation[],
  kinds: readonly KindDescriptor[],
  deps: Map<string, Set<string>>,
): void {
  for (const kind of kinds) {
    for (const flag of kind.defaultFlags ?? []) {
      const ofKind = operations.filter((op) => op.kind === kind.kind);
      const takers = ofKind.filter(
        (op) => op.action !== "delete" && op.desired?.body[flag] === true && op.live?.raw[flag] !== true,
      );
      const givers = ofKind.filter(
        (op) => op.live?.raw[flag] === true && (op.action === "delete" || op.desired?.body[flag] !== true),
      );
      for (const giver of givers) for (const taker of takers) deps.get(giver.key)!.add(taker.key);
    }
  }
}

function topologicalSort(
  operations: PlannedOperation[],
  deps: Map<string, Set<string>>,
  rank: (op: PlannedOperation) => number[],
): PlannedOperation[] {
  const compare = (a: PlannedOperation, b: PlannedOperation) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return a.id.localeCompare(b.id);
  };
  const remaining = new Map([...deps].map(([key, set]) => [key, new Set(set)]));
  const byKey = new Map(operations.map((op) => [op.key, op]));
  const ordered: PlannedOperation[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, set]) => set.size === 0).map(([key]) => byKey.get(key)!);
    // A cycle cannot come from valid references; break it deterministically rather than hang.
    const next = (ready.length > 0 ? ready : [...remaining.keys()].map((k) => byKey.get(k)!)).sort(
      compare,
    )[0]!;
    ordered.push(next);
    remaining.delete(next.key);
    for (const set of remaining.values()) set.delete(next.key);
  }
  return ordered;
}
