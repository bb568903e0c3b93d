import type { Document, LineCounter, Node } from "yaml";
import { CODES } from "../diagnostics/codes.js";
import { yamlLib } from "../util/yaml-lib.js";
import { literalKey } from "./interpolate.js";
import type { Diagnostic, LocateOptions, SourceLocation } from "./types.js";

/** Deepest nesting of mappings and sequences a manifest document may have. */
export const MAX_DEPTH = 64;
/** yaml's alias expansion limit (toJS throws beyond it: alias bombs). */
export const MAX_ALIAS_COUNT = 100;

/** Keys that could pollute prototypes once the document becomes plain objects. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

export class Positions {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    if (line === 0) return { file: this.file, line: 1, column: offset + 1 };
    return { file: this.file, line, column: col };
  }

  of(node: { range?: [number, number, number] | null } | null | undefined, fallback = 0): SourceLocation {
    return this.at(node?.range?.[0] ?? fallback);
  }
}

function describeKey(node: unknown): string {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  if (isScalar(node)) return node.value === null ? "null" : JSON.stringify(node.value);
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a sequence";
  if (isAlias(node)) return `the alias *${node.source}`;
  return "an empty key";
}

/**
 * Walks a document's node tree (without expanding aliases, so it is linear in the source size) and
 * reports what fleetform refuses before turning YAML into objects: nesting deeper than MAX_DEPTH,
 * keys that are not strings, keys with a `${…}` placeholder, and `__proto__` / `constructor` /
 * `prototype` keys.
 */
export function checkStructure(doc: Document.Parsed, pos: Positions): Diagnostic[] {
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  const problems: Diagnostic[] = [];
  let depthReported = false;
  const visit = (node: unknown, depth: number): void => {
    if (!isMap(node) && !isSeq(node)) return;
    if (depth > MAX_DEPTH) {
      if (!depthReported) {
        problems.push({
          severity: "error",
          code: CODES.yaml,
          message: `document nests deeper than ${MAX_DEPTH} levels`,
          location: pos.of(node as Node),
          hint: "manifests never need this much nesting; check for a generated or hostile file",
        });
        depthReported = true;
      }
      return;
    }
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key;
        if (!isScalar(key) || typeof key.value !== "string") {
          problems.push({
            severity: "error",
            code: CODES.yaml,
            message: `mapping key ${describeKey(key)} is not a string`,
            location: pos.of(key as Node, (item.value as Node | null)?.range?.[0] ?? 0),
            hint:
              isScalar(key) && key.value !== null
                ? `quote it ("${String(key.value)}") if you mean text`
                : undefined,
          });
        } else if (literalKey(key.value) === undefined) {
          problems.push({
            severity: "error",
            code: CODES.yaml,
            message: `mapping key ${JSON.stringify(key.value)} holds an interpolation placeholder: keys are never interpolated`,
            location: pos.of(key),
            hint: "interpolate values only; write $${ for a literal ${ in a key",
          });
        } else if (FORBIDDEN_KEYS.has(key.value)) {
          problems.push({
            severity: "error",
            code: CODES.yaml,
            message: `key "${key.value}" is not allowed`,
            location: pos.of(key),
            hint: "__proto__, constructor and prototype are refused as keys to keep objects safe",
          });
        }
        visit(key, depth + 1);
        visit(item.value, depth + 1);
      } else {
        visit(item, depth + 1);
      }
    }
  };
  visit(doc.contents, 1);
  return problems;
}

function resolveAlias(node: unknown, doc: Document.Parsed): unknown {
  const { isAlias } = yamlLib();
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 16; hops++) current = current.resolve(doc);
  return current;
}

/** The node (or, with `key`, the mapping key) at `path` below `start`, or the deepest one that exists. */
export function locateNode(
  doc: Document.Parsed,
  start: unknown,
  path: (string | number)[],
  opts: LocateOptions = {},
): Node | undefined {
  const { isMap, isScalar, isSeq } = yamlLib();
  let node = resolveAlias(start, doc);
  let found = node as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && literalKey(String(p.key.value)) === String(seg));
      if (!pair) return found;
      if (last && opts.key) return pair.key as Node;
      node = resolveAlias(pair.value, doc);
      found = (node as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && /^\d+$/.test(String(seg))) {
      const item = node.items[Number(seg)];
      if (item === undefined) return found;
      node = resolveAlias(item, doc);
      found = node as Node;
    } else {
      return found;
    }
  }
  return found;
}

/**
 * Where an unterminated quoted scalar starts: yaml reports a missing closing quote at the end of the
 * input, far from the mistake. Scans like a YAML reader: comments, `\"` escapes and `''` in single quotes.
 */
export function unclosedQuoteStart(source: string, from = 0): number | undefined {
  let open: number | undefined;
  let quote = "";
  for (let i = from; i < source.length; i++) {
    const ch = source[i]!;
    if (quote === '"') {
      if (ch === "\\") i++;
      else if (ch === '"') quote = "";
    } else if (quote === "'") {
      if (ch === "'" && source[i + 1] === "'") i++;
      else if (ch === "'") quote = "";
    } else if (ch === "#" && (i === 0 || /\s/.test(source[i - 1]!))) {
      while (i < source.length && source[i] !== "\n") i++;
    } else if ((ch === '"' || ch === "'") && (i === 0 || /[\s:\-[{,]/.test(source[i - 1]!))) {
      quote = ch;
      open = i;
    }
  }
  return quote ? open : undefined;
}
