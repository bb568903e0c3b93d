import { isDeepStrictEqual } from "node:util";
import { alignSequences } from "../util/lcs.js";
import { toPointer } from "../util/secret-references.js";

/**
 * One RFC 6902 operation of a diff. Applied in order, the operations turn the old value into the new
 * one. `old` is the value a replace or remove overwrites, taken from the old value where the element
 * really was (list indices shift as operations apply, so the path alone does not find it).
 */
export interface DiffOperation {
  op: "add" | "remove" | "replace";
  path: string;
  value?: unknown;
  old?: unknown;
}

/**
 * Fields that identify an element of a list of objects, tried in this order: the first that every
 * element on both sides has as a scalar, unique on each side, is the list's identity (`key` in Cases
 * custom fields and templates, `name` in global data tags, `topic` in Kafka topics...). Elements are
 * matched by it, wherever they sit, so an insertion in the middle is one added element.
 */
const IDENTITY_FIELDS: readonly (readonly string[])[] = [
  ["key"],
  ["id"],
  ["type", "policy_template"],
  ["name"],
  ["topic"],
];

/**
 * The operations that turn `before` into `after`. Objects compare key by key. A list of plain values
 * (hosts, tags, policy_ids) is replaced whole: renderers show it element by element. A list of objects
 * is aligned, by identity where its elements have one (IDENTITY_FIELDS) and by equal elements otherwise
 * (a longest common subsequence, where a removed and an added element side by side are one changed
 * element): only the elements that came, went or changed have operations.
 */
export function diffValues(before: unknown, after: unknown, path = ""): DiffOperation[] {
  const out: DiffOperation[] = [];
  diffValue(before, after, path, out);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function diffValue(before: unknown, after: unknown, path: string, out: DiffOperation[]): void {
  // The very same value has nothing to change (JSON values: no member is undefined). Comparable forms
  // share the parts they have in common, so most of an unchanged object is skipped here.
  if (before === after) return;
  if (before === undefined) {
    if (after !== undefined) out.push({ op: "add", path, value: after });
  } else if (Array.isArray(before) && Array.isArray(after)) diffLists(before, after, path, out);
  else if (isObject(before) && isObject(after)) diffObjects(before, after, path, out);
  else if (before !== after) out.push({ op: "replace", path, value: after, old: before });
}

/** Key by key; removed and changed keys from the last to the first, then added keys (fast-json-patch's order). */
function diffObjects(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: string,
  out: DiffOperation[],
) {
  const keys = Object.keys(before);
  for (let k = keys.length - 1; k >= 0; k--) {
    const key = keys[k]!;
    const at = `${path}${toPointer([key])}`;
    if (after[key] === undefined) out.push({ op: "remove", path: at, old: before[key] });
    else diffValue(before[key], after[key], at, out);
  }
  for (const [key, value] of Object.entries(after)) {
    if (!(key in before) && value !== undefined)
      out.push({ op: "add", path: `${path}${toPointer([key])}`, value });
  }
}

function diffLists(before: unknown[], after: unknown[], path: string, out: DiffOperation[]) {
  if (isDeepStrictEqual(before, after)) return;
  if ([...before, ...after].every((v) => v === null || typeof v !== "object")) {
    out.push({ op: "replace", path, value: after, old: before });
    return;
  }
  const pairs = matchElements(before, after, listIdentity(before, after));
  const kept = new Set(pairs.values());
  // Removals first, from the last: each index is still the element's own, then the list holds the
  // kept elements in their new order, and each addition or change lands at its final index.
  for (let i = before.length - 1; i >= 0; i--) {
    if (!kept.has(i)) out.push({ op: "remove", path: `${path}/${i}`, old: before[i] });
  }
  after.forEach((element, j) => {
    const i = pairs.get(j);
    if (i === undefined) out.push({ op: "add", path: `${path}/${j}`, value: element });
    else diffValue(before[i], element, `${path}/${j}`, out);
  });
}

/**
 * Which old element (index) each new element (index) is, for the elements that stay: by `identity`
 * when given, else by equal values.
 */
function matchElements(
  before: unknown[],
  after: unknown[],
  identity: readonly string[] | undefined,
): Map<number, number> {
  const keyOf = (e: unknown) =>
    identity ? identityOf(e as Record<string, unknown>, identity) : canonicalJson(e);
  const beforeKeys = before.map(keyOf);
  const afterKeys = after.map(keyOf);
  const pairs = new Map<number, number>();
  let removed: number[] = [];
  let inserted: number[] = [];
  // Without identity, elements removed and added between the same kept ones are changed in place.
  const pairRun = () => {
    if (!identity) {
      const n = Math.min(removed.length, inserted.length);
      for (let k = 0; k < n; k++) {
        const [i, j] = [removed[k]!, inserted[k]!];
        if (sameShape(before[i], after[j])) pairs.set(j, i);
      }
    }
    removed = [];
    inserted = [];
  };
  for (const s of alignSequences(beforeKeys, afterKeys)) {
    if (s.step === "keep") {
      pairRun();
      pairs.set(s.j, s.i);
    } else if (s.step === "remove") removed.push(s.i);
    else inserted.push(s.j);
  }
  pairRun();
  return pairs;
}

/** The first IDENTITY_FIELDS every element has as scalars, and that no two elements of one side share. */
function listIdentity(before: unknown[], after: unknown[]): readonly string[] | undefined {
  const unique = (list: unknown[], fields: readonly string[]) =>
    new Set(list.map((e) => identityOf(e as Record<string, unknown>, fields))).size === list.length;
  return IDENTITY_FIELDS.find(
    (fields) =>
      [...before, ...after].every(
        (e) => isObject(e) && fields.every((f) => typeof e[f] === "string" || typeof e[f] === "number"),
      ) &&
      unique(before, fields) &&
      unique(after, fields),
  );
}

const identityOf = (element: Record<string, unknown>, fields: readonly string[]) =>
  JSON.stringify(fields.map((f) => element[f]));

const sameShape = (a: unknown, b: unknown) =>
  a !== null &&
  b !== null &&
  typeof a === "object" &&
  typeof b === "object" &&
  Array.isArray(a) === Array.isArray(b);

/** JSON with object keys sorted: equal values, equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
