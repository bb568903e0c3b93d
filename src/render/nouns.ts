import type { KindName } from "../kinds/index.js";
import { KINDS, kindOf } from "../kinds/index.js";

/** A kind's noun in the plural ("agent policies", "Fleet settings"). */
export function pluralNoun(kind: KindName): string {
  const noun = kindOf(kind).noun;
  if (noun.endsWith("settings")) return noun;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** `3 outputs`, `1 agent policy`. */
export function countOf(kind: KindName, n: number): string {
  return `${n} ${n === 1 ? kindOf(kind).noun : pluralNoun(kind)}`;
}

/** A kind as a heading: "Agent policies". */
export function kindTitle(kind: KindName): string {
  const plural = pluralNoun(kind);
  return plural[0]!.toUpperCase() + plural.slice(1);
}

/** `1 object`, `2 objects`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * Kinds with the ones they reference first (proxies before the outputs that use them), the design's
 * table order where references do not decide: a plan read top to bottom meets a parent before its
 * children, as apply does.
 */
const KIND_ORDER: KindName[] = (() => {
  const order: KindName[] = [];
  const visit = (name: KindName, path: Set<KindName>) => {
    if (order.includes(name) || path.has(name)) return;
    path.add(name);
    for (const ref of kindOf(name).references) visit(ref.kind, path);
    order.push(name);
  };
  for (const kind of KINDS) visit(kind.name, new Set());
  return order;
})();

/** Items grouped by kind, parents' kinds first, items in their order (the apply order) within. */
export function groupByKind<T extends { kind: KindName }>(
  items: readonly T[],
): { kind: KindName; items: T[] }[] {
  return KIND_ORDER.map((kind) => ({ kind, items: items.filter((i) => i.kind === kind) })).filter(
    (g) => g.items.length > 0,
  );
}
