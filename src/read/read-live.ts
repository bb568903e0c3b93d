import type { KibanaClient } from "../client/kibana-client.js";
import { cascadesOf, deleteBlockedReason } from "../kinds/index.js";
import { isSpaceScoped, spacedId } from "../kinds/shapes.js";
import type { Body, Declared, KindDescriptor, KindName, LiveObject, PlanContext } from "../kinds/types.js";
import { LiveReads } from "./live-reads.js";

/**
 * Live objects of every kind in scope, by kind then manifest identity (with its space where the
 * identity repeats from space to space: see spacedId).
 */
export type LiveState = Map<KindName, Map<string, LiveObject>>;

/**
 * Reads every kind in scope with its list endpoint (pages of one kind and all kinds in parallel),
 * then classifies each object (managed, delete-blocked), which may need other kinds' objects and the
 * manifests' declaration of the object (`declared`: a lock the manifest claims is not protection).
 * Kinds that live in a space are read once in each of `spaces` (undefined: the client's own);
 * global kinds once. `started` holds the reads a command began before (see LiveReads).
 */
export async function readLive(
  client: KibanaClient,
  kinds: readonly KindDescriptor[],
  spaces: readonly (string | undefined)[] = [undefined],
  declared?: Declared,
  started: LiveReads = new LiveReads(client),
): Promise<LiveState> {
  const reads = liveReadsOf(kinds, spaces);
  const raws = await Promise.all(reads.map(({ kind, space }) => started.list(kind, space)));
  const live: LiveState = new Map(kinds.map((kind) => [kind.name, new Map<string, LiveObject>()]));
  const ctx: PlanContext = { packages: new Map(), live };
  reads.forEach(({ kind, space }, i) => {
    const objects = live.get(kind.name)!;
    for (const raw of raws[i]!) {
      if (kind.list.keep && !kind.list.keep(raw)) continue;
      const object = liveObject(kind, raw, space);
      // An agent policy shared by several spaces is one object, reached through the first of them.
      const key = spacedId(kind.name, object.id, space);
      const seen = objects.get(key);
      if (seen) seen.readIn?.push(space);
      else objects.set(key, isSpaceScoped(kind.name) ? { ...object, readIn: [space] } : object);
    }
  });
  for (const kind of kinds) {
    for (const object of live.get(kind.name)!.values()) {
      object.protectedReason = kind.protectedReason?.(
        object.raw,
        ctx,
        declared?.get(kind.name)?.get(object.id),
      );
      object.deleteBlockedReason = deleteBlockedReason(kind, object.raw, ctx);
    }
  }
  protectChildren(kinds, live);
  return live;
}

/** The list reads of `kinds`: those that live in a space once in each of `spaces`, the others once. */
export function liveReadsOf(
  kinds: readonly KindDescriptor[],
  spaces: readonly (string | undefined)[],
): { kind: KindDescriptor; space: string | undefined }[] {
  return kinds.flatMap((kind) =>
    (isSpaceScoped(kind.name) ? spaces : [undefined]).map((space) => ({ kind, space })),
  );
}

/**
 * Children (what a parent's delete cascades to: integration policies of an agent policy) of a
 * managed or preconfigured parent are protected as the parent is. They belong to whoever owns the
 * parent (kibana.yml, the orchestration of a hosted policy): Kibana adds kibana.yml's integrations
 * to a preconfigured policy only when it creates it (fleet server/services/preconfiguration.ts), so
 * a prune that deleted one (the integration of Kibana's preconfigured default policy) would lose it
 * for good.
 */
function protectChildren(kinds: readonly KindDescriptor[], live: LiveState): void {
  for (const parentKind of kinds) {
    for (const cascade of cascadesOf(parentKind)) {
      const parents = live.get(parentKind.name);
      for (const child of live.get(cascade.kind)?.values() ?? []) {
        if (child.protectedReason) continue;
        const ids = ([] as unknown[]).concat(child.raw[cascade.field] ?? []).map(String);
        const parent = ids.map((id) => parents?.get(id)).find((p) => p?.protectedReason);
        if (parent) {
          child.protectedReason = `child of ${parentKind.noun} "${parent.id}", a ${parent.protectedReason}`;
        }
      }
    }
  }
}

function liveObject(kind: KindDescriptor, raw: Body, space: string | undefined): LiveObject {
  return {
    kind: kind.name,
    id: kind.liveIdentity ? kind.liveIdentity(raw) : String(raw.id),
    ...(space !== undefined ? { space } : {}),
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
