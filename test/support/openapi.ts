/**
 * The Kibana OpenAPI contract (../shared/kibana-openapi/fleet-cases.yaml) as ajv validators, for the
 * contract tests and the global recorded-traffic check.
 *
 * - The spec is read from `../shared/kibana-openapi/fleet-cases.yaml` relative to the repo root;
 *   `FLEETFORM_OPENAPI` overrides the path (absolute, or relative to the repo root).
 * - Schemas are converted from the OpenAPI 3.0 dialect, with the contract's quirks, by openapi-schema.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { applyKibanaDeviations } from "../../src/sim/contract/kibana-deviations.js";
import {
  boomErrorQuirk,
  dereference,
  type Json,
  kafkaAuthTypeOptional,
  nullableKeysOptional,
  toJsonSchema,
  withNullableDefaults,
} from "./openapi-schema.js";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_SPEC_PATH = resolve(REPO_ROOT, "../shared/kibana-openapi/fleet-cases.yaml");

/** Where the contract is read from (FLEETFORM_OPENAPI overrides the default). */
export function specPath(): string {
  const override = process.env.FLEETFORM_OPENAPI;
  if (override) return isAbsolute(override) ? override : resolve(REPO_ROOT, override);
  return DEFAULT_SPEC_PATH;
}

export function specAvailable(): boolean {
  return existsSync(specPath());
}

/** Message used when the spec is absent (skips locally, fails under CI=true). */
export function specMissingMessage(): string {
  return (
    `OpenAPI contract not found at ${specPath()}. ` +
    "Check out the shared docs beside the repo (../shared) or set FLEETFORM_OPENAPI to the file."
  );
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Loaded {
  doc: Json;
  ajv: Ajv;
  knownFormats: Set<string>;
  templates: { template: string; segments: string[]; methods: Set<string> }[];
  cache: Map<string, ValidateFunction | null>;
}

let loaded: Loaded | undefined;
let loadedFrom: string | undefined;

function load(): Loaded {
  const path = specPath();
  if (loaded && loadedFrom === path) return loaded;
  if (!existsSync(path)) throw new Error(specMissingMessage());
  const doc = parse(readFileSync(path, "utf8"), { maxAliasCount: -1 }) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true, validateFormats: true });
  addFormats(ajv);
  const knownFormats = new Set(Object.keys(ajv.formats));
  const templates = Object.entries(doc.paths ?? {}).map(([template, item]) => ({
    template,
    segments: template.split("/").slice(1),
    methods: new Set(
      Object.keys(item as Json)
        .filter((k) => (HTTP_METHODS as readonly string[]).includes(k))
        .map((k) => k.toUpperCase()),
    ),
  }));
  // literal segments first: /agent_policies/delete wins over /agent_policies/{agentPolicyId}
  templates.sort((a, b) => literalCount(b.segments) - literalCount(a.segments));
  loaded = { doc, ajv, knownFormats, templates, cache: new Map() };
  loadedFrom = path;
  return loaded;
}

function literalCount(segments: string[]): number {
  return segments.filter((s) => !s.startsWith("{")).length;
}

/** The parsed contract (raw, with $refs), for tests that enumerate operations. */
export function spec(): Json {
  return load().doc;
}

/** Every operation of the contract as `METHOD template`. */
export function operations(): { method: string; template: string; operationId?: string }[] {
  const out: { method: string; template: string; operationId?: string }[] = [];
  for (const [template, item] of Object.entries(load().doc.paths ?? {})) {
    for (const [key, op] of Object.entries(item as Json)) {
      if ((HTTP_METHODS as readonly string[]).includes(key)) {
        out.push({ method: key.toUpperCase(), template, operationId: (op as Json).operationId });
      }
    }
  }
  return out;
}

/** Maps a concrete path (optionally under /s/{space}, with a query string) to its contract template. */
export function matchPath(method: string, concretePath: string): string | undefined {
  const { templates } = load();
  const path = stripSpace(concretePath.split("?")[0]!.split("#")[0]!);
  const parts = path.split("/").slice(1);
  const upper = method.toUpperCase();
  for (const t of templates) {
    if (!t.methods.has(upper) || t.segments.length !== parts.length) continue;
    let ok = true;
    for (let i = 0; i < parts.length; i++) {
      const seg = t.segments[i]!;
      if (seg.startsWith("{") ? parts[i] === "" : seg !== parts[i]) {
        ok = false;
        break;
      }
    }
    if (ok) return t.template;
  }
  return undefined;
}

/** Removes a leading /s/{space_id}. */
export function stripSpace(path: string): string {
  return path.replace(/^\/s\/[^/]+(?=\/)/, "");
}

function operation(method: string, template: string): Json | undefined {
  const item = load().doc.paths?.[template];
  return item?.[method.toLowerCase()];
}

function jsonContent(content: Json | undefined): Json | undefined {
  if (!content) return undefined;
  return content["application/json"] ?? content["application/json; Elastic-Api-Version=2023-10-31"];
}

function compile(cacheKey: string, rawSchema: () => unknown): ValidateFunction | null {
  const l = load();
  const hit = l.cache.get(cacheKey);
  if (hit !== undefined) return hit;
  const raw = rawSchema();
  let fn: ValidateFunction | null = null;
  if (raw !== undefined) {
    const defs: Json = {};
    const schema = toJsonSchema(dereference(l.doc, raw, defs), l.knownFormats) as Json;
    const defEntries = Object.entries(defs);
    if (defEntries.length > 0) {
      const converted: Json = {};
      for (const [name, def] of defEntries) converted[name] = toJsonSchema(def, l.knownFormats);
      schema.$defs = { ...(schema.$defs ?? {}), ...converted };
    }
    // Kibana 9.x handlers accept more than this older contract (src/sim/contract/kibana-deviations.ts)
    applyKibanaDeviations(schema);
    if (cacheKey.startsWith("req ")) {
      if (cacheKey.includes(" /api/fleet/")) nullableKeysOptional(schema);
    } else kafkaAuthTypeOptional(schema);
    fn = l.ajv.compile(schema);
  }
  l.cache.set(cacheKey, fn);
  return fn;
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || "(root)";
    const params = Object.keys(e.params ?? {}).length > 0 ? ` ${JSON.stringify(e.params)}` : "";
    return `${where} ${e.message ?? e.keyword}${params} [schema ${e.schemaPath}]`;
  });
}

/** The statuses the contract declares for an operation (e.g. ["200", "400"]). */
export function responseStatuses(method: string, template: string): string[] {
  return Object.keys(operation(method, template)?.responses ?? {});
}

/** Whether the contract has a JSON body schema for this status (exact, NXX, or default). */
export function hasResponseSchema(method: string, template: string, status: number): boolean {
  return responseKey(method, template, status) !== undefined;
}

function responseKey(method: string, template: string, status: number): string | undefined {
  const responses: Json = operation(method, template)?.responses ?? {};
  for (const key of [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"]) {
    if (responses[key] && jsonContent(responses[key].content)?.schema) return key;
  }
  return undefined;
}

/**
 * Validates a response body against the contract. Errors are empty when the body is valid, or when the
 * contract does not describe that (non-2xx) status. A 2xx status the contract does not declare, an
 * unknown operation, or a missing body where one is described is an error.
 */
export function validateResponse(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): string[] {
  const op = operation(method, pathTemplate);
  if (!op) return [`no operation ${method.toUpperCase()} ${pathTemplate} in the contract`];
  const key = responseKey(method, pathTemplate, status);
  if (key === undefined) {
    if (status >= 200 && status < 300) {
      return [
        `status ${status} is not a contract response (declared: ${responseStatuses(method, pathTemplate).join(", ")})`,
      ];
    }
    return [];
  }
  const fn = compile(`res ${method.toUpperCase()} ${pathTemplate} ${key}`, () => {
    const schema = jsonContent(op.responses[key].content)?.schema;
    return status >= 400 ? boomErrorQuirk(dereference(load().doc, schema) as Json) : schema;
  });
  if (!fn) return [];
  if (body === undefined) return ["(root) response has no JSON body"];
  return fn(body) ? [] : formatErrors(fn.errors);
}

/** Validates a request body against the contract's requestBody (application/json). */
export function validateRequestBody(method: string, pathTemplate: string, body: unknown): string[] {
  const op = operation(method, pathTemplate);
  if (!op) return [`no operation ${method.toUpperCase()} ${pathTemplate} in the contract`];
  const requestBody = op.requestBody as Json | undefined;
  if (!requestBody) {
    return body === undefined ? [] : [`${method.toUpperCase()} ${pathTemplate} takes no request body`];
  }
  if (body === undefined) return requestBody.required ? ["(root) request body is required"] : [];
  const fn = compile(
    `req ${method.toUpperCase()} ${pathTemplate}`,
    () => jsonContent(requestBody.content)?.schema,
  );
  if (!fn) return [];
  const filled = withNullableDefaults(requestSchema(method, pathTemplate), body);
  return fn(filled) ? [] : formatErrors(fn.errors);
}

/** The converted (ajv-ready) JSON Schema of a response, for tests of the conversion itself. */
export function responseSchema(method: string, pathTemplate: string, status: number): unknown {
  const key = responseKey(method, pathTemplate, status);
  if (key === undefined) return undefined;
  const raw = jsonContent(operation(method, pathTemplate)?.responses[key].content)?.schema;
  const l = load();
  const inlined = dereference(l.doc, raw) as Json;
  return toJsonSchema(status >= 400 ? boomErrorQuirk(inlined) : inlined, l.knownFormats);
}

/** The converted (ajv-ready) JSON Schema of a request body. */
export function requestSchema(method: string, pathTemplate: string): unknown {
  const raw = jsonContent(operation(method, pathTemplate)?.requestBody?.content)?.schema;
  if (raw === undefined) return undefined;
  const l = load();
  return toJsonSchema(dereference(l.doc, raw), l.knownFormats);
}
