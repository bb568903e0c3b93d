import { isDeepStrictEqual } from "node:util";
import { spacedId } from "../kinds/shapes.js";
import type { Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { diffObject } from "./changes.js";
import { comparableLive } from "./comparable.js";
import { sensitivePatterns } from "./mask.js";
import { adoptingRequest, plannedRequest } from "./request.js";
import type { Action, Change, Divergence, PlannedOperation, Verdicts } from "./types.js";

/** One operation of the plan: its changes, the request apply sends, and how apply checks the object. */
export function plannedOperation(
  action: Action,
  kind: KindDescriptor,
  desired: ManifestObject | undefined,
  live: LiveObject | undefined,
  changes: Change[],
  ctx: PlanContext,
): PlannedOperation {
  const id = desired?.id ?? live!.id;
  // Where the manifest puts it (a live object is reached where it was read).
  const space = desired ? desired.space : live!.space;
  const name = (desired?.body.name as string | undefined) ?? live?.name;
  const sensitive = desired ? sensitivePatterns(kind, desired, ctx) : [];
  const adopt = action === "create" ? adoptingRequest(kind, desired!, ctx, sensitive) : undefined;
  return {
    key: `${kind.name}/${spacedId(kind.name, id, space)}`,
    action,
    kind: kind.name,
    id,
    ...(space !== undefined ? { space } : {}),
    name,
    changes,
    request: plannedRequest(kind, action, desired, live, changes, ctx, sensitive),
    ...(kind.get ? { read: kind.get(id) } : {}),
    ...(adopt ? { adopt } : {}),
    ...(action === "create" && kind.afterCreate ? { afterCreate: followUp(kind, desired!, ctx) } : {}),
    ...(action === "delete" ? afterDelete(kind, live!, ctx) : {}),
    verdicts: verdicts(kind, desired, live, ctx),
    desired,
    live,
    dependsOn: [],
  };
}

/**
 * The calls that complete a delete, with the lines the plan shows about them. They are never shown nor
 * saved (a saved plan is planned again at apply), so values from the manifests need no references.
 */
function afterDelete(kind: KindDescriptor, live: LiveObject, ctx: PlanContext) {
  const deletion = "call" in kind.deletion ? kind.deletion : undefined;
  const calls = deletion?.after?.(live, ctx) ?? [];
  const notes = deletion?.notes?.(live, ctx) ?? [];
  return {
    ...(calls.length > 0 ? { afterDelete: calls.map((call) => ({ ...call, secrets: [] })) } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** The update that follows a create, built from the created object; it holds no secret to reference. */
function followUp(kind: KindDescriptor, desired: ManifestObject, ctx: PlanContext) {
  return (created: Body) => {
    const call = kind.afterCreate!(
      { kind: kind.name, id: desired.id, raw: created, version: created.version },
      desired.body,
      ctx,
    );
    return call ? { ...call, secrets: [] } : undefined;
  };
}

function verdicts(
  kind: KindDescriptor,
  desired: ManifestObject | undefined,
  live: LiveObject | undefined,
  ctx: PlanContext,
): Verdicts {
  const asLive = (raw: Body): LiveObject => ({ kind: kind.name, id: desired?.id ?? live!.id, raw });
  // What the plan may write, as the plan read it. Default flags are left out: Kibana moves them
  // between objects when another one takes them, which this very apply may do first.
  const snapshot = (object: LiveObject) => {
    const compared = comparableLive(kind, object, ctx, desired?.body);
    for (const flag of kind.defaultFlags?.fields ?? []) delete compared[flag];
    return compared;
  };
  // A versioned update needs no fresh read: Kibana itself refuses it after a concurrent change.
  const planned = live && !kind.versionedUpdate ? snapshot(live) : undefined;
  return {
    ...(planned
      ? { unchangedSincePlan: (raw: Body) => isDeepStrictEqual(snapshot(asLive(raw)), planned) }
      : {}),
    ...(desired
      ? {
          matchesManifest: (raw: Body) => diffObject(kind, desired, asLive(raw), ctx).length === 0,
          divergence: (raw: Body) => diffObject(kind, desired, asLive(raw), ctx).map(divergenceOf),
        }
      : {}),
  };
}

/** A change from what Kibana kept to what the manifest says, read the other way round. */
function divergenceOf(change: Change): Divergence {
  return {
    path: change.path,
    ...(change.before !== undefined ? { kept: change.before } : {}),
    ...(change.op !== "remove" ? { wrote: change.after } : {}),
    sensitive: change.sensitive,
    stated: change.stated,
  };
}
