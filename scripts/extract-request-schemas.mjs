#!/usr/bin/env node
// Extracts the request-body and query-parameter schemas of every operation in the Kibana OpenAPI
// contract (../shared/kibana-openapi/fleet-cases.yaml) into src/sim/contract/request-bodies.json,
// dereferenced and converted from OpenAPI 3.0 to plain JSON Schema (draft-07, for ajv).
// The output is committed: user clones do not have ../shared.
//
// Conversions: `nullable: true` becomes a union with null; documentation keywords (description,
// example, examples, deprecated, x-*) are dropped. The Kafka contract quirk (kibana#197153, see the
// behaviours doc §6) is applied: compression_level, connection_type, username and password are
// removed from the Kafka variants' `required` lists.
//
// Usage: node scripts/extract-request-schemas.mjs [path/to/fleet-cases.yaml]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specPath = process.argv[2] ?? resolve(root, "../shared/kibana-openapi/fleet-cases.yaml");
const outPath = resolve(root, "src/sim/contract/request-bodies.json");
const spec = parse(readFileSync(specPath, "utf8"), { maxAliasCount: -1 });

const DROP = new Set([
  "description",
  "example",
  "examples",
  "deprecated",
  "discriminator",
  "title",
  "summary",
]);
const KAFKA_CONDITIONAL = new Set(["compression_level", "connection_type", "username", "password"]);

function resolveRef(ref) {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
  let node = spec;
  for (const part of ref.slice(2).split("/")) node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  return node;
}

function convert(schema, seen = new Set()) {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, seen));
  if (!schema || typeof schema !== "object") return schema;
  if (schema.$ref) {
    if (seen.has(schema.$ref)) throw new Error(`recursive $ref ${schema.$ref}`);
    const next = new Set(seen);
    next.add(schema.$ref);
    return convert(resolveRef(schema.$ref), next);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key) || key.startsWith("x-") || key === "nullable") continue;
    if (key === "properties" || key === "patternProperties") {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, seen)]));
    } else if (key === "default" || key === "enum" || key === "const") {
      out[key] = value;
    } else {
      out[key] = convert(value, seen);
    }
  }
  if (schema.nullable === true) return makeNullable(out);
  return out;
}

function makeNullable(s) {
  if (typeof s.type === "string") {
    const result = { ...s, type: [s.type, "null"] };
    if (Array.isArray(s.enum) && !s.enum.includes(null)) result.enum = [...s.enum, null];
    return result;
  }
  if (s.anyOf || s.oneOf || s.allOf) return { anyOf: [{ type: "null" }, s] };
  return s; // no type: anything, null included
}

function isKafkaVariant(s) {
  const t = s?.properties?.type;
  return Array.isArray(t?.enum) && t.enum.length === 1 && t.enum[0] === "kafka";
}

function applyKafkaQuirk(s) {
  for (const variant of s.anyOf ?? []) {
    if (isKafkaVariant(variant) && Array.isArray(variant.required)) {
      variant.required = variant.required.filter((k) => !KAFKA_CONDITIONAL.has(k));
    }
  }
}

const operations = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const method of ["get", "post", "put", "patch", "delete"]) {
    const op = item[method];
    if (!op) continue;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) =>
      p.$ref ? resolveRef(p.$ref) : p,
    );
    const query = { type: "object", properties: {}, required: [] };
    for (const p of params) {
      if (p.in !== "query") continue;
      query.properties[p.name] = convert(p.schema ?? {});
      if (p.required) query.required.push(p.name);
    }
    if (query.required.length === 0) delete query.required;
    const entry = { operationId: op.operationId, query };
    const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
    if (bodySchema) {
      entry.body = convert(bodySchema);
      entry.bodyRequired = op.requestBody.required === true;
      if (path.startsWith("/api/fleet/outputs")) applyKafkaQuirk(entry.body);
    }
    operations[`${method.toUpperCase()} ${path}`] = entry;
  }
}

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify({ source: "fleet-cases.yaml", operations })}\n`);
console.log(`wrote ${Object.keys(operations).length} operations to ${outPath}`);
