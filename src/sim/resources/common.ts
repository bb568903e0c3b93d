/** Helpers shared by the resource handlers: ids, hosts, paging, kuery, revision bumps. */

import { nowIso } from "../context.js";
import { badRequest, HttpError } from "../errors.js";
import type { Obj, Store } from "../store.js";

/** `validateFleetSavedObjectId` (FLEET/common/services). */
export function validateId(id: unknown): void {
  if (id === undefined) return;
  const s = String(id);
  let reason: string | undefined;
  if (s.length < 1 || s.length > 255) reason = "it must be between 1 and 255 characters long";
  else if (s.includes("/") || s.includes("..")) reason = 'it must not contain "/" or ".."';
  else if (["__proto__", "constructor", "prototype"].includes(s)) reason = "it is a reserved word";
  else if (/["';\\()]/.test(s)) reason = `it must not contain any of " ' ; \\ ( )`;
  if (reason) throw badRequest(`id is not valid: ${s} (${reason})`);
}

/** `{items,total,page,perPage}` for list endpoints without paging parameters (everything, one page). */
export function allInOnePage(items: Obj[]): Obj {
  return { items, total: items.length, page: 1, perPage: Math.max(items.length, 10000) };
}

export function paginate(
  items: Obj[],
  query: Obj,
): { items: Obj[]; total: number; page: number; perPage: number } {
  const page = Number(query.page ?? 1);
  const perPage = Number(query.perPage ?? 20);
  if (page * perPage > 10000 && perPage > 0) {
    throw badRequest(
      `Result window is too large, from + size must be less than or equal to: [10000] but was [${page * perPage}].`,
    );
  }
  const start = (Math.max(page, 1) - 1) * perPage;
  return { items: items.slice(start, start + perPage), total: items.length, page, perPage };
}

export function sortBy(items: Obj[], field: string, order: "asc" | "desc"): Obj[] {
  const dir = order === "asc" ? 1 : -1;
  // Each item's key read once (a list page sorts every object of its kind, thousands of them).
  const keyed = items.map((item) => ({ item, key: getPath(item, field), seq: item._seq ?? 0 }));
  keyed.sort((a, b) => {
    const x = a.key;
    const y = b.key;
    if (x === y) return (a.seq - b.seq) * dir; // later writes first when descending
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    return x < y ? -dir : dir;
  });
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i]!.item;
  return items;
}

export function getPath(obj: Obj, path: string): any {
  let v: any = obj;
  for (const p of path.split(".")) v = v?.[p];
  return v;
}

type Clause = (o: Obj) => boolean;

/**
 * Valid KQL whose key is not wrapped in the saved-object type (`name:x`, a bare `x`): Kibana's
 * saved-object filter validation answers 400; the agent-policy list retries such a kuery as a search.
 */
export class KueryKeyError extends HttpError {
  constructor(key: string, type: string) {
    super(
      400,
      key
        ? `This key '${key}' need to be wrapped by a saved object type like ${type}`
        : `The key is empty and needs to be wrapped by a saved object type like ${type}`,
    );
  }
}

/** The agent-policy list's fallback for a kuery Kibana cannot filter on: a search of the names. */
export function searchMatcher(text: string): Clause {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean);
  return (o) =>
    terms.some((t) =>
      String(o.name ?? "")
        .toLowerCase()
        .includes(t.replace(/\*/g, "")),
    );
}

/**
 * A KQL subset: `field:value`, `field:"phrase"`, `field:prefix*`, `not`, `and`/`or`, parentheses.
 * Saved-object type prefixes (`ingest-agent-policies.`, `fleet-package-policies.`, …) are stripped.
 */
export function parseKuery(
  kuery: string | undefined,
  typePrefixes: string[],
  /** Saved-object lists need `<type>.` on every key (enrollment keys query their index directly). */
  requirePrefix = false,
): Clause {
  if (!kuery?.trim()) return () => true;
  // A `field:"quoted phrase"` is one token even though the phrase has spaces.
  const tokens = kuery.match(/[^\s()":]+:"(?:[^"\\]|\\.)*"|"(?:[^"\\]|\\.)*"|\(|\)|[^\s()]+/g) ?? [];
  let pos = 0;
  const fail = (): never => {
    throw badRequest(`KQLSyntaxError: Expected "(", NOT or field name but "${kuery}" found.`);
  };
  const peek = () => tokens[pos]?.toLowerCase();
  /** Operands joined by `word` (or, and): one clause that holds when any (or) or every (and) does. */
  const joined = (word: "or" | "and", operand: () => Clause): Clause => {
    const parts = [operand()];
    while (peek() === word) {
      pos++;
      parts.push(operand());
    }
    return word === "or" ? (o) => parts.some((p) => p(o)) : (o) => parts.every((p) => p(o));
  };
  const parseOr = (): Clause => joined("or", parseAnd);
  const parseAnd = (): Clause => joined("and", parseNot);
  const parseNot = (): Clause => {
    if (peek() === "not") {
      pos++;
      const inner = parseNot();
      return (o) => !inner(o);
    }
    if (tokens[pos] === "(") {
      pos++;
      const inner = parseOr();
      if (tokens[pos] !== ")") fail();
      pos++;
      return inner;
    }
    const tok = tokens[pos++] ?? fail();
    let field: string;
    let raw: string;
    let range: RangeOperator | undefined;
    const colon = tok.indexOf(":");
    if (RANGE_OPERATORS.includes(tokens[pos] as RangeOperator) && colon < 0 && tokens[pos + 1]) {
      // `field > value`: a range (KQL's RangeOperator), on keywords compared as strings.
      field = tok;
      range = tokens[pos] as RangeOperator;
      raw = tokens[pos + 1]!;
      pos += 2;
    } else if (colon > 0 && colon < tok.length - 1) {
      field = tok.slice(0, colon);
      raw = tok.slice(colon + 1);
    } else if (colon === tok.length - 1 && tokens[pos] !== undefined) {
      field = tok.slice(0, -1);
      raw = tokens[pos++]!;
    } else if (colon < 0 && requirePrefix) {
      throw new KueryKeyError("", typePrefixes[0]!);
    } else return fail();
    // a KQL field is unquoted name characters: `'test:'` is a syntax error, not a key
    if (!/^[\w.@*-]+$/.test(field)) fail();
    const prefix = typePrefixes.find((p) => field.startsWith(`${p}.`));
    if (prefix) field = field.slice(prefix.length + 1);
    else if (requirePrefix) throw new KueryKeyError(field, typePrefixes[0]!);
    if (field.startsWith("attributes.")) field = field.slice("attributes.".length);
    return range ? rangeMatcher(field, range, raw) : valueMatcher(field, raw);
  };
  const clause = parseOr();
  if (pos !== tokens.length) fail();
  return clause;
}

const RANGE_OPERATORS = [">", ">=", "<", "<="] as const;
type RangeOperator = (typeof RANGE_OPERATORS)[number];

/** A range on a keyword field: Elasticsearch compares the terms as strings. */
function rangeMatcher(field: string, op: RangeOperator, raw: string): Clause {
  const bound =
    raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2
      ? raw.slice(1, -1).replace(/\\(.)/g, "$1")
      : raw;
  const within = (v: string) =>
    op === ">" ? v > bound : op === ">=" ? v >= bound : op === "<" ? v < bound : v <= bound;
  return (o) => {
    const v = getPath(o, field);
    return Array.isArray(v)
      ? v.some((x) => within(String(x)))
      : v !== undefined && v !== null && within(String(v));
  };
}

function valueMatcher(field: string, raw: string): Clause {
  const test = (pred: (v: string) => boolean): Clause => {
    return (o) => {
      const v = getPath(o, field);
      return Array.isArray(v)
        ? v.some((x) => pred(String(x)))
        : v !== undefined && v !== null && pred(String(v));
    };
  };
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    const phrase = raw.slice(1, -1).replace(/\\(.)/g, "$1").toLowerCase();
    return test((v) => v.toLowerCase() === phrase);
  }
  if (raw === "*") return (o) => getPath(o, field) !== undefined && getPath(o, field) !== null;
  if (raw.includes("*")) {
    const re = new RegExp(`^${raw.split("*").map(escapeRe).join(".*")}$`, "i");
    return test((v) => re.test(v));
  }
  const value = raw.toLowerCase();
  return test((v) => v.toLowerCase() === value);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Bumps an agent policy's revision (a saved-object write: new version, updated_at/updated_by). */
export function bumpAgentPolicy(store: Store, id: string, user: string): void {
  const ap = store.agentPolicies.get(id);
  if (!ap) return;
  ap.revision = (ap.revision ?? 0) + 1;
  ap.updated_at = nowIso();
  ap.updated_by = user;
  store.touch(ap, true);
}

export function bumpAgentPolicies(store: Store, ids: Iterable<string>, user: string): void {
  for (const id of new Set(ids)) bumpAgentPolicy(store, id, user);
}

/**
 * What deleting a download source or Fleet Server host does to the agent policies naming it:
 * `removeDefaultSourceFromAll` / `removeFleetServerHostFromAll` (FLEET/server/services/agent_policy.ts)
 * set the field to null through a normal update without force, which a hosted policy refuses (400).
 */
export function clearAgentPolicyReference(store: Store, field: string, id: string, user: string): void {
  for (const ap of store.agentPolicies.values()) {
    if (ap[field] !== id) continue;
    if (ap.is_managed) {
      throw badRequest(
        `Cannot update ${field} in Fleet because the agent policy is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.`,
      );
    }
    ap[field] = null;
    bumpAgentPolicy(store, ap.id, user);
  }
}

/** Agent policies that use an output (data/monitoring) or whose package policies do. */
export function agentPoliciesUsingOutput(store: Store, outputId: string): string[] {
  const ids = new Set<string>();
  for (const ap of store.agentPolicies.values()) {
    if (ap.data_output_id === outputId || ap.monitoring_output_id === outputId) ids.add(ap.id);
  }
  for (const pp of store.packagePolicies.values()) {
    if (pp.output_id === outputId) for (const id of pp.policy_ids ?? []) ids.add(id);
  }
  return [...ids];
}

/** Kibana's isValidNamespace (FLEET/common/services/is_valid_namespace.ts); `prefix` is the route's framing. */
export function validateNamespace(ns: string, prefix: string): void {
  let reason: string | undefined;
  if (ns !== ns.toLowerCase()) reason = "must be lowercase";
  else if (Buffer.byteLength(ns) > 100) reason = "cannot be more than 100 bytes";
  else if (/[\\/*?"<>|,#:\- ]/.test(ns))
    reason = 'contains invalid characters \\, /, *, ?, ", <, >, |, ,, #, :, -, or space';
  if (reason) throw badRequest(`${prefix}Namespace ${reason}`);
}
