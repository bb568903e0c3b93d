// What fleetform's reads are compared with, measured from the benchmark's own process against the
// same simulator: the list pages alone (the lower bound of a plan) and a Terraform-style refresh
// (one GET per object).
import { KINDS } from "../dist/kinds/index.js";
import { RESULT_WINDOW } from "../dist/read/list-all.js";
import { API_KEY } from "./processes.js";

const headers = { authorization: `ApiKey ${API_KEY}` };
/** fleetform reads this many pages of one list at once (src/read/list-all.ts). */
const PAGES_AT_ONCE = 8;

async function getJson(base, path, query) {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return JSON.parse(await res.text());
}

async function pool(count, width, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

function measured(fn) {
  return async (...args) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const result = await fn(...args);
    const used = process.cpuUsage(cpu);
    return { wallMs: performance.now() - t0, cpuMs: (used.user + used.system) / 1000, ...result };
  };
}

/** The kinds whose list route appears in a step's requests: the lists that step read. */
export function kindsListed(byRoute) {
  return KINDS.filter((k) => byRoute[`${k.list.method ?? "GET"} ${k.list.path}`]);
}

/**
 * Fetches and parses every page of the lists given, as fleetform pages them (all kinds at once,
 * eight pages of a kind at once), and nothing else: the time a plan cannot go below.
 */
export const readListsOnly = measured(async (base, kinds) => {
  let requests = 0;
  const ids = new Map();
  await Promise.all(
    kinds.map(async (kind) => {
      const { list } = kind;
      // Lists past Kibana's result window are read as fleetform reads them: sorted, window after window.
      const sorted = list.beyondWindow ? { sortField: list.beyondWindow.sortField, sortOrder: "asc" } : {};
      const items = [];
      let kuery;
      for (;;) {
        const query = { ...list.query, ...sorted, ...(kuery ? { kuery } : {}) };
        const first = await getJson(base, list.path, {
          ...query,
          ...(list.perPage ? { page: 1, perPage: list.perPage } : {}),
        });
        requests++;
        items.push(...(list.shape === "items" ? first.items : list.shape === "item" ? [first.item] : first));
        if (list.shape !== "items" || !list.perPage) break;
        const pages = Math.min(
          Math.ceil(first.total / first.perPage),
          Math.floor(RESULT_WINDOW / first.perPage),
        );
        const window = [first.items];
        await pool(pages - 1, PAGES_AT_ONCE, async (i) => {
          const page = await getJson(base, list.path, { ...query, page: i + 2, perPage: first.perPage });
          requests++;
          window[i + 1] = page.items;
          items.push(...page.items);
        });
        const read = window.reduce((n, page) => n + page.length, 0);
        const last = window.at(-1)?.at(-1);
        if (read >= first.total || !list.beyondWindow || !last) break;
        const value = String(last[list.beyondWindow.sortField]).replace(/[\\"]/g, (c) => `\\${c}`);
        kuery = `${list.beyondWindow.kueryField} > "${value}"`;
      }
      ids.set(kind, kind.liveIdentity ? items.map(kind.liveIdentity) : items.map((o) => String(o.id)));
    }),
  );
  return { requests, ids };
});

/** One GET per object, `parallelism` at a time: how a Terraform-style refresh reads the same objects. */
export const refreshEachObject = measured(async (base, idsByKind, parallelism = 10) => {
  const reads = [...idsByKind].flatMap(([kind, ids]) => ids.map((id) => kind.get(id)));
  await pool(reads.length, parallelism, async (i) => {
    await getJson(base, reads[i].path, reads[i].query);
  });
  return { requests: reads.length };
});
