import type { KibanaClient } from "../client/kibana-client.js";
import type { Body, KindDescriptor, KindName, LiveObject, PlanContext } from "../kinds/types.js";
import { listAll, readList } from "./list-all.js";

/** Live objects of every kind in scope, by kind then manifest identity. */
export type LiveState = Map<KindName, Map<string, LiveObject>>;

/**
 * Reads every kind in scope with its list endpoint (pages of one kind and all kinds in parallel),
 * then classifies each object (managed, delete-blocked), which may need other kinds' objects.
 */
export async function readLive(client: KibanaClient, kinds: readonly KindDescriptor[]): Promise<LiveState> {
  const raws = await Promise.all(kinds.map((kind) => listAll(client, kind)));
  const live: LiveState = new Map();
  const ctx: PlanContext = { packages: new Map(), live };
  kinds.forEach((kind, i) => {
    const objects = new Map<string, LiveObject>();
    for (const raw of raws[i]!) {
      const object = liveObject(kind, raw);
      objects.set(object.id, object);
    }
    live.set(kind.kind, objects);
  });
  for (const kind of kinds) {
    for (const object of live.get(kind.kind)!.values()) {
      object.protectedReason = kind.protectedReason?.(object.raw, ctx);
      object.deleteBlockedReason = kind.deleteBlockedReason?.(object.raw);
    }
  }
  return live;
}

/**
 * One live object, read back after a write whose answer was lost: `found` when the read shows it;
 * `absent` only when the list was read whole (writes running alongside may keep it from being so);
 * `unknown` otherwise. Not classified (managed, blocked): a read-back only compares contents.
 */
export async function readBackOne(
  client: KibanaClient,
  kind: KindDescriptor,
  id: string,
): Promise<{ state: "found"; object: LiveObject } | { state: "absent" | "unknown" }> {
  const { items, incomplete } = await readList(client, kind);
  const object = items.map((raw) => liveObject(kind, raw)).find((o) => o.id === id);
  if (object) return { state: "found", object };
  return { state: incomplete ? "unknown" : "absent" };
}

function liveObject(kind: KindDescriptor, raw: Body): LiveObject {
  return {
    kind: kind.kind,
    id: kind.liveIdentity ? kind.liveIdentity(raw) : String(raw.id),
    name: typeof raw.name === "string" ? raw.name : undefined,
    raw,
    version: typeof raw.version === "string" ? raw.version : undefined,
    updatedAt: typeof raw.updated_at === "string" ? raw.updated_at : undefined,
    updatedBy: typeof raw.updated_by === "string" ? raw.updated_by : userName(raw.updated_by),
  };
}

function userName(value: unknown): string | undefined {
  if (value && typeof value === "object" && "username" in value) return String((value as Body).username);
  return undefined;
}
