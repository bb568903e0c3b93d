import type { Document } from "yaml";
import { yamlLib } from "../util/yaml-lib.js";
import type { LocateInDocument } from "./spaces.js";
import type { LocateOptions, SourceLocation } from "./types.js";
import { locateNode, Positions } from "./yaml-nodes.js";

type Path = (string | number)[];

/** Where the parts of one document are: what errors and objects point at. */
export interface Places {
  /** The value at `path` from the document's root (see LocateInDocument). */
  at: LocateInDocument;
  /**
   * The value at `path` below the value at `base` (an object: its section's entry), or its nearest
   * existing ancestor; with `key`, the mapping key of the last segment of `path`.
   */
  below(base: Path, path: Path, opts?: LocateOptions): SourceLocation;
}

/** The places of a document from its node tree. */
export function nodePlaces(doc: Document.Parsed, pos: Positions): Places {
  const below = (base: Path, path: Path, opts?: LocateOptions) => {
    const start = locateNode(doc, doc.contents, base);
    return pos.of(locateNode(doc, start, path, opts) ?? start);
  };
  return { at: (path, opts) => below([], path, opts), below };
}

/**
 * The places of each document of a file read without positions: the file is read again with them the
 * first time one is asked for (an error or a location to show), once for all its documents' objects.
 */
export function lazyPlaces(source: string, display: string): (index: number) => Places {
  let read: Places[] | undefined;
  const places = (index: number) => {
    if (!read) {
      const withPositions = readWithPositions(source, display);
      read = withPositions?.docs.map((doc) => nodePlaces(doc, withPositions.pos)) ?? [];
    }
    return read[index];
  };
  const start = { file: display, line: 1, column: 1 };
  return (index) => ({
    at: (path, opts) => places(index)?.at(path, opts) ?? start,
    below: (base, path, opts) => places(index)?.below(base, path, opts) ?? start,
  });
}

/** Reads a file with `yaml`, keeping each node's source position; undefined for only comments or directives. */
export function readWithPositions(source: string, display: string) {
  const { LineCounter, parseAllDocuments } = yamlLib();
  const lines = new LineCounter();
  const pos = new Positions(display, lines);
  const docs = parseAllDocuments(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) return undefined;
  return { docs: docs as Document.Parsed[], pos };
}
