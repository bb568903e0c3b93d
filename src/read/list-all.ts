/**
 * Reading every live object of a kind, or failing: a list that is malformed, cut short by a capped
 * `perPage`, or changing under the read is an error, never "no objects". A plan made on a partial
 * read would create what exists and, with --prune, delete what it did not see.
 */
import pLimit from "p-limit";
import { KibanaAnswerError, KibanaApiError } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import type { HttpMethod } from "../client/types.js";
import type { Body, KindDescriptor } from "../kinds/types.js";

/** A page of a Fleet list: `{items,total,page,perPage}` (docs/kibana-fleet-behaviours.md). */
interface ListPage {
  items: Body[];
  total: number;
  page: number;
  perPage: number;
}

/** Pages of one list read at the same time: enough to be quick, few enough not to flood Kibana. */
const PAGES_AT_ONCE = 8;

/**
 * Kibana's saved-object lists answer at most this many objects from one query: page × perPage may
 * not pass Elasticsearch's index.max_result_window (SO find answers 400 "Result window is too large").
 */
export const RESULT_WINDOW = 10_000;

/** Every object of the kind; a list that is not whole is an error. `signal` stops the read. */
export async function listAll(
  client: KibanaClient,
  kind: KindDescriptor,
  signal?: AbortSignal,
): Promise<Body[]> {
  const { items, incomplete } = await readList(client, kind, signal);
  if (incomplete) throw incomplete;
  return items;
}

/**
 * The objects of a kind that could be read, and why the list is not whole, if it is not (capped or
 * changing while read: writes running alongside change it). What was read is still true; what is
 * missing may exist. A malformed answer is an error all the same.
 */
export async function readList(
  client: KibanaClient,
  kind: KindDescriptor,
  signal?: AbortSignal,
): Promise<{ items: Body[]; incomplete?: KibanaAnswerError }> {
  const { list } = kind;
  const method: HttpMethod = list.method ?? "GET";
  type Query = Record<string, string | number | boolean | undefined>;
  const queryFor = (page: number | undefined, perPage: number | undefined): Query => ({
    ...list.query,
    // A list read in windows is read in the order the windows follow, from the first page on.
    ...(list.beyondWindow ? { sortField: list.beyondWindow.sortField, sortOrder: "asc" } : {}),
    ...(page !== undefined ? { page, perPage } : {}),
  });
  const get = async (query: Query) => {
    const res = await client.request(method, list.path, { query, allowErrors: list.notFoundIsEmpty, signal });
    return { ...res, url: client.urlFor(list.path, query) };
  };
  const malformed = (url: string, why: string) =>
    new KibanaAnswerError(method, url, 200, `is not the list Kibana answers: ${why}; nothing was planned`);

  const firstQuery = queryFor(list.perPage ? 1 : undefined, list.perPage);
  const first = await get(firstQuery);
  if (first.status === 404 && list.notFoundIsEmpty) return { items: [] };
  if (first.status >= 400) throw new KibanaApiError(method, list.path, first.status, first.body);

  if (list.shape === "item") {
    const item = isObject(first.body) ? first.body.item : undefined;
    if (!isObject(item)) throw malformed(first.url, "no `item` object");
    return { items: [item] };
  }
  if (list.shape === "array") {
    if (!Array.isArray(first.body) || !first.body.every(isObject))
      throw malformed(first.url, "not an array of objects");
    return { items: first.body };
  }

  if (list.uncounted) {
    const items = isObject(first.body) ? first.body.items : undefined;
    if (!Array.isArray(items) || !items.every(isObject))
      throw malformed(first.url, "no `items` array of objects");
    return { items };
  }
  const page1 = listPage(first.body, (why) => malformed(first.url, why));
  // Pages follow the page size Kibana answered, not the one asked for: Kibana or a proxy may cap it.
  const perPage = page1.perPage;
  const pagesPerWindow = list.perPage ? Math.max(1, Math.floor(RESULT_WINDOW / perPage)) : 1;
  const limit = pLimit(PAGES_AT_ONCE);
  const byId = new Map<string, Body>();
  let changed: ListPage | undefined;
  let pageCount = 0;
  let start = page1;
  let startQuery = firstQuery;
  for (;;) {
    // One window: the pages Kibana answers from one query (page × perPage ≤ RESULT_WINDOW).
    const count = list.perPage ? Math.min(Math.ceil(start.total / perPage), pagesPerWindow) : 1;
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, count - 1) }, (_, i) =>
        limit(async () => {
          const res = await get({ ...startQuery, page: i + 2, perPage });
          return listPage(res.body, (why) => malformed(res.url, why));
        }),
      ),
    );
    const window = [start, ...rest];
    pageCount += window.length;
    changed ??= rest.find((page) => page.total !== start.total || page.perPage !== perPage);
    for (const page of window) for (const item of page.items) byId.set(String(item.id), item);
    const windowItems = window.reduce((n, page) => n + page.items.length, 0);
    const remaining = start.total - windowItems;
    const last = window.at(-1)!.items.at(-1);
    // Only a whole window (every page full) says where the next one starts; a short one is reported below.
    const whole = count === pagesPerWindow && windowItems === count * perPage;
    if (remaining <= 0 || !list.beyondWindow || !last || changed || !whole) break;
    // The next window: the objects after the last one read, in the same (unique) order.
    const { sortField, kueryField } = list.beyondWindow;
    startQuery = { ...firstQuery, kuery: `${kueryField} > ${kqlString(String(last[sortField] ?? ""))}` };
    const next = await get(startQuery);
    start = listPage(next.body, (why) => malformed(next.url, why));
    if (start.total !== remaining || start.perPage !== perPage) changed = start;
  }
  if (changed || byId.size !== page1.total) {
    const read = `read ${byId.size} distinct ${kind.noun} objects of the ${page1.total} Kibana counts`;
    const why = changed
      ? `the list changed while it was read (page ${changed.page}: total ${changed.total}, perPage ${changed.perPage})`
      : list.perPage && page1.total > pagesPerWindow * perPage && !list.beyondWindow
        ? `Kibana answers at most ${RESULT_WINDOW} objects of this list (page × perPage, Elasticsearch's index.max_result_window)`
        : list.perPage
          ? `${pageCount} page${pageCount === 1 ? "" : "s"} of ${perPage} (fleetform asked for ${list.perPage})`
          : "in one answer (this list has no pages: Kibana lists at most 10 000)";
    const incomplete = new KibanaAnswerError(
      method,
      first.url,
      200,
      `is not a whole list: ${read}, ${why}. Nothing was planned: a plan on a partial read would create what exists and prune what it did not see. Run again; if it persists, look for what caps or alters Kibana's answers`,
    );
    return { items: [...byId.values()], incomplete };
  }
  return { items: [...byId.values()] };
}

/** A KQL quoted string. */
function kqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function listPage(body: unknown, malformed: (why: string) => Error): ListPage {
  if (!isObject(body)) throw malformed("not a JSON object");
  const { items, total, page, perPage } = body;
  if (!Array.isArray(items) || !items.every(isObject)) throw malformed("no `items` array of objects");
  for (const [name, value, min] of [
    ["total", total, 0],
    ["page", page, 1],
    ["perPage", perPage, 1],
  ] as const) {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min)
      throw malformed(`\`${name}\` is ${value === undefined ? "missing" : JSON.stringify(value)}`);
  }
  if (items.length > perPage) throw malformed(`${items.length} items in a page of ${perPage}`);
  return { items, total, page, perPage };
}

function isObject(value: unknown): value is Body {
  return !!value && typeof value === "object" && !Array.isArray(value);
}
