/**
 * Checks the simulator's request log (FLEETFORM_SIM_RECORD, one JSON line per handled /api request:
 * `{method, path, query, requestBody, status, responseBody}`) against the OpenAPI contract.
 *
 * - Every response body is validated (statuses the contract does not describe are skipped, except 2xx).
 * - Every POST/PUT/PATCH request body is validated, except when the simulator answered 400 or 401:
 *   behaviour tests send invalid bodies on purpose to see Kibana's 400, and auth runs before validation.
 *   An invalid body that the simulator accepted (or failed otherwise) is a violation: either fleetform
 *   sent something Kibana would reject, or the simulator does not validate like Kibana.
 * - Records on paths outside the contract (e.g. a test-only endpoint, an unknown route's 404) are
 *   counted, not checked.
 */
import { readFileSync } from "node:fs";
import { compareVersions } from "../../src/kinds/versions.js";
import { matchPath, validateRequestBody, validateResponse } from "./openapi.js";

export interface RecordedRequest {
  method: string;
  path: string;
  query?: unknown;
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
  /** The Kibana version the simulator played. */
  kibanaVersion?: string;
}

export interface Violation {
  line: number;
  method: string;
  path: string;
  status: number | undefined;
  part: "request" | "response" | "record";
  errors: string[];
}

export interface RecordCheck {
  file: string;
  records: number;
  violations: Violation[];
  /** `METHOD path` of records whose path is not a contract operation (not checked). */
  outsideContract: string[];
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export function parseRecordLines(text: string): { line: number; record?: RecordedRequest; error?: string }[] {
  const out: { line: number; record?: RecordedRequest; error?: string }[] = [];
  text.split("\n").forEach((raw, i) => {
    if (raw.trim() === "") return;
    try {
      out.push({ line: i + 1, record: JSON.parse(raw) as RecordedRequest });
    } catch (err) {
      out.push({ line: i + 1, error: `not JSON: ${(err as Error).message}` });
    }
  });
  return out;
}

/**
 * The contract describes Kibana 9.x. A record of a simulated 8.x Kibana leaves out what 8.x had beyond
 * it: `fleet_server_hosts` in the Fleet settings, removed in 9.0 (src/sim/resources/settings.ts).
 */
function asContractRecord(record: RecordedRequest): RecordedRequest {
  const older = record.kibanaVersion !== undefined && compareVersions(record.kibanaVersion, "9.0.0") < 0;
  if (!older || record.path !== "/api/fleet/settings") return record;
  const without = (body: unknown) => {
    if (!body || typeof body !== "object" || Array.isArray(body)) return body;
    const { fleet_server_hosts: _hosts, ...rest } = body as Record<string, unknown>;
    return rest;
  };
  const response = record.responseBody as { item?: unknown } | undefined;
  const responseBody = response?.item ? { ...response, item: without(response.item) } : response;
  return { ...record, requestBody: without(record.requestBody), responseBody };
}

/** Validates one record; returns its violations and whether its path is in the contract. */
export function checkRecord(
  recorded: RecordedRequest,
  line: number,
): { violations: Violation[]; inContract: boolean } {
  const record = asContractRecord(recorded);
  const method = String(record.method ?? "").toUpperCase();
  const status = typeof record.status === "number" ? record.status : undefined;
  const base = { line, method, path: String(record.path), status };
  if (!method || typeof record.path !== "string" || status === undefined) {
    return {
      violations: [{ ...base, part: "record", errors: ["record lacks method, path or numeric status"] }],
      inContract: true,
    };
  }
  const template = matchPath(method, record.path);
  if (!template) return { violations: [], inContract: false };
  const violations: Violation[] = [];
  if (template !== record.path) {
    violations.push({
      ...base,
      part: "record",
      errors: [`path should be the contract template ${template} (without /s/{space_id})`],
    });
  }
  if (BODY_METHODS.has(method) && record.requestBody !== undefined && status !== 400 && status !== 401) {
    const errors = validateRequestBody(method, template, record.requestBody);
    if (errors.length > 0) violations.push({ ...base, path: template, part: "request", errors });
  }
  const errors = validateResponse(method, template, status, record.responseBody);
  if (errors.length > 0) violations.push({ ...base, path: template, part: "response", errors });
  return { violations, inContract: true };
}

export function checkRecordFile(file: string): RecordCheck {
  const text = readFileSync(file, "utf8");
  const result: RecordCheck = { file, records: 0, violations: [], outsideContract: [] };
  for (const { line, record, error } of parseRecordLines(text)) {
    result.records++;
    if (!record) {
      result.violations.push({
        line,
        method: "?",
        path: "?",
        status: undefined,
        part: "record",
        errors: [error!],
      });
      continue;
    }
    const { violations, inContract } = checkRecord(record, line);
    result.violations.push(...violations);
    if (!inContract) result.outsideContract.push(`${record.method} ${record.path}`);
  }
  return result;
}

/** A readable list of the first `max` violations. */
export function formatViolations(check: RecordCheck, max = 20): string {
  const lines = [
    `${check.violations.length} OpenAPI contract violation(s) in ${check.records} recorded simulator request(s) (${check.file}):`,
  ];
  for (const v of check.violations.slice(0, max)) {
    lines.push(`  line ${v.line}: ${v.method} ${v.path} → ${v.status ?? "?"} (${v.part} body)`);
    for (const e of v.errors.slice(0, 8)) lines.push(`      ${e}`);
    if (v.errors.length > 8) lines.push(`      … ${v.errors.length - 8} more ajv error(s)`);
  }
  if (check.violations.length > max) lines.push(`  … and ${check.violations.length - max} more`);
  return lines.join("\n");
}
