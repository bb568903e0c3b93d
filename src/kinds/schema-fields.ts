/**
 * What each kind's JSON Schema (schemas/<kind>.schema.json) says about its fields: which a manifest may
 * set, which are required, and each field's "not set" value. Read once per kind, on first use.
 */
import { readFileSync } from "node:fs";
import { deepFreeze } from "../util/deep-freeze.js";
import { type KindName, shapeOf } from "./shapes.js";

const SCHEMAS_DIR = new URL("../../schemas/", import.meta.url);
const cache = new Map<KindName, { writable: Set<string>; required: Set<string> }>();

function fieldsOf(kind: KindName) {
  let fields = cache.get(kind);
  if (!fields) {
    const schema = schemaOf(kind);
    fields = { writable: new Set<string>(), required: new Set<string>() };
    collect(schema, fields.writable, fields.required, schema);
    cache.set(kind, fields);
  }
  return fields;
}

/** Top-level fields a manifest may set for a kind, read from its JSON Schema (every union branch). */
export function writableFields(kind: KindName): Set<string> {
  return fieldsOf(kind).writable;
}

/** Top-level fields some branch of the kind's schema requires: an export always keeps them. */
export function requiredFields(kind: KindName): Set<string> {
  return fieldsOf(kind).required;
}

function collect(schema: unknown, writable: Set<string>, required: Set<string>, root: any): void {
  if (!schema || typeof schema !== "object") return;
  const s = schema as Record<string, any>;
  // Local references only (`#/$defs/…`): the kind schemas keep their variants there.
  if (typeof s.$ref === "string" && s.$ref.startsWith("#/")) {
    const target = s.$ref
      .slice(2)
      .split("/")
      .reduce((node: any, key: string) => node?.[key], root);
    collect(target, writable, required, root);
  }
  for (const key of Object.keys(s.properties ?? {})) writable.add(key);
  for (const key of s.required ?? []) required.add(key);
  for (const combinator of ["allOf", "anyOf", "oneOf"])
    for (const sub of s[combinator] ?? []) collect(sub, writable, required, root);
  collect(s.then, writable, required, root);
  collect(s.else, writable, required, root);
}

/** The value of the field that selects the body's schema variant (an output's `type`), if its kind has one. */
export function variantOf(kind: KindName, body: Record<string, unknown>): unknown {
  const { variantField } = shapeOf(kind);
  return variantField ? body[variantField] : undefined;
}

/**
 * The top-level properties a body of this kind may have, for this body: the common ones plus, where
 * the schema selects a variant (an output's `type`), the ones of the body's own variant.
 */
function propertiesFor(kind: KindName, body: Record<string, unknown>): Record<string, any> {
  const schema = schemaOf(kind);
  const { variantField } = shapeOf(kind);
  const props: Record<string, any> = { ...(schema.properties ?? {}) };
  for (const part of variantField ? (schema.allOf ?? []) : []) {
    if (part.if?.properties?.[variantField!]?.const !== variantOf(kind, body)) continue;
    const ref = part.then?.$ref;
    const branch =
      typeof ref === "string"
        ? ref
            .slice(2)
            .split("/")
            .reduce((n: any, k: string) => n?.[k], schema)
        : part.then;
    Object.assign(props, branch?.properties ?? {});
  }
  return props;
}

/**
 * The value that means "not set" for each field of this body's kind and variant, when the schema
 * makes it unambiguous: its declared default, else null for a nullable field, [] for a list, {} for
 * an object. Kibana's updates merge into the stored object, so leaving a field out changes nothing:
 * sending this value is how a field the manifest dropped goes back to "not set".
 */
export function emptyValues(
  kind: KindName,
  body: Record<string, unknown>,
): Readonly<Record<string, unknown>> {
  // Computed once per kind and variant and shared (frozen): this runs for every object of every plan.
  return perVariant(emptyCache, kind, body, () => deepFreeze(collectEmptyValues(kind, body)));
}

const emptyCache = new Map<string, Readonly<Record<string, unknown>>>();
const fieldsCache = new Map<string, ReadonlySet<string>>();

/** The value for a kind and the variant (an output's `type`) of a body, computed once. */
function perVariant<T>(
  cache: Map<string, T>,
  kind: KindName,
  body: Record<string, unknown>,
  compute: () => T,
): T {
  const key = `${kind}\0${String(variantOf(kind, body) ?? "")}`;
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}

function collectEmptyValues(kind: KindName, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(propertiesFor(kind, body))) {
    const types = ([] as string[]).concat(prop?.type ?? []);
    if (prop && "default" in prop) out[key] = prop.default;
    else if (types.includes("null")) out[key] = null;
    else if (types.includes("array")) out[key] = [];
    else if (types.includes("object")) out[key] = {};
  }
  return out;
}

/** The fields a body of this kind and variant may set (shared: never to be changed). */
export function fieldsFor(kind: KindName, body: Record<string, unknown>): ReadonlySet<string> {
  return perVariant(fieldsCache, kind, body, () => new Set(Object.keys(propertiesFor(kind, body))));
}

const schemas = new Map<KindName, Record<string, any>>();
function schemaOf(kind: KindName): Record<string, any> {
  let schema = schemas.get(kind);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`${kind}.schema.json`, SCHEMAS_DIR), "utf8")) as Record<
      string,
      any
    >;
    schemas.set(kind, schema);
  }
  return schema;
}
