#!/usr/bin/env node
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
// Generates schemas/<kind>.schema.json and schemas/manifest.schema.json from Kibana's OpenAPI contract,
// and their editor variants in schemas/editor/ (scripts/editor-schemas.mjs).
//
//   node scripts/gen-schemas.mjs [path/to/fleet-cases.yaml] [output-dir]
//
// Default input: ../shared/kibana-openapi/fleet-cases.yaml (relative to the repository root). The outputs
// are committed, because users' clones do not have ../shared. Every hand adjustment lives in the kinds'
// recipes (src/kinds/schema-recipes.ts, read from dist/: run npm run build first), never in the generated
// files, so re-running the script reproduces them byte for byte. This script is the engine: it names no kind.
//
// Steps, for each kind: take the request body its recipe names, dereference $refs, convert OpenAPI 3.0 to
// JSON Schema 2020-12 (`nullable` becomes a `null` type), drop vendor keys, then the recipe's steps (fields
// that are not desired state removed, descriptions, the kind's own rules, `id` required where it is the
// identity); a kind with a variant field becomes an if/then union of its variants under `$defs`. Every
// schema gets `ignore_changes`, and the manifest schema has a section per kind.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { bundledManifestSchema, editorSchema } from "./editor-schemas.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const input = resolve(process.argv[2] ?? join(root, "..", "shared", "kibana-openapi", "fleet-cases.yaml"));
const outDir = resolve(process.argv[3] ?? join(root, "schemas"));
const DRAFT = "https://json-schema.org/draft/2020-12/schema";

const api = parse(readFileSync(input, "utf8"));
// Each kind's section name, title and shape (src/kinds/shapes.ts) and its schema's recipe
// (src/kinds/schema-recipes.ts), compiled.
async function compiled(name) {
  const url = new URL(`../dist/kinds/${name}.js`, import.meta.url);
  return import(url.href).catch(() => {
    throw new Error(`cannot read ${fileURLToPath(url)}: run npm run build first`);
  });
}
const { KIND_SHAPES, listedInText } = await compiled("shapes");
const { SCHEMA_RECIPES } = await compiled("schema-recipes");

function requestBody(path, method) {
  const op = api.paths?.[path]?.[method];
  const schema = op?.requestBody?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`no JSON request body for ${method.toUpperCase()} ${path} in ${input}`);
  return schema;
}

/** Dereference `#/components/...` refs and convert OpenAPI 3.0 schema objects to JSON Schema 2020-12. */
function convert(schema, stack = []) {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, stack));
  if (!schema || typeof schema !== "object") return schema;
  if (schema.$ref) {
    if (stack.includes(schema.$ref)) throw new Error(`recursive $ref ${schema.$ref}`);
    const target = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node, seg) => node?.[seg], api);
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return convert(target, [...stack, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "nullable" || key === "title") continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, stack)]));
    } else if (["items", "additionalProperties", "not"].includes(key) && typeof value === "object") {
      out[key] = convert(value, stack);
    } else if (["anyOf", "oneOf", "allOf"].includes(key)) {
      out[key] = convert(value, stack);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (out.anyOf) out.anyOf = [...out.anyOf, { type: "null" }];
    else if (out.oneOf) out.oneOf = [...out.oneOf, { type: "null" }];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function omit(schema, fields) {
  for (const f of fields) {
    delete schema.properties?.[f];
    if (schema.required) schema.required = schema.required.filter((r) => r !== f);
  }
  return schema;
}

/** Close every object that lists properties but says nothing about others (Kibana rejects unknown keys). */
function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  if (!schema || typeof schema !== "object") return;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  for (const value of Object.values(schema)) if (value && typeof value === "object") closeObjects(value);
}

// Kibana's saved objects refuse "/" in an id (core: saved-objects api-server-internal
// helpers/id_utils.ts, assertValidId). fleetform refuses more, because of how the id travels in a URL
// path segment: "." and ".." are dot segments every URL parser removes (even percent-encoded), so such
// an object is created and then never found again (404 on update, "already deleted" on prune), and a
// control character is no text anyone can write or read back in a message.
const ID_DESCRIPTION =
  "Stable identifier chosen by you; it becomes the Kibana object id, and other objects refer to it. " +
  '1-255 characters, not ".", without "/", ".." or control characters.';
const idSchema = () => ({
  description: ID_DESCRIPTION,
  type: "string",
  minLength: 1,
  maxLength: 255,
  pattern: "^(?!\\.$)(?!.*\\.\\.)[^/\\u0000-\\u001f\\u007f-\\u009f]+$",
  not: { enum: ["__proto__", "constructor", "prototype"] },
});

/** Put `id` first and require it. */
function requireId(schema) {
  const { id: _drop, ...rest } = schema.properties;
  schema.properties = { id: idSchema(), ...rest };
  schema.required = ["id", ...(schema.required ?? []).filter((r) => r !== "id")];
  return schema;
}

function describe(schema, descriptions) {
  for (const [field, text] of Object.entries(descriptions)) {
    const prop = schema.properties?.[field];
    if (prop && !prop.description) prop.description = text;
  }
  return schema;
}

/**
 * fleetform's own `ignore_changes`, allowed on every kind (src/diff/ignore-changes.ts): paths whose first
 * segment is one of the object's fields, `.`-separated, `*` for any key. Never sent to Kibana.
 */
function ignoreChanges(fields, notIgnorable) {
  const names = fields.filter((f) => !["id", "ignore_changes", ...notIgnorable].includes(f));
  const escaped = names.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    type: "array",
    description:
      "Fields fleetform leaves alone once the object exists (like Terraform's lifecycle.ignore_changes): " +
      "a create sends them, plans and drift never show them, updates keep Kibana's value. Paths are " +
      "`.`-separated, `*` matches any key (`inputs.*.vars.tags`, `advanced_settings.*`).",
    uniqueItems: true,
    items: {
      type: "string",
      // src/validate/messages.ts quotes this description when the pattern fails.
      description: `a path starting with a field of this object (one of ${names.join(", ")}), then \`.key\` or \`.*\` segments`,
      pattern: `^(?:${escaped.join("|")})(?:\\.[^.]+)*$`,
    },
  };
}

function withIgnoreChanges(schema, notIgnorable) {
  if (schema.properties) {
    schema.properties.ignore_changes = ignoreChanges(Object.keys(schema.properties), notIgnorable);
  }
  return schema;
}

function finish(kind, recipe, schema, extra = {}) {
  const notIgnorable = recipe.notIgnorable ?? [];
  for (const def of Object.values(extra.$defs ?? {})) withIgnoreChanges(def, notIgnorable);
  if (!extra.$defs) withIgnoreChanges(schema, notIgnorable);
  else {
    const fields = Object.values(extra.$defs).flatMap((def) => Object.keys(def.properties ?? {}));
    schema.properties.ignore_changes = ignoreChanges([...new Set(fields)], notIgnorable);
  }
  return { $schema: DRAFT, $id: `${kind}.schema.json`, title: KIND_SHAPES[kind].title, ...extra, ...schema };
}

/** A recipe's steps on one schema (a kind's, or one variant's branch): see src/kinds/schema-recipes.ts. */
function prepare(kind, recipe, schema, variant) {
  omit(schema, recipe.notState ?? []);
  describe(schema, recipe.descriptions ?? {});
  recipe.adjust?.(schema, { describe, closeObjects }, variant);
  return KIND_SHAPES[kind].identity === "id" ? requireId(schema) : schema;
}

/** A kind's schema, from its recipe. */
function build(kind) {
  const recipe = SCHEMA_RECIPES[kind];
  const { request } = recipe;
  let body = request ? convert(requestBody(request.path, request.method)) : structuredClone(recipe.schema);
  if (request?.branch) {
    body = request.branch(body);
    if (!body)
      throw new Error(`${kind}: the branch of ${request.method.toUpperCase()} ${request.path} is not found`);
  }
  const { variantField } = KIND_SHAPES[kind];
  if (!recipe.variants) return finish(kind, recipe, prepare(kind, recipe, body));
  const { values, description } = recipe.variants;
  const defs = {};
  for (const value of values) {
    const branch = body.anyOf.find((b) => b.properties?.[variantField]?.enum?.[0] === value);
    if (!branch) throw new Error(`${kind}: the branch with ${variantField} ${value} is not found`);
    defs[value] = prepare(kind, recipe, branch, value);
  }
  return finish(
    kind,
    recipe,
    {
      type: "object",
      required: ["id", variantField],
      // Completion for editors; the `then` branches enforce the per-variant field lists.
      properties: { id: idSchema(), [variantField]: { enum: values, description } },
      allOf: values.map((value) => ({
        if: { properties: { [variantField]: { const: value } }, required: [variantField] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema keyword
        then: { $ref: `#/$defs/${value}` },
      })),
    },
    { $defs: defs },
  );
}

const KIND_ORDER = Object.keys(KIND_SHAPES);

const editorDir = join(outDir, "editor");
mkdirSync(editorDir, { recursive: true });
const write = (dir, name, schema) => writeFileSync(join(dir, name), `${JSON.stringify(schema, null, 2)}\n`);
const kinds = Object.fromEntries(KIND_ORDER.map((kind) => [kind, build(kind)]));
for (const [kind, schema] of Object.entries(kinds)) {
  write(outDir, `${kind}.schema.json`, schema);
  write(editorDir, `${kind}.schema.json`, editorSchema(schema));
}

// Kinds whose objects live in a Kibana space (KindShape.space): their section may also be written
// as {space, items}.
const SPACE_ID = {
  type: "string",
  pattern: "^[a-z0-9_-]+$",
  description: "A Kibana space identifier (the `ops` of /s/ops/app/fleet).",
};
const sections = {};
for (const kind of KIND_ORDER) {
  const list = { type: ["array", "null"], items: { $ref: `${kind}.schema.json` } };
  sections[kind] =
    KIND_SHAPES[kind].section === "mapping"
      ? { $ref: `${kind}.schema.json`, description: `${KIND_SHAPES[kind].noun} (a mapping, not a list).` }
      : KIND_SHAPES[kind].space
        ? {
            description: `List of ${kind}, or {space, items} to put them in a Kibana space.`,
            anyOf: [
              list,
              {
                type: "object",
                additionalProperties: false,
                required: ["space"],
                properties: { space: SPACE_ID, items: list },
              },
            ],
          }
        : { ...list, description: `List of ${kind}.` };
}
const spaced = KIND_ORDER.filter((kind) => KIND_SHAPES[kind].space);
sections.space = {
  ...SPACE_ID,
  description: `The Kibana space of this document's ${listedInText(spaced)}.`,
};
const manifest = {
  $schema: DRAFT,
  $id: "manifest.schema.json",
  title: "fleetform manifest file",
  description: "Sections merge across files. Field names are the Kibana API's request-body fields.",
  type: ["object", "null"],
  additionalProperties: false,
  properties: sections,
};
write(outDir, "manifest.schema.json", manifest);
const editorKinds = Object.fromEntries(Object.entries(kinds).map(([kind, s]) => [kind, editorSchema(s)]));
write(editorDir, "manifest.schema.json", {
  ...bundledManifestSchema(manifest, editorKinds),
  description:
    "A manifest file as written: any value may be an ${env:NAME} or ${file:PATH} reference, a number or " +
    "boolean a typed one (${env:NAME:int}, :number, :bool). Sections merge across files.",
});
console.log(`wrote ${KIND_ORDER.length + 1} schemas and their editor variants to ${outDir}`);
