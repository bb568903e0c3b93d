import type { KibanaClient } from "../client/kibana-client.js";
import type { Body, KindDescriptor, KindName, LiveObject, PlanContext } from "../kinds/types.js";

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
      if (kind.list.keep && !kind.list.keep(raw)) continue;
      const id = kind.liveIdentity ? kind.liveIdentity(raw) : String(raw.id);
      objects.set(id, {
        kind: kind.kind,
        id,
        name: typeof raw.name === "string" ? raw.name : undefined,
        raw,
        version: typeof raw.version === "string" ? raw.version : undefined,
        updatedAt: typeof raw.updated_at === "string" ? raw.updated_at : undefined,
        updatedBy: typeof raw.updated_by === "string" ? raw.updated_by : userName(raw.updated_by),
      });
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

async function listAll(client: KibanaClient, kind: KindDescriptor): Promise<Body[]> {
  const { list } = kind;
  const first = await client.request(list.method ?? "GET", list.path, {
    query: { ...list.query, ...(list.perPage ? { page: 1, perPage: list.perPage } : {}) },
    allowErrors: list.notFoundIsEmpty,
  });
  if (first.status === 404 && list.notFoundIsEmpty) return [];
  if (list.shape === "item") return first.body?.item ? [first.body.item] : [];
  if (list.shape === "array") return Array.isArray(first.body) ? first.body : [];
  const items: Body[] = [...(first.body?.items ?? [])];
  if (!list.perPage) return items;
  const pages = Math.ceil((first.body?.total ?? 0) / list.perPage);
  const rest = await Promise.all(
    Array.from({ length: Math.max(0, pages - 1) }, (_, i) =>
      client.request("GET", list.path, { query: { ...list.query, page: i + 2, perPage: list.perPage } }),
    ),
  );
  for (const page of rest) items.push(...(page.body?.items ?? []));
  return items;
}

function userName(value: unknown): string | undefined {
  if (value && typeof value === "object" && "username" in value) return String((value as Body).username);
  return undefined;
}
