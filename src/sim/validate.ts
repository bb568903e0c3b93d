/**
 * Request validation against the OpenAPI contract (schemas extracted by scripts/extract-request-schemas.mjs),
 * with @kbn/config-schema-style messages: `[request body.<key>]: definition for this key is missing`.
 */

import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { applyKibanaDeviations } from "./contract/kibana-deviations.js";
import contract from "./contract/request-bodies.json" with { type: "json" };
import { badRequest, noVariantMatches } from "./errors.js";

type Schema = Record<string, any>;
/** The keys a variant's null defaults added, to take back when the variant does not match. */
type Filled = [Record<string, unknown>, string][];
interface OperationSchemas {
  operationId: string;
  query: Schema;
  body?: Schema;
  bodyRequired?: boolean;
}

const operations = (contract as { operations: Record<string, OperationSchemas> }).operations;
for (const op of Object.values(operations)) if (op.body) applyKibanaDeviations(op.body);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
// verbose: errors carry their parent schema, whose property types name what a missing key expects
const bodyAjv = addFormats(new Ajv({ strict: false, allErrors: false, verbose: true }));
const queryAjv = addFormats(new Ajv({ strict: false, allErrors: false, coerceTypes: true }));
const cache = new Map<string, ValidateFunction | ValidateFunction[]>();

export function hasOperation(key: string): boolean {
  return key in operations;
}

function compiled(key: string, part: "body" | "query"): ValidateFunction | ValidateFunction[] | undefined {
  const op = operations[key];
  const schema = op?.[part];
  if (!schema) return undefined;
  const cacheKey = `${part} ${key}`;
  let fn = cache.get(cacheKey);
  if (!fn) {
    if (part === "body" && Array.isArray(schema.anyOf))
      fn = schema.anyOf.map((s: Schema) => bodyAjv.compile(s));
    else fn = (part === "body" ? bodyAjv : queryAjv).compile(schema);
    cache.set(cacheKey, fn);
  }
  return fn;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "Array";
  return typeof value;
}

function at(root: string, data: unknown, e: ErrorObject): { path: string; value: unknown } {
  const parts = e.instancePath.split("/").slice(1);
  let value: any = data;
  for (const p of parts) value = value?.[p.replace(/~1/g, "/").replace(/~0/g, "~")];
  const path = parts.length ? `${root}.${parts.join(".")}` : root;
  return { path, value };
}

function messageOf(root: string, data: unknown, e: ErrorObject): string {
  const { path, value } = at(root, data, e);
  switch (e.keyword) {
    case "additionalProperties":
      return `[${path}.${e.params.additionalProperty}]: definition for this key is missing`;
    case "required": {
      const t = e.parentSchema?.properties?.[e.params.missingProperty]?.type;
      const type = Array.isArray(t) ? t[0] : (t ?? "any");
      return `[${path}.${e.params.missingProperty}]: expected value of type [${type}] but got [undefined]`;
    }
    case "type":
      return `[${path}]: expected value of type [${[e.params.type].flat()[0]}] but got [${describe(value)}]`;
    case "enum":
      return `[${path}]: expected value to equal one of [${(e.params.allowedValues as unknown[]).join(", ")}] but got [${String(value)}]`;
    case "minLength":
      return `[${path}]: value has length [${String(value).length}] but it must have a minimum length of [${e.params.limit}].`;
    case "maxLength":
      return `[${path}]: value has length [${String(value).length}] but it must have a maximum length of [${e.params.limit}].`;
    case "minimum":
      return `[${path}]: Value must be equal to or greater than [${e.params.limit}].`;
    case "maximum":
      return `[${path}]: Value must be equal to or lower than [${e.params.limit}].`;
    default:
      return `[${path}]: ${e.message ?? "is invalid"}`;
  }
}

/**
 * Validates the JSON body of operation `key` ("POST /api/fleet/outputs"); throws a 400 HttpError.
 * Nested nullable keys get their config-schema null default unless `nullDefaults: false`.
 */
export function validateBody(key: string, body: unknown, opts: { nullDefaults?: boolean } = {}): void {
  // io-ts routes (Cases) have no config-schema null defaults
  const nullDefaults = opts.nullDefaults !== false;
  const op = operations[key];
  if (!op?.body) return;
  if (body === undefined) {
    if (op.bodyRequired || op.body.required) {
      throw badRequest("[request body]: expected a plain object value, but found [null] instead.");
    }
    return;
  }
  const fn = compiled(key, "body")!;
  if (!Array.isArray(fn)) {
    if (nullDefaults) fillNestedNullables(op.body, body);
    if (!fn(body)) throw badRequest(messageOf("request body", body, fn.errors![0]!));
    return;
  }
  // Each variant's first error, kept as it is: the messages are written only when no variant matches.
  const errors: ErrorObject[] = [];
  for (let i = 0; i < fn.length; i++) {
    const variant = fn[i]!;
    // A variant's null defaults are filled in place (validation changes nothing else), and taken
    // back when it does not match: the next variant, and the messages, see the body as it was sent.
    const filled: Filled = [];
    if (nullDefaults) fillNestedNullables(op.body.anyOf[i], body, false, filled);
    if (variant(body)) return;
    for (const [object, filledKey] of filled) delete object[filledKey];
    errors.push(variant.errors![0]!);
  }
  // config-schema reports a variant's error at its path with the variant's index after the union's
  const lines = errors.map((e, i) => messageOf(`request body.${i}`, body, e));
  throw badRequest(noVariantMatches("request body", lines));
}

/**
 * config-schema gives `schema.nullable(x)` keys a null default. Inside nested objects (an output's
 * `shipper`, …) the contract lists them as required; Kibana fills them in, so do the same before
 * validating. Top-level keys are left to each route's `prepare` (they change what a route stores).
 */
function fillNestedNullables(
  schema: Schema | undefined,
  body: unknown,
  nested = false,
  filled?: Filled,
): void {
  if (!schema?.properties || !body || typeof body !== "object" || Array.isArray(body)) return;
  const obj = body as Record<string, unknown>;
  if (nested) {
    for (const key of (schema.required ?? []) as string[]) {
      const type = schema.properties[key]?.type;
      if (!(key in obj) && Array.isArray(type) && type.includes("null")) {
        obj[key] = null;
        filled?.push([obj, key]);
      }
    }
  }
  for (const [key, sub] of Object.entries(schema.properties as Record<string, Schema>)) {
    fillNestedNullables(sub, obj[key], true, filled);
  }
}

/** Validates and coerces the query object in place (numbers, booleans); throws a 400 HttpError. */
export function validateQuery(key: string, query: Record<string, unknown>): void {
  const props = operations[key]?.query?.properties ?? {};
  for (const k of Object.keys(query)) {
    if (!(k in props)) throw badRequest(`[request query.${k}]: definition for this key is missing`);
  }
  const fn = compiled(key, "query");
  if (!fn || Array.isArray(fn)) return;
  if (!fn(query)) throw badRequest(messageOf("request query", query, fn.errors![0]!));
}

/** Cases (io-ts `decodeWithExcessOrThrow`): keys outside the schema are refused. */
export function rejectExcessKeys(key: string, body: Record<string, unknown>): void {
  const props = operations[key]?.body?.properties ?? {};
  const excess = Object.keys(body).filter((k) => !(k in props));
  if (excess.length) throw badRequest(`invalid keys "${excess.join(",")}"`);
}
