import type { ErrorObject } from "ajv";
import { CODES } from "../diagnostics/codes.js";
import { identityField, shapeOf } from "../kinds/shapes.js";
import type { Diagnostic, ManifestObject } from "../load/types.js";
import { didYouMean } from "../util/did-you-mean.js";
import { isInterpolated, SECRET_MASK } from "../util/secret-mask.js";

type Segment = string | number;
type Schema = Record<string, any>;

/** How messages name an object: `outputs "es-prod"`, `fleet_settings`, or `outputs entry #2`. */
export function objectLabel(obj: ManifestObject): string {
  if (shapeOf(obj.kind).identity === "singleton") return obj.kind;
  // An interpolated id is a secret: name the object by its place in the file instead.
  if (obj.id !== "" && !isInterpolated(obj, [identityField(obj.kind)])) return `${obj.kind} "${obj.id}"`;
  return `${obj.kind} entry #${(obj.index ?? 0) + 1}`;
}

/** JSON pointer → path segments, with array indices as numbers. */
export function pointerToPath(pointer: string, body: unknown): Segment[] {
  if (pointer === "") return [];
  const out: Segment[] = [];
  let node: unknown = body;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      node = node[Number(seg)];
    } else {
      out.push(seg);
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

export function displayPath(path: Segment[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out === "" ? seg : `.${seg}`;
  return out;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** `value` (found at `path`) with every interpolated value below it replaced by the mask. */
function maskInterpolated(value: unknown, path: string[], interpolated: string[][]): unknown {
  if (interpolated.some((p) => p.length <= path.length && p.every((k, i) => k === path[i])))
    return SECRET_MASK;
  const below = interpolated.filter((p) => p.length > path.length && path.every((k, i) => k === p[i]));
  if (below.length === 0 || !value || typeof value !== "object") return value;
  const out: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...value };
  for (const key of Object.keys(out)) out[key] = maskInterpolated(out[key], [...path, key], below);
  return out;
}

function show(value: unknown): string {
  // JSON escapes C0 control characters; DEL and C1 too, so that a message never carries raw ones.
  const text = JSON.stringify(value)?.replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return text && text.length > 60 ? `${text.slice(0, 57)}...` : String(text);
}

/** Short description of what a schema accepts, for anyOf/oneOf and type errors. */
function describeSchema(schema: Schema | boolean): string {
  if (typeof schema === "boolean") return schema ? "anything" : "nothing";
  if (schema.const !== undefined) return show(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(show).join(", ")}`;
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0 && Array.isArray(schema.anyOf ?? schema.oneOf)) {
    return (schema.anyOf ?? schema.oneOf).map(describeSchema).join(" or ");
  }
  return types
    .map((t) => {
      if (t === "array" && schema.items && typeof schema.items === "object" && schema.items.type) {
        return `array of ${schema.items.type}s`;
      }
      if (t === "object" && Array.isArray(schema.required) && schema.required.length > 0) {
        return `object {${schema.required.join(", ")}}`;
      }
      return t;
    })
    .join(" or ");
}

const ID_RULE =
  'an id is 1-255 characters, not ".", without "/", ".." or control characters, and not __proto__, constructor or prototype';

/** Turns ajv's errors for one object into diagnostics placed at the offending value or key. */
export function toDiagnostics(obj: ManifestObject, errors: ErrorObject[]): Diagnostic[] {
  const label = objectLabel(obj);
  const { variantField, identity } = shapeOf(obj.kind);
  const variant = variantField ? obj.body[variantField] : undefined;
  const branch = typeof variant === "string" ? variant : undefined;
  // Errors inside an anyOf/oneOf are summarised by the anyOf/oneOf error itself.
  const unions = errors
    .filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf")
    .map((e) => `${e.schemaPath}/`);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic): void => {
    const key = `${d.message}@${d.location?.line}:${d.location?.column}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  };
  for (const e of errors) {
    if (e.keyword === "if") continue; // the `then` branch's own errors say what is wrong
    if (unions.some((u) => e.schemaPath.startsWith(u))) continue;
    const path = pointerToPath(e.instancePath, obj.body);
    const where = displayPath(path);
    // What a message may quote: interpolated values (secrets) are masked before anything is cut.
    const data = maskInterpolated(e.data, path.map(String), obj.interpolated ?? []);
    const inObject = where === "" ? `in ${label}` : `in ${where} of ${label}`;
    const parent = (e.parentSchema ?? {}) as Schema;
    // Inside the `then` branch of a union on the variant field (schemas/<kind>.schema.json $defs/<variant>).
    const inBranch = branch !== undefined && e.schemaPath.includes("/$defs/");
    switch (e.keyword) {
      case "additionalProperties": {
        const field = String((e.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys(parent.properties ?? {});
        const suggestion = didYouMean(field, allowed);
        const fieldsOf =
          inBranch && where === ""
            ? `fields of ${variantField} ${branch} ${obj.kind}`
            : "allowed fields here";
        push({
          severity: "error",
          code: CODES.schema,
          message: `unknown field "${field}" ${inObject}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
          location: obj.locate([...path, field], { key: true }),
          hint: allowed.length > 0 ? `${fieldsOf}: ${allowed.join(", ")}` : "no fields are allowed here",
        });
        break;
      }
      case "required": {
        const field = String((e.params as { missingProperty: string }).missingProperty);
        const kindNote = inBranch && where === "" ? ` (required for ${variantField} ${branch})` : "";
        const propertyDoc = parent.properties?.[field]?.description;
        push({
          severity: "error",
          code: CODES.schema,
          message: `missing required field "${field}" ${inObject}${kindNote}`,
          location: obj.locate(path),
          hint:
            field === variantField
              ? `add ${field}: ${describeSchema(parent.properties?.[field] ?? {})}`
              : `add ${field}:${propertyDoc ? ` (${propertyDoc})` : ""}`,
        });
        break;
      }
      case "enum": {
        const allowed = (e.schema as unknown[]) ?? [];
        const suggestion =
          typeof data === "string" && data !== SECRET_MASK
            ? didYouMean(data, allowed.filter((a) => typeof a === "string") as string[])
            : "";
        push({
          severity: "error",
          code: CODES.schema,
          message: `invalid value ${show(data)} for ${where || "the object"} in ${label}; allowed values: ${allowed.map(show).join(", ")}`,
          location: obj.locate(path),
          hint: suggestion ? `did you mean ${show(suggestion)}?` : undefined,
        });
        break;
      }
      case "const":
        push({
          severity: "error",
          code: CODES.schema,
          message: `invalid value ${show(data)} for ${where} in ${label}; expected ${show(e.schema)}`,
          location: obj.locate(path),
        });
        break;
      case "type":
      case "anyOf":
      case "oneOf": {
        const expected =
          e.keyword === "type"
            ? describeSchema(parent)
            : `one of: ${(e.schema as Schema[]).map(describeSchema).join(", ")}`;
        push({
          severity: "error",
          code: CODES.schema,
          message: `wrong type for ${where || "the object"} in ${label}: expected ${expected}, got ${typeOf(e.data)}`,
          location: obj.locate(path),
        });
        break;
      }
      case "not":
        // A field the schema refuses (schemas/: `not`), whose description says why and what to do.
        push({
          severity: "error",
          code: CODES.schema,
          message: `${where} in ${label}: ${parent.description ?? "this value is not allowed"}`,
          location: obj.locate(path, { key: true }),
        });
        break;
      case "pattern":
      case "maxLength":
      case "minLength": {
        if (identity === "id" && where === "id") {
          push({
            severity: "error",
            code: CODES.schema,
            message: `invalid id ${show(data)} in ${obj.kind}: ${ID_RULE}`,
            location: obj.locate(path),
          });
          break;
        }
        // The rule is in the field's description (schemas/): clearer than a regular expression.
        const rule = parent.description ?? e.message;
        push({
          severity: "error",
          code: CODES.schema,
          message: `invalid value ${show(data)} for ${where} in ${label}: ${rule}`,
          location: obj.locate(path),
        });
        break;
      }
      default: {
        const isId = identity === "id" && where === "id";
        push({
          severity: "error",
          code: CODES.schema,
          message: isId
            ? `invalid id ${show(data)} in ${obj.kind}: ${ID_RULE}`
            : `invalid value ${show(data)} for ${where || "the object"} in ${label}: ${e.message}`,
          location: obj.locate(path),
        });
      }
    }
  }
  const order = (d: Diagnostic): number => (d.location ? d.location.line * 100_000 + d.location.column : 0);
  return out.sort((a, b) => order(a) - order(b));
}
