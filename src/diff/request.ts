import { isDeepStrictEqual } from "node:util";
import type { ApiCall, Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { pointerKeys } from "../util/paths.js";
import { SECRET_MASK } from "../util/secret-mask.js";
import { fillSecrets, type SecretReference, toPointer } from "../util/secret-references.js";
import { notSetValues } from "./comparable.js";
import { matchesPattern } from "./mask.js";
import type { Action, Change, PlannedRequest } from "./types.js";

/**
 * The one place a request is computed: the HTTP call an operation makes, which the plan shows and
 * apply sends as it is. Values the plan must not hold (write-only, interpolated) are masks in it, each
 * with a reference to where in the manifest object it comes from.
 */
export function plannedRequest(
  kind: KindDescriptor,
  action: Action,
  object: ManifestObject | undefined,
  live: LiveObject | undefined,
  changes: Change[],
  ctx: PlanContext,
  sensitive: string[][],
): PlannedRequest {
  if (action === "delete") {
    if (!("call" in kind.deletion)) throw new Error(`${kind.noun}: Kibana has no delete`);
    return { ...kind.deletion.call(live!, ctx), secrets: [] };
  }
  const sources = sensitiveValues(object!.body, sensitive);
  const call =
    action === "create"
      ? createCall(kind, object!, ctx)
      : updateCall(kind, object!, live!, changes, ctx, [...sources.values()]);
  return referenceSecrets(call, object!.body, sources);
}

/**
 * For a create that meets an object someone else made with the same id: the update that sends the
 * manifest's write-only values (which no read can compare), so that a matching object becomes ours.
 * Versioned updates need the version read at plan time, which a create has none of.
 */
export function adoptingRequest(
  kind: KindDescriptor,
  object: ManifestObject,
  ctx: PlanContext,
  sensitive: string[][],
): PlannedRequest | undefined {
  if (kind.versionedUpdate) return undefined;
  const call = kind.update(object.body, { kind: kind.name, id: object.id, raw: {} }, ctx);
  const request = referenceSecrets(call, object.body, sensitiveValues(object.body, sensitive));
  return request.secrets.length > 0 ? request : undefined;
}

function createCall(kind: KindDescriptor, object: ManifestObject, ctx: PlanContext): ApiCall {
  if (!kind.create) throw new Error(`${kind.noun} cannot be created through the API`);
  return kind.create(object.body, ctx);
}

/**
 * An unversioned update sends only the fields the plan changes, plus those Kibana's handler needs
 * with them and those holding write-only values (which the plan cannot compare, and which Kibana
 * deletes when an update leaves them out): a field someone changed in Kibana meanwhile, that the plan
 * does not change, is left as it is. A versioned update may send everything: Kibana refuses it after
 * a concurrent change.
 */
function updateCall(
  kind: KindDescriptor,
  object: ManifestObject,
  live: LiveObject,
  changes: Change[],
  ctx: PlanContext,
  sensitiveSources: string[],
): ApiCall {
  const carried = kind.updateCarries?.(object.body, live) ?? [];
  const held = Object.keys(live.raw).filter((k) => live.raw[k] !== null && live.raw[k] !== undefined);
  const body = { ...notSetValues(kind, object.body, [...held, ...carried]), ...object.body };
  const call = kind.update(body, live, ctx);
  if (kind.versionedUpdate || !isPlainObject(call.body)) return call;
  const sent = new Set([
    ...changes.map((c) => pointerKeys(c.path)[0]!),
    ...carried,
    ...sensitiveSources.map((from) => pointerKeys(from)[0]!),
  ]);
  return { ...call, body: Object.fromEntries(Object.entries(call.body).filter(([k]) => sent.has(k))) };
}

/**
 * Replaces every value of the manifest's sensitive leaves in the call's body with a mask and a
 * reference to its source; refuses (an error, never a leak) a value that survives only inside a
 * longer string, which a reference could not restore.
 */
function referenceSecrets(call: ApiCall, desired: Body, sources: Map<string, string>): PlannedRequest {
  const secrets: SecretReference[] = [];
  const mask = (value: unknown, at: string[]): unknown => {
    if (typeof value === "string") {
      const from = sources.get(value);
      if (from !== undefined) {
        secrets.push({ at: toPointer(at), from });
        return SECRET_MASK;
      }
      for (const secret of sources.keys()) {
        if (secret.length >= 4 && value.includes(secret))
          throw new Error(
            `a sensitive value is part of ${toPointer(at)} in the request, which the plan cannot mask`,
          );
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => mask(v, [...at, String(i)]));
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, [...at, k])]));
    }
    return value;
  };
  const body = call.body === undefined ? undefined : mask(call.body, []);
  const request: PlannedRequest = { ...call, ...(body !== undefined ? { body } : {}), secrets };
  // The plan is the contract: what apply will send, once the references are resolved, is this call.
  if (!isDeepStrictEqual(fillSecrets(request.body, secrets, desired), call.body)) {
    throw new Error("the planned request does not restore to the request (a sensitive value is transformed)");
  }
  return request;
}

/** Each sensitive string of the manifest object, with the JSON Pointer of (its first) source. */
function sensitiveValues(body: Body, patterns: string[][]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string[]): void => {
    if (typeof value === "string") {
      if (value !== "" && patterns.some((p) => matchesPattern(p, path)) && !out.has(value))
        out.set(value, toPointer(path));
    } else if (Array.isArray(value) || isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(body, []);
  return out;
}

function isPlainObject(value: unknown): value is Body {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
