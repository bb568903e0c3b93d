/**
 * The OpenAPI 3.0 → JSON Schema conversion behind the contract validators (openapi.ts), and the contract
 * quirks applied to converted schemas (behaviours doc §1, §6). Pure functions of a schema: no spec file.
 *
 * - `$ref`s are inlined; a recursive reference is kept as a `$ref` into `$defs` of the compiled schema.
 * - OpenAPI 3.0 dialect → JSON Schema for ajv 8: `nullable: true` becomes a union with null; `example`,
 *   `x-*`, `discriminator`, `xml`, `externalDocs` are dropped; formats come from ajv-formats and unknown
 *   formats are dropped.
 * - Contract quirk (behaviours doc §6, kibana#197153): in the kafka output variants `compression_level`,
 *   `connection_type`, `username` and `password` are removed from `required`.
 */

export type Json = Record<string, any>;

const KAFKA_NOT_REQUIRED = new Set(["compression_level", "connection_type", "username", "password"]);
const DROPPED_KEYS = new Set(["example", "examples", "discriminator", "xml", "externalDocs"]);
/** Keys whose value is a map of names to schemas (the names themselves must not be converted). */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: any = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node?.[key];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

/** Inlines $refs; a reference back into one being inlined becomes `$ref: #/$defs/<name>`. */
export function dereference(doc: Json, node: unknown, defs: Json = {}, stack: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => dereference(doc, n, defs, stack));
  if (node === null || typeof node !== "object") return node;
  const obj = node as Json;
  if (typeof obj.$ref === "string") {
    const ref = obj.$ref;
    const defName = ref.replace(/^#\//, "").replace(/[/~]/g, "_");
    if (stack.includes(ref)) {
      if (!(defName in defs)) defs[defName] = null; // placeholder, filled when the outer inlining finishes
      return { $ref: `#/$defs/${defName}` };
    }
    const target = dereference(doc, resolvePointer(doc, ref), defs, [...stack, ref]);
    if (defName in defs && defs[defName] === null) defs[defName] = target;
    const { $ref: _ignored, ...siblings } = obj;
    if (Object.keys(siblings).length === 0) return target;
    return { allOf: [target, dereference(doc, siblings, defs, stack)] };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(obj)) out[key] = dereference(doc, value, defs, stack);
  return out;
}

/** Converts one (dereferenced) OpenAPI 3.0 schema to JSON Schema for ajv 8. */
export function toJsonSchema(schema: unknown, knownFormats?: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, knownFormats));
  if (schema === null || typeof schema !== "object") return schema;
  const src = schema as Json;
  let out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (key.startsWith("x-") || DROPPED_KEYS.has(key) || key === "nullable") continue;
    if (key === "format" && knownFormats && !knownFormats.has(String(value))) continue;
    if (SCHEMA_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      const map: Json = {};
      for (const [name, sub] of Object.entries(value)) map[name] = toJsonSchema(sub, knownFormats);
      out[key] = map;
    } else if (key === "enum" || key === "required" || key === "const" || key === "default") {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value, knownFormats);
    }
  }
  // OAS 3.0 exclusiveMinimum/Maximum are booleans; JSON Schema's are numbers.
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof out[flag] === "boolean") {
      if (out[flag] && typeof out[bound] === "number") out[flag] = out[bound];
      else delete out[flag];
      if (typeof out[flag] === "number") delete out[bound];
    }
  }
  if (isKafkaVariant(out) && Array.isArray(out.required)) {
    out.required = out.required.filter((name: string) => !KAFKA_NOT_REQUIRED.has(name));
  }
  if (src.nullable === true) {
    if (typeof out.type === "string" || Array.isArray(out.type)) {
      const types = Array.isArray(out.type) ? out.type : [out.type];
      if (!types.includes("null")) out.type = [...types, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      out = { anyOf: [out, { type: "null" }] };
    }
  }
  return out;
}

/**
 * Contract quirk for error bodies (behaviours doc §1): Kibana answers every error with a Boom body
 * `{statusCode, error, message, attributes?}`, where `attributes` appears only when the handler supplies
 * one. The route-generated error schemas instead require `attributes` and some (`{message}` with
 * `additionalProperties: false`) leave out `statusCode`/`error`. For status >= 400 only, at the root of
 * the body: `attributes` is not required, and `statusCode` (number) / `error` (string) are allowed.
 * `message` stays required and every declared type is still checked.
 */
export function boomErrorQuirk(schema: Json | undefined): Json | undefined {
  if (!schema || typeof schema !== "object" || !schema.properties?.message) return schema;
  const out: Json = { ...schema, properties: { ...schema.properties } };
  if (Array.isArray(out.required)) out.required = out.required.filter((k: string) => k !== "attributes");
  if (out.additionalProperties === false) {
    out.properties.statusCode ??= { type: "number" };
    out.properties.error ??= { type: "string" };
  }
  return out;
}

function isKafkaVariant(schema: Json): boolean {
  const typeProp = schema.properties?.type;
  return Array.isArray(typeProp?.enum) && typeProp.enum.length === 1 && typeProp.enum[0] === "kafka";
}

/**
 * Contract quirk for Fleet request bodies (behaviours doc §1): config-schema gives every `schema.nullable(x)`
 * key a null default, at any depth (an output's `shipper.*`), so omitting it is always accepted although
 * the generated contract lists it as required. A nullable key is therefore not required in a request.
 */
export function nullableKeysOptional(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) nullableKeysOptional(n);
    return;
  }
  if (!node || typeof node !== "object") return;
  const s = node as Json;
  if (Array.isArray(s.required) && s.properties) {
    s.required = s.required.filter((k: string) => {
      const t = s.properties[k]?.type;
      return !(t === "null" || (Array.isArray(t) && t.includes("null")));
    });
  }
  for (const v of Object.values(s)) nullableKeysOptional(v);
}

/**
 * Contract quirk for output responses: the PUT kafka schema has `auth_type` optional, so an output changed
 * to kafka by `{name, type: 'kafka'}` (Kibana's outputs/crud.ts "should allow to update a non-default ES
 * output to kafka") is stored and returned without one, although the item schema requires it.
 */
export function kafkaAuthTypeOptional(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) kafkaAuthTypeOptional(n);
    return;
  }
  if (!node || typeof node !== "object") return;
  const s = node as Json;
  if (isKafkaVariant(s) && Array.isArray(s.required))
    s.required = s.required.filter((k: string) => k !== "auth_type");
  for (const v of Object.values(s)) kafkaAuthTypeOptional(v);
}

/**
 * Kibana's config-schema gives `schema.nullable(x)` fields a null default, so a body that omits them
 * is accepted although the generated contract lists them as required (behaviours doc §1, §7: proxy
 * certificate fields, Fleet Server host proxy_id). Validate as Kibana does: fill them in first.
 */
export function withNullableDefaults(schema: unknown, body: unknown): unknown {
  const s = schema as Json | undefined;
  if (!s || !Array.isArray(s.required) || !s.properties) return body;
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const filled: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const key of s.required as string[]) {
    const type = (s.properties as Record<string, Json>)[key]?.type;
    const nullable = type === "null" || (Array.isArray(type) && type.includes("null"));
    if (nullable && !(key in filled)) filled[key] = null;
  }
  return filled;
}
