import type { KindName } from "../kinds/index.js";
import { kindOf } from "../kinds/index.js";

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

/** Items grouped by kind, kinds in the order they first appear (the apply order), items in order. */
export function groupByKind<T extends { kind: KindName }>(
  items: readonly T[],
): { kind: KindName; items: T[] }[] {
  const groups = new Map<KindName, T[]>();
  for (const item of items) {
    const group = groups.get(item.kind);
    if (group) group.push(item);
    else groups.set(item.kind, [item]);
  }
  return [...groups].map(([kind, grouped]) => ({ kind, items: grouped }));
}
