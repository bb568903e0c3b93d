/**
 * Cases configuration checks beyond the contract. Sources: CASES/common/types/domain/connector/v1.ts
 * (`ConnectorTypeFieldsRt`), CASES/server/client/validators.ts (`validateDuplicatedKeysInRequest`,
 * `validateDuplicatedObservableTypesInRequest`), CASES/server/client/configure/validators.ts,
 * CASES/server/client/cases/validators.ts, CASES/server/client/utils.ts (`transformTemplateCustomFields`).
 */
import { badRequest } from "../errors.js";
import type { Obj } from "../store.js";

/** The keys of each connector type's `fields` (io-ts `rt.strict`, every key required, nullable). */
const CONNECTOR_FIELDS: Record<string, { required: string[]; optional?: string[] } | null> = {
  ".none": null,
  ".cases-webhook": null,
  ".jira": { required: ["issueType", "priority", "parent"] },
  ".resilient": { required: ["incidentTypes", "severityCode"] },
  ".servicenow": { required: ["impact", "severity", "urgency", "category", "subcategory"] },
  ".servicenow-sir": {
    required: ["category", "destIp", "malwareHash", "malwareUrl", "priority", "sourceIp", "subcategory"],
    optional: ["additionalFields"],
  },
  ".swimlane": { required: ["caseId"] },
};

/** The 400 of io-ts decoding, in its reporter's style (Kibana's tests check only the status). */
const invalid = (value: unknown, path: string) =>
  badRequest(`Invalid value ${JSON.stringify(value)} supplied to "${path}"`);

export function checkConnectorFields(connector: Obj | undefined, path = "connector"): void {
  if (!connector) return;
  const spec = CONNECTOR_FIELDS[connector.type];
  const fields = connector.fields;
  if (fields === null) return;
  if (spec === null || spec === undefined || typeof fields !== "object")
    throw invalid(fields, `${path},fields`);
  const allowed = new Set([...spec.required, ...(spec.optional ?? [])]);
  const missing = spec.required.filter((k) => !(k in fields));
  const excess = Object.keys(fields).filter((k) => !allowed.has(k));
  if (missing.length || excess.length) throw invalid(fields, `${path},fields`);
}

export function checkDuplicatedKeys(items: Obj[] | undefined | null, fieldName: string): void {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const item of items ?? []) (seen.has(item.key) ? dup : seen).add(item.key);
  if (dup.size) throw badRequest(`Invalid duplicated ${fieldName} keys in request: ${[...dup]}`);
}

/** OBSERVABLE_TYPES_BUILTIN (CASES/common/constants/observables.ts). */
const BUILTIN_OBSERVABLES = [
  ["IPv4", "observable-type-ipv4"],
  ["IPv6", "observable-type-ipv6"],
  ["URL", "observable-type-url"],
  ["Host name", "observable-type-hostname"],
  ["File hash", "observable-type-file-hash"],
  ["File path", "observable-type-file-path"],
  ["Email", "observable-type-email"],
  ["Domain", "observable-type-domain"],
];

/** Labels (and keys) must be unique, case-insensitively, among themselves and the built-in types. */
export function checkObservableTypes(types: Obj[] | undefined): void {
  const labels = new Set(BUILTIN_OBSERVABLES.map(([l]) => l!.toLowerCase()));
  const keys = new Set(BUILTIN_OBSERVABLES.map(([, k]) => k!.toLowerCase()));
  const dup = new Set<string>();
  for (const t of types ?? []) {
    const label = String(t.label).toLowerCase();
    const key = String(t.key).toLowerCase();
    if (labels.has(label) || keys.has(key)) dup.add(label);
    labels.add(label);
    keys.add(key);
  }
  if (dup.size) throw badRequest(`Invalid duplicated observable types in request: ${[...dup]}`);
}

/** Changing the type of an existing custom field is refused (configure/validators.ts). */
export function checkCustomFieldTypeChanges(fields: Obj[] | undefined, previous: Obj[]): void {
  const wrong = (fields ?? [])
    .filter((f) => previous.some((p) => p.key === f.key && p.type !== f.type))
    .map((f) => `"${f.label}"`);
  if (wrong.length)
    throw badRequest(`Invalid custom field types in request for the following labels: ${wrong.join(", ")}`);
}

/** validateTemplatesCustomFieldsInRequest: template custom fields must match the configured ones. */
export function checkTemplates(templates: Obj[] | undefined, customFields: Obj[] | undefined): void {
  checkDuplicatedKeys(templates, "templates");
  (templates ?? []).forEach((template, index) => {
    const fields: Obj[] = template.caseFields?.customFields ?? [];
    if (customFields === undefined && fields.length) throw badRequest("No custom fields configured.");
    if (!fields.length && customFields?.length) throw badRequest("No custom fields added to template.");
    checkDuplicatedKeys(fields, `templates[${index}]'s customFields`);
    const unknown = fields.filter((f) => !customFields?.some((c) => c.key === f.key)).map((f) => f.key);
    if (unknown.length) throw badRequest(`Invalid custom field keys: ${unknown}`);
    const wrong = (customFields ?? [])
      .filter((c) => fields.some((f) => f.key === c.key && f.type !== c.type))
      .map((c) => `"${c.label ?? "Unknown"}"`);
    if (wrong.length)
      throw badRequest(`The following custom fields have the wrong type in the request: ${wrong.join(", ")}`);
    checkConnectorFields(template.caseFields?.connector, `templates,${index},caseFields,connector`);
  });
}

/**
 * transformTemplateCustomFields (on PATCH): custom fields no longer configured are removed from the
 * templates and configured ones they lack are added with the field's default (a toggle's is false).
 */
export function fillTemplateCustomFields(templates: Obj[], customFields: Obj[] | undefined): Obj[] {
  return templates.map((template) => {
    if (!customFields?.length)
      return { ...template, caseFields: { ...template.caseFields, customFields: [] } };
    const kept = (template.caseFields?.customFields ?? []).filter((f: Obj) =>
      customFields.some((c) => c.key === f.key),
    );
    for (const c of customFields) {
      if (kept.some((f: Obj) => f.key === c.key)) continue;
      kept.push({ key: c.key, type: c.type, value: c.defaultValue ?? (c.type === "toggle" ? false : null) });
    }
    return { ...template, caseFields: { ...template.caseFields, customFields: kept } };
  });
}
