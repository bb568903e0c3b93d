// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
// Editor variants of the generated schemas (schemas/editor/), for manifests as they are written.
//
// schemas/<kind>.schema.json validate a manifest after interpolation (src/validate/), where
// `inactivity_timeout: "${env:IDLE:int}"` has become a number. An editor sees the text before: there,
// every scalar value may be a reference (src/load/interpolate.ts interpolates every string value,
// never a key), and a number or boolean field accepts the typed reference that gives its type. So each
// value position (a property, an array item, an additional property) that accepts a scalar becomes
// `anyOf: [the field's schema, a reference]`. A text field accepts any string holding a reference; a
// number, integer or boolean field only a whole typed reference (`${env:N:int}`, `:number`, `:bool`,
// each optionally with `:public`), as the loader requires.

/** `${env:NAME` or `${file:PATH`, then modifiers and `}`: the grammar of modifiersOf in interpolate.ts. */
const NAME = "(?:env:[A-Za-z_][A-Za-z0-9_]*|file:[^}]+?)";
const PUBLIC = "(?::public)?";
const typedReference = (types) => `^\\$\\{${NAME}${PUBLIC}:(?:${types.join("|")})${PUBLIC}\\}$`;

/** The reference a field of each scalar type accepts, defined once per schema under `$defs`. */
const REFERENCES = {
  string: {
    type: "string",
    // A `${env:…}` or `${file:…}` anywhere in the text, not escaped as `$${`.
    pattern: "(?<!\\$)\\$\\{(?:env|file):[^}]+\\}",
    description: "A value interpolated from ${env:NAME} or ${file:PATH} (optionally :public).",
  },
  integer: {
    type: "string",
    pattern: typedReference(["int", "number"]),
    description: "An integer from a typed reference: ${env:NAME:int} (optionally :public).",
  },
  number: {
    type: "string",
    pattern: typedReference(["int", "number"]),
    description: "A number from a typed reference: ${env:NAME:number} or :int (optionally :public).",
  },
  boolean: {
    type: "string",
    pattern: typedReference(["bool"]),
    description: "true or false from a typed reference: ${env:NAME:bool} (optionally :public).",
  },
};

const SCALARS = Object.keys(REFERENCES);
const REFERENCE_DEFS = Object.fromEntries(SCALARS.map((t) => [t, `${t}_reference`]));

/** The scalar types a schema may accept, looking through anyOf/oneOf branches, enums and consts. */
function scalarTypes(schema, found = new Set()) {
  if (!schema || typeof schema !== "object") return found;
  const types = [schema.type].flat().filter(Boolean);
  for (const t of types) if (SCALARS.includes(t)) found.add(t);
  if (types.length === 0) {
    for (const v of [...(schema.enum ?? []), ...("const" in schema ? [schema.const] : [])]) {
      if (["string", "number", "boolean"].includes(typeof v)) found.add(typeof v);
    }
  }
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) scalarTypes(branch, found);
  return found;
}

/** A value position's schema, also accepting the references that may stand for its value. */
function acceptReferences(schema) {
  const inner = transform(schema);
  const types = scalarTypes(schema);
  // `integer` and `number` accept the same references: keep one.
  if (types.has("integer") && types.has("number")) types.delete("integer");
  if (types.size === 0) return inner;
  const references = [...types].map((t) => ({ $ref: `#/$defs/${REFERENCE_DEFS[t]}` }));
  return {
    ...(schema.description ? { description: schema.description } : {}),
    anyOf: [inner, ...references],
  };
}

const SCHEMA_MAPS = ["$defs"];
const VALUE_SCHEMAS = ["items", "additionalProperties"];
const BRANCHES = ["anyOf", "oneOf", "allOf"];

/** A kind's editor schema: its value positions accept references, defined in its `$defs`. */
export function editorSchema(kindSchema) {
  const out = transform(kindSchema);
  out.$defs = {
    ...out.$defs,
    ...Object.fromEntries(SCALARS.map((t) => [REFERENCE_DEFS[t], REFERENCES[t]])),
  };
  return out;
}

/** A copy of `schema` whose value positions accept references (a subschema is never one itself). */
function transform(schema) {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acceptReferences(v)]));
    } else if (SCHEMA_MAPS.includes(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transform(v)]));
    } else if (VALUE_SCHEMAS.includes(key) && typeof value === "object") {
      out[key] = acceptReferences(value);
    } else if (BRANCHES.includes(key)) {
      out[key] = value.map(transform);
    } else if (key === "then") {
      out[key] = transform(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** `#/$defs/x` of a schema embedded at `#/$defs/<name>` of another. */
function rebaseRefs(schema, base) {
  if (Array.isArray(schema)) return schema.map((s) => rebaseRefs(s, base));
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" && v.startsWith("#/")
        ? `${base}/${v.slice(2)}`
        : rebaseRefs(v, base),
    ]),
  );
}

/**
 * One self-contained manifest schema: each kind's schema under `$defs/<kind>`, so that the single file
 * `fleetform schema` prints (or an export writes beside its manifests) works wherever it is copied.
 */
export function bundledManifestSchema(manifest, kinds) {
  const $defs = {};
  for (const [kind, schema] of Object.entries(kinds)) {
    const { $schema: _s, $id: _i, ...body } = schema;
    $defs[kind] = rebaseRefs(body, `#/$defs/${kind}`);
  }
  const sections = JSON.parse(
    JSON.stringify(manifest.properties).replace(/"\$ref":"([a-z_]+)\.schema\.json"/g, '"$ref":"#/$defs/$1"'),
  );
  return { ...manifest, properties: sections, $defs };
}
