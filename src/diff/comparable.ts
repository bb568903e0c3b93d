import { emptyValues, fieldsFor } from "../kinds/schema-fields.js";
import type { Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import { removeValueAt, setValueAt, valueAt } from "../util/paths.js";

export { SECRET_MASK } from "../util/secret-mask.js";

/** The canonical form of a desired body: what Kibana will hold once the object is created or updated. */
export function comparableDesired(kind: KindDescriptor, body: Body, ctx: PlanContext): Body {
  const shaped = secretsInOnePlace(kind, kind.comparableDesired ? kind.comparableDesired(body, ctx) : body);
  return canonical(kind, shaped, kind.partial ? Object.keys(body) : undefined);
}

/** The canonical form of a live object, restricted to what the manifest can express. */
export function comparableLive(
  kind: KindDescriptor,
  live: LiveObject,
  ctx: PlanContext,
  desired?: Body,
): Body {
  const shaped = secretsInOnePlace(
    kind,
    kind.comparableLive ? kind.comparableLive(live, ctx, desired) : live.raw,
  );
  // Only what a manifest can say is compared: server-computed fields (revision, status, agents…) are not.
  const writable = fieldsFor(kind.name, desired ?? shaped);
  if (kind.partial && desired)
    return canonical(
      kind,
      shaped,
      Object.keys(desired).filter((k) => writable.has(k)),
    );
  // A field the manifest leaves out is compared only where "not set" has a known value to go back to;
  // otherwise Kibana's merging update could never reset it, and the plan would never be clean.
  const resettable = defaultsFor(kind, desired ?? shaped);
  const keys = Object.keys(shaped).filter(
    (key) =>
      writable.has(key) &&
      (!desired || key in desired || (key in resettable && !WRITE_ONLY_CONTAINERS.has(key))),
  );
  return canonical(kind, shaped, keys);
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
 * objects like absent, so that "left out" and "server default" compare equal.
 */
function canonical(kind: KindDescriptor, body: Body, onlyKeys?: string[]): Body {
  const out: Body = {};
  const defaults = defaultsFor(kind, body);
  // A partial kind manages only the named fields; the others compare every field, defaults included.
  const named = onlyKeys ?? Object.keys(body);
  const keys = kind.partial ? named : [...new Set([...Object.keys(defaults), ...named])];
  const ignored = new Set(["id", ...(kind.ignoredFields ?? [])]);
  if (kind.identity === "owner") ignored.add("owner");
  for (const key of keys) {
    if (ignored.has(key)) continue;
    let value = body[key] ?? defaults[key];
    const normalize = kind.normalizers?.[key];
    if (normalize) value = normalize(value);
    value = dropNulls(value);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Write-only containers: what Kibana holds there cannot be read back, so it is never reset blindly. */
const WRITE_ONLY_CONTAINERS = new Set(["secrets"]);

/** What "not set" is for each field: the kind's own defaults over the schema's empty values. */
export function defaultsFor(kind: KindDescriptor, body: Body): Body {
  const own = typeof kind.defaults === "function" ? kind.defaults(body) : (kind.defaults ?? {});
  return { ...emptyValues(kind.name, body), ...own };
}

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
    out[key] = notSet[key];
  }
  return out;
}

function dropNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => dropNulls(v) ?? null);
  if (typeof value === "object") {
    const out: Body = {};
    for (const [k, v] of Object.entries(value)) {
      const d = dropNulls(v);
      if (d !== undefined) out[k] = d;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
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
 * value at a referenced path takes the live reference (unless secrets are being rotated).
 */
export function alignSecretReferences(desired: Body, live: Body, underSecrets = false): void {
  for (const [key, liveValue] of Object.entries(live)) {
    if (!(key in desired)) continue;
    const inSecrets = underSecrets || key === "secrets";
    if (isSecretReference(liveValue, inSecrets)) {
      desired[key] = liveValue;
    } else if (liveValue && typeof liveValue === "object" && !Array.isArray(liveValue)) {
      const d = desired[key];
      if (d && typeof d === "object" && !Array.isArray(d)) alignSecretReferences(d, liveValue, inSecrets);
    }
  }
}
