/**
 * Reads kibana.yml the way Kibana's config loader does (kbn-config `getConfigFromFiles`, read_config.ts
 * and raw/utils.ts): dotted keys are paths (`xpack.fleet.outputs` and nested mappings merge), a key in
 * brackets (`'[data_stream.dataset]'`) is one key, dotted keys inside list items are expanded too, and
 * `${NAME}` / `${NAME:default}` in a string is an environment variable. Every value keeps where it was
 * written, so the import can point at it.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Diagnostic, SourceLocation } from "../load/types.js";

/** A `${NAME}` / `${NAME:default}` reference, as Kibana's replaceEnvVarRefs matches it (word characters only). */
export const KIBANA_ENV_REF = /\$\{(\w+)(:(\w+))?\}/g;

export interface KibanaYml {
  file: string;
  /** The configuration as Kibana sees it (strings keep their `${NAME}` references as written). */
  config: Record<string, unknown>;
  /** Where the value of `key` in `owner` (an object or array of `config`) was written; the owner's own place without a key. */
  locate(owner: object, key?: string | number): SourceLocation;
  /** Gives an object made from the configuration (a legacy setting's default output) a place. */
  place(owner: object, where: SourceLocation): void;
  errors: Diagnostic[];
}

/** A bracketed key is one key; any other splits on dots (kbn-config splitKey). */
function splitKey(key: string): string[] {
  return key.startsWith("[") && key.endsWith("]") ? [key.slice(1, -1)] : key.split(".");
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function readKibanaYml(text: string, file: string): KibanaYml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const places = new WeakMap<object, Map<string, SourceLocation>>();
  const own = new WeakMap<object, SourceLocation>();
  const at = (node: Node | null | undefined): SourceLocation => {
    const { line, col } = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line: Math.max(line, 1), column: Math.max(col, 1) };
  };
  const note = (owner: object, key: string, where: SourceLocation) => {
    const map = places.get(owner) ?? new Map<string, SourceLocation>();
    places.set(owner, map);
    map.set(key, where);
  };
  /** lodash `set`: creates the objects on the way, each placed at the key that created it. */
  const setPath = (
    target: Record<string, unknown>,
    path: string[],
    value: unknown,
    where: SourceLocation,
  ) => {
    let owner = target;
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        owner[key] = value;
        note(owner, key, where);
        return;
      }
      if (!isPlainObject(owner[key])) {
        const created = {};
        own.set(created, where);
        owner[key] = created;
        note(owner, key, where);
      }
      owner = owner[key] as Record<string, unknown>;
    });
  };
  /** processEntryValue: values below the top level, with their dotted keys expanded. */
  const entryValue = (node: unknown, depth = 0): unknown => {
    if (depth > 64) return undefined;
    if (isAlias(node)) return entryValue(node.resolve(doc as Document), depth + 1);
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      own.set(out, at(node));
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        setPath(out, splitKey(key), entryValue(pair.value, depth + 1), at(pair.key as Node));
      }
      return out;
    }
    if (isSeq(node)) {
      const out = node.items.map((item) => entryValue(item, depth + 1));
      own.set(out, at(node));
      for (const [i, item] of node.items.entries()) note(out, String(i), at(item as Node));
      return out;
    }
    return isScalar(node) ? node.value : null;
  };
  const config: Record<string, unknown> = {};
  own.set(config, at(doc.contents as Node));
  /** listEntries: non-empty mappings at the top are paths; anything else is a leaf set at its path. */
  const listEntries = (node: unknown, path: string[]) => {
    if (isMap(node) && node.items.length > 0) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : "";
        const value = pair.value;
        const nested = [...path, ...splitKey(key)];
        if (isMap(value) && value.items.length > 0) listEntries(value, nested);
        else setPath(config, nested, entryValue(value), at(pair.key as Node));
      }
    }
  };
  listEntries(doc.contents, []);
  const errors: Diagnostic[] = doc.errors.map((e) => ({
    severity: "error",
    message: e.message.split("\n")[0]!,
    location: { file, line: e.linePos?.[0]?.line ?? 1, column: e.linePos?.[0]?.col ?? 1 },
  }));
  return {
    file,
    config,
    errors,
    place(owner, where) {
      own.set(owner, where);
    },
    locate(owner, key) {
      const found = key === undefined ? undefined : places.get(owner)?.get(String(key));
      return found ?? own.get(owner) ?? { file, line: 1, column: 1 };
    },
  };
}

/** The value at a dotted path of the configuration (`xpack.fleet.agentPolicies`). */
export function configAt(yml: KibanaYml, path: string): { value: unknown; owner?: object; key?: string } {
  let owner: unknown = yml.config;
  const keys = path.split(".");
  for (const [i, key] of keys.entries()) {
    if (!isPlainObject(owner)) return { value: undefined };
    if (i === keys.length - 1) return { value: owner[key], owner, key };
    owner = owner[key];
  }
  return { value: undefined };
}
