import type { Document, Node } from "yaml";
import { CODES } from "../diagnostics/codes.js";
import { yamlLib } from "../util/yaml-lib.js";
import { MAX_FILE_BYTES } from "./interpolate.js";
import type { Diagnostic } from "./types.js";
import { MAX_DEPTH, type Positions } from "./yaml-nodes.js";

/**
 * Largest a document may become once its aliases are expanded (characters of scalars, plus one per
 * node). yaml's own alias limit counts aliases per anchor, so a few hundred aliases of large anchors
 * pass it and turn a 9 MB file into half a gigabyte of objects that every later step copies.
 */
export const MAX_EXPANDED_SIZE = MAX_FILE_BYTES;

interface Measure {
  /** Size once expanded. */
  size: number;
  /** Levels of mappings and sequences, once expanded. */
  depth: number;
}

class Refused {
  constructor(readonly diagnostic: Diagnostic) {}
}

/**
 * What aliases would make of a document, measured without expanding them (each anchor is measured
 * once, in document order, as yaml resolves aliases): a cycle (an alias inside the node it names,
 * which yaml turns into a circular object), nesting deeper than MAX_DEPTH once expanded, or more
 * than MAX_EXPANDED_SIZE in all. Returns the first problem, at the alias that causes it.
 */
export function checkAliasExpansion(doc: Document.Parsed, pos: Positions): Diagnostic | undefined {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
  const anchors = new Map<string, Measure | "open">();
  let total = 0;
  const visit = (node: unknown, level: number): Measure => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === "open") {
        throw new Refused({
          severity: "error",
          code: CODES.yaml,
          message: `alias *${node.source} is inside the node it refers to (a cycle)`,
          location: pos.of(node),
          hint: "an alias may only refer to a node that is complete before it",
        });
      }
      if (!target) return { size: 1, depth: 0 }; // yaml reports an unknown alias itself
      total += target.size;
      if (total > MAX_EXPANDED_SIZE) {
        throw new Refused({
          severity: "error",
          code: CODES.yaml,
          message: `YAML aliases expand this document beyond ${MAX_EXPANDED_SIZE} characters`,
          location: pos.of(node),
          hint: "write the repeated values out, or split the document; this looks like an alias bomb",
        });
      }
      if (level + target.depth > MAX_DEPTH) {
        throw new Refused({
          severity: "error",
          code: CODES.yaml,
          message: `alias *${node.source} makes the document nest deeper than ${MAX_DEPTH} levels`,
          location: pos.of(node),
          hint: "manifests never need this much nesting; check for a generated or hostile file",
        });
      }
      return target;
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, "open");
    let measure: Measure = { size: 1, depth: 0 };
    if (isMap(node) || isSeq(node)) {
      let inner = 0;
      for (const item of node.items as unknown[]) {
        for (const part of isPair(item) ? [item.key, item.value] : [item]) {
          const child = visit(part, level + 1);
          measure.size += child.size;
          inner = Math.max(inner, child.depth);
        }
      }
      measure = { size: measure.size, depth: inner + 1 };
    } else if (isScalar(node)) {
      measure = { size: String(node.value ?? "").length + 1, depth: 0 };
    }
    if (!isMap(node) && !isSeq(node)) total += measure.size;
    else total += 1;
    if (anchor) anchors.set(anchor, measure);
    return measure;
  };
  try {
    visit(doc.contents as Node | null, 0);
    return undefined;
  } catch (err) {
    if (err instanceof Refused) return err.diagnostic;
    throw err;
  }
}
