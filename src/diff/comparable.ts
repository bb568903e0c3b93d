import { emptyValues, fieldsFor, variantOf } from "../kinds/schema-fields.js";
import type { Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import { deepFreeze } from "../util/deep-freeze.js";
import { removeValueAt, setValueAt, valueAt } from "../util/paths.js";
import { equalsWithoutNulls, withoutNulls } from "../util/without-nulls.js";

export { SECRET_MASK } from "../util/secret-mask.js";

/** The canonical form of a desired body: what Kibana will hold once the object is created or updated. */
export function comparableDesired(kind: KindDescriptor, body: Body, ctx: PlanContext): Body {
  const shaped = secretsInOnePlace(kind, kind.comparableDesired ? kind.comparableDesired(body, ctx) : body);
  return canonical(kind, shaped, kind.partial ? Object.keys(body) : undefined);
}

/**
 * The canonical form of a live object, restricted to what the manifest can express. Given `like`
 * (the desired object's canonical form), each part equal to its counterpart there is that very
 * part: the diff finds it unchanged at a glance, and an unchanged object is walked, never copied.
 */
export function comparableLive(
  kind: KindDescriptor,
  live: LiveObject,
  ctx: PlanContext,
  desired?: Body,
  like?: Body,
): Body {
  const shaped = secretsInOnePlace(
    kind,
    kind.comparableLive ? kind.comparableLive(live, ctx, desired, like) : live.raw,
  );
  // Only what a manifest can say is compared: server-computed fields (revision, status, agents…) are not.
  const writable = fieldsFor(kind.name, desired ?? shaped);
  if (kind.partial && desired)
    return canonical(
      kind,
      shaped,
      Object.keys(desired).filter((k) => writable.has(k)),
      like,
    );
  // A field the manifest leaves out is compared only where "not set" has a known value to go back to;
  // otherwise Kibana's merging update could never reset it, and the plan would never be clean.
  const resettable = defaultsFor(kind, desired ?? shaped);
  const keys = Object.keys(shaped).filter(
    (key) =>
      writable.has(key) &&
      (!desired || key in desired || (key in resettable && !WRITE_ONLY_CONTAINERS.has(key))),
  );
  return canonical(kind, shaped, keys, like);
}

/**
 * A write-only value may sit in its plain field (`ssl.key`: Kibana without secret storage returns it
 * there, decrypted) or under `secrets` (`secrets.ssl.key`): compare both sides in the `secrets` form.
 */
export function secretsInOnePlace(kind: KindDescriptor, body: Body): Body {
  if (!kind.secrets?.plain?.length) return body;
  let out = body;
  for (const { plain, secret } of kind.secrets.plain) {
    const value = valueAt(out, plain);
    if (value === undefined || value === null) continue;
    out = structuredClone(out);
    removeValueAt(out, plain);
    if (valueAt(out, secret) === undefined) setValueAt(out, secret, value);
  }
  return out;
}

/**
 * Fills defaults, applies normalizers, drops identity and ignored fields, and treats null and empty
 * objects like absent, so that "left out" and "server default" compare equal. A field equal to its
 * counterpart in `like` (a canonical form) is that counterpart.
 */
function canonical(kind: KindDescriptor, body: Body, onlyKeys?: string[], like?: Body): Body {
  const out: Body = {};
  const defaults = defaultsFor(kind, body);
  const ignored = ignoredFieldsOf(kind);
  const add = (key: string) => {
    if (ignored.has(key)) return;
    let value = body[key] ?? defaults[key];
    const normalize = kind.normalizers?.[key];
    if (normalize) value = normalize(value);
    const counterpart = like && Object.hasOwn(like, key) ? like[key] : undefined;
    value = like && equalsWithoutNulls(value, counterpart) ? counterpart : withoutNulls(value);
    if (value !== undefined) out[key] = value;
  };
  // A partial kind manages only the named fields; the others compare every field, defaults first.
  const named = onlyKeys ?? Object.keys(body);
  if (!kind.partial) for (const key of Object.keys(defaults)) add(key);
  for (const key of named) if (kind.partial || !Object.hasOwn(defaults, key)) add(key);
  return out;
}

/** The fields a kind never compares: identity and the kind's ignored fields (one set per kind). */
function ignoredFieldsOf(kind: KindDescriptor): ReadonlySet<string> {
  let ignored = ignoredFields.get(kind);
  if (!ignored) {
    ignored = new Set(["id", ...(kind.ignoredFields ?? []), ...(kind.identity === "owner" ? ["owner"] : [])]);
    ignoredFields.set(kind, ignored);
  }
  return ignored;
}

const ignoredFields = new WeakMap<KindDescriptor, ReadonlySet<string>>();

/** Write-only containers: what Kibana holds there cannot be read back, so it is never reset blindly. */
const WRITE_ONLY_CONTAINERS = new Set(["secrets"]);

/**
 * What "not set" is for each field: the kind's own defaults over the schema's empty values. Shared and
 * frozen where they do not depend on the body (every object of a plan asks): read it, never change it.
 */
export function defaultsFor(kind: KindDescriptor, body: Body): Readonly<Body> {
  if (typeof kind.defaults === "function") return { ...emptyValues(kind.name, body), ...kind.defaults(body) };
  let byVariant = sharedDefaults.get(kind);
  if (!byVariant) {
    byVariant = new Map();
    sharedDefaults.set(kind, byVariant);
  }
  const variant = String(variantOf(kind.name, body) ?? "");
  let defaults = byVariant.get(variant);
  if (!defaults) {
    defaults = deepFreeze({ ...emptyValues(kind.name, body), ...kind.defaults });
    byVariant.set(variant, defaults);
  }
  return defaults;
}

const sharedDefaults = new WeakMap<KindDescriptor, Map<string, Readonly<Body>>>();

/**
 * The "not set" value of each field the manifest leaves out and `fields` names: what an update sends
 * to bring it back to the server default, Kibana's updates merging into the stored object.
 */
export function notSetValues(kind: KindDescriptor, body: Body, fields: Iterable<string>): Body {
  if (kind.partial) return {}; // only the fields the manifest names are managed
  // A secret's plain field (kafka `password`) is never sent beside its `secrets` form: Kibana refuses both.
  const plainSecrets = (kind.secrets?.plain ?? [])
    .filter((p) => p.plain.length === 1)
    .map((p) => p.plain[0]!);
  const ignored = new Set(["id", ...(kind.ignoredFields ?? []), ...WRITE_ONLY_CONTAINERS, ...plainSecrets]);
  const notSet = defaultsFor(kind, body);
  const out: Body = {};
  for (const key of fields) {
    if (key in body || ignored.has(key) || !(key in notSet)) continue;
    out[key] = structuredClone(notSet[key]); // the request's own copy: the defaults are shared
  }
  return out;
}

/** A reference Kibana returns in place of a stored secret: `{id}` under `secrets`, or `{id, isSecretRef}`. */
export function isSecretReference(value: unknown, underSecrets: boolean): boolean {
  if (!value || typeof value !== "object" || Array.isArray(value)) return false;
  const v = value as Body;
  if (typeof v.id !== "string") return false;
  return v.isSecretRef === true || (underSecrets && Object.keys(v).every((k) => k === "id" || k === "hash"));
}

/**
 * Write-only values are not compared while Kibana returns only references to them: the desired
 * value at a referenced path takes the live reference (unless secrets are being rotated). Copy on
 * write: `desired` is left as it is (its parts may be shared), the result is new along the paths changed.
 */
export function alignSecretReferences(desired: Body, live: Body, underSecrets = false): Body {
  let out: Body | undefined;
  for (const [key, liveValue] of Object.entries(live)) {
    if (!(key in desired)) continue;
    // The very same part holds the very same references: nothing to align below it.
    if (liveValue === desired[key]) continue;
    const inSecrets = underSecrets || key === "secrets";
    let aligned: unknown = desired[key];
    if (isSecretReference(liveValue, inSecrets)) {
      aligned = liveValue;
    } else if (liveValue && typeof liveValue === "object" && !Array.isArray(liveValue)) {
      const d = desired[key];
      if (d && typeof d === "object" && !Array.isArray(d))
        aligned = alignSecretReferences(d, liveValue, inSecrets);
    }
    if (aligned !== desired[key]) {
      out ??= { ...desired };
      out[key] = aligned;
    }
  }
  return out ?? desired;
}
