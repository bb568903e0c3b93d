/** Cases configuration (`/api/cases/configure`). Source: CASES/server/client/configure/client.ts. */
import { randomUUID } from "node:crypto";
import { nowIso, type Req, type Route, type SimContext } from "../context.js";
import { conflict, notFound } from "../errors.js";
import { type Obj, publicView } from "../store.js";
import { rejectExcessKeys, validateBody } from "../validate.js";
import {
  checkConnectorFields,
  checkCustomFieldTypeChanges,
  checkDuplicatedKeys,
  checkObservableTypes,
  checkTemplates,
  fillTemplateCustomFields,
} from "./cases-checks.js";

const POST_KEY = "POST /api/cases/configure";
const PATCH_KEY = "PATCH /api/cases/configure/{configurationId}";

const MAPPINGS: Record<string, { source: string; target: string; action_type: string }[]> = {
  ".jira": [
    { source: "title", target: "summary", action_type: "overwrite" },
    { source: "description", target: "description", action_type: "overwrite" },
    { source: "tags", target: "labels", action_type: "overwrite" },
    { source: "comments", target: "comments", action_type: "append" },
  ],
  ".servicenow": [
    { source: "title", target: "short_description", action_type: "overwrite" },
    { source: "description", target: "description", action_type: "overwrite" },
    { source: "comments", target: "work_notes", action_type: "append" },
  ],
  ".servicenow-sir": [
    { source: "title", target: "short_description", action_type: "overwrite" },
    { source: "description", target: "description", action_type: "overwrite" },
    { source: "comments", target: "work_notes", action_type: "append" },
  ],
  ".resilient": [
    { source: "title", target: "name", action_type: "overwrite" },
    { source: "description", target: "description", action_type: "overwrite" },
    { source: "comments", target: "comments", action_type: "append" },
  ],
};

const userOf = (username: string) => ({ username, full_name: null, email: null });

function ownersOf(q: unknown): string[] | undefined {
  if (q === undefined) return undefined;
  return Array.isArray(q) ? q.map(String) : [String(q)];
}

function list(req: Req, { store }: SimContext) {
  const owners = ownersOf(req.query.owner);
  return [...store.cases.values()]
    .filter((c) => c._space === req.space && (!owners || owners.includes(c.owner)))
    .map((c) => publicView(c));
}

function create(req: Req, { store }: SimContext) {
  const body = req.body as Obj;
  rejectExcessKeys(POST_KEY, body);
  validateBody(POST_KEY, body, { nullDefaults: false });
  checkConnectorFields(body.connector);
  checkDuplicatedKeys(body.customFields, "customFields");
  checkTemplates(body.templates, body.customFields);
  checkObservableTypes(body.observableTypes);
  for (const c of [...store.cases.values()]) {
    if (c._space === req.space && c.owner === body.owner) store.cases.delete(c.id);
  }
  const config: Obj = {
    customFields: [],
    templates: [],
    observableTypes: [],
    ...body,
    id: randomUUID(),
    created_at: nowIso(),
    created_by: userOf(req.user),
    updated_at: null,
    updated_by: null,
    mappings: MAPPINGS[body.connector.type] ?? [],
    error: null,
    _space: req.space,
  };
  store.touch(config, true);
  store.cases.set(config.id, config);
  return publicView(config);
}

function patch(req: Req, { store }: SimContext) {
  const id = req.params.configurationId!;
  const body = req.body as Obj;
  rejectExcessKeys(PATCH_KEY, body);
  validateBody(PATCH_KEY, body, { nullDefaults: false });
  checkConnectorFields(body.connector);
  checkDuplicatedKeys(body.customFields, "customFields");
  checkObservableTypes(body.observableTypes);
  const stored = store.cases.get(id);
  if (!stored || stored._space !== req.space)
    throw notFound(`Saved object [cases-configure/${id}] not found`);
  checkCustomFieldTypeChanges(body.customFields, stored.customFields ?? []);
  const { version: _v, ...changes } = body;
  if (changes.templates !== undefined) {
    changes.templates = fillTemplateCustomFields(changes.templates, body.customFields);
    checkTemplates(changes.templates, body.customFields);
  }
  // the version is compared only after the request is found valid (configure/client.ts `update`)
  if (body.version !== stored.version) {
    throw conflict("This configuration has been updated. Please refresh before saving additional updates.");
  }
  const next: Obj = { ...stored, ...changes, updated_at: nowIso(), updated_by: userOf(req.user) };
  if (changes.connector) next.mappings = MAPPINGS[changes.connector.type] ?? [];
  store.touch(next, true);
  store.cases.set(id, next);
  return publicView(next);
}

export const casesRoutes: Route[] = [
  { method: "GET", template: "/api/cases/configure", handler: list },
  { method: "POST", template: "/api/cases/configure", handler: create, customValidation: true },
  {
    method: "PATCH",
    template: "/api/cases/configure/{configurationId}",
    handler: patch,
    customValidation: true,
  },
  // a fresh Kibana has no case connectors
  { method: "GET", template: "/api/cases/configure/connectors/_find", handler: () => [] },
];
