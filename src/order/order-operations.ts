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
  const kindIndex = new Map<KindName, number>(kinds.map((k, i) => [k.name, i]));
  const deps = new Map<string, Set<string>>(operations.map((op) => [op.key, new Set<string>()]));

  for (const op of operations) {
    const kind = kinds.find((k) => k.name === op.kind)!;
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
  linkPackageInstalls(operations, kinds, deps);
  linkDefaultHandovers(operations, kinds, deps);
  linkDeleteFollowUps(operations, kinds, deps);
  for (const op of operations) op.dependsOn = [...deps.get(op.key)!].sort();
  return topologicalSort(operations, deps, (op) => [
    op.action === "delete" ? 1 : 0,
    op.action === "delete" ? -kindIndex.get(op.kind)! : kindIndex.get(op.kind)!,
  ]);
}

/** An object that uses a package waits for the operation that installs that package, if any. */
function linkPackageInstalls(
  operations: PlannedOperation[],
  kinds: readonly KindDescriptor[],
  deps: Map<string, Set<string>>,
): void {
  const kindOf = (op: PlannedOperation) => kinds.find((k) => k.name === op.kind);
  const names = (op: PlannedOperation) =>
    op.desired ? (kindOf(op)?.packagesOf?.(op.desired.body) ?? []).map((p) => p.name) : [];
  const installers = operations.filter((op) => op.action !== "delete" && kindOf(op)?.installsPackages);
  for (const op of operations) {
    if (op.action === "delete" || kindOf(op)?.installsPackages) continue;
    for (const name of names(op)) {
      for (const installer of installers)
        if (names(installer).includes(name)) deps.get(op.key)!.add(installer.key);
    }
  }
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
    for (const flag of kind.defaultFlags?.fields ?? []) {
      const ofKind = operations.filter((op) => op.kind === kind.name);
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

/**
 * A delete whose follow-up calls write another object (a forced integration delete bumps its locked
 * agent policy's revision with the values Kibana has) runs before that object's own update, so the
 * follow-up never undoes what the update writes.
 */
function linkDeleteFollowUps(
  operations: PlannedOperation[],
  kinds: readonly KindDescriptor[],
  deps: Map<string, Set<string>>,
): void {
  const writers = operations.filter((op) => op.afterDelete?.length);
  if (writers.length === 0) return;
  for (const op of operations) {
    if (op.action !== "update") continue;
    const path = kinds.find((k) => k.name === op.kind)?.get?.(op.id).path;
    for (const writer of writers)
      if (writer.space === op.space && writer.afterDelete!.some((call) => call.path === path))
        deps.get(op.key)!.add(writer.key);
  }
}

/**
 * Kahn's algorithm with the ready operations in a heap ordered by `rank` then id: O(n log n), so
 * plans of thousands of objects order instantly.
 */
function topologicalSort(
  operations: PlannedOperation[],
  deps: Map<string, Set<string>>,
  rank: (op: PlannedOperation) => number[],
): PlannedOperation[] {
  const ranks = new Map(operations.map((op) => [op.key, rank(op)]));
  const before = (a: PlannedOperation, b: PlannedOperation) => {
    const ra = ranks.get(a.key)!;
    const rb = ranks.get(b.key)!;
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! < rb[i]!;
    return a.id.localeCompare(b.id) < 0;
  };
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const [key, set] of deps) {
    waiting.set(key, set.size);
    for (const parent of set) dependents.set(parent, [...(dependents.get(parent) ?? []), key]);
  }
  const byKey = new Map(operations.map((op) => [op.key, op]));
  const ready = new Heap<PlannedOperation>(before);
  for (const op of operations) if (waiting.get(op.key) === 0) ready.push(op);
  const ordered: PlannedOperation[] = [];
  const done = new Set<string>();
  while (ordered.length < operations.length) {
    // A cycle cannot come from valid references; break it deterministically rather than hang.
    const next =
      ready.pop() ??
      operations.filter((op) => !done.has(op.key)).reduce((best, op) => (before(op, best) ? op : best));
    if (done.has(next.key)) continue;
    done.add(next.key);
    ordered.push(next);
    for (const child of dependents.get(next.key) ?? []) {
      const left = waiting.get(child)! - 1;
      waiting.set(child, left);
      if (left === 0 && !done.has(child)) ready.push(byKey.get(child)!);
    }
  }
  return ordered;
}

/** A binary min-heap under `before`. */
class Heap<T> {
  private items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.before(items[l]!, items[m]!)) m = l;
        if (r < items.length && this.before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}
