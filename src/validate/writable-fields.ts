import { readFileSync } from "node:fs";
import type { KindName } from "../kinds/names.js";

const SCHEMAS_DIR = new URL("../../schemas/", import.meta.url);
const cache = new Map<KindName, { writable: Set<string>; required: Set<string> }>();

function fieldsOf(kind: KindName) {
  let fields = cache.get(kind);
  if (!fields) {
    const schema = JSON.parse(readFileSync(new URL(`${kind}.schema.json`, SCHEMAS_DIR), "utf8"));
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
