import { CODES } from "../diagnostics/codes.js";
import { isSpaceScoped, type KindName, spaceScopedSections } from "../kinds/shapes.js";
import type { Diagnostic, LocateOptions, SourceLocation } from "./types.js";

/** The top-level key of a document that names the space of its space-scoped sections. */
export const SPACE_KEY = "space";

/** Kibana's rule for a space identifier (spaces plugin, `isValidSpaceIdentifier`). */
const SPACE_ID = /^[a-z0-9_-]+$/;

/**
 * Where the value at `path` (from the document's root) is written; with `key`, the mapping key of its
 * last segment. A file read without positions computes them only when asked (an error to report).
 */
export type LocateInDocument = (path: (string | number)[], opts?: LocateOptions) => SourceLocation;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function spaceValue(
  value: unknown,
  path: (string | number)[],
  locate: LocateInDocument,
  errors: Diagnostic[],
): string | undefined {
  if (typeof value === "string" && SPACE_ID.test(value)) return value;
  errors.push({
    severity: "error",
    code: CODES.manifestShape,
    message: `space must be a Kibana space identifier, not ${value !== null && typeof value === "object" ? "a collection" : JSON.stringify(value)}`,
    location: locate(path),
    hint: "a space identifier has lowercase letters, digits, '_' and '-' only (the `ops` of /s/ops/app/fleet)",
  });
  return undefined;
}

/** The `space:` a document sets for its space-scoped sections, if any. */
export function documentSpace(
  root: Record<string, unknown>,
  locate: LocateInDocument,
  errors: Diagnostic[],
): string | undefined {
  return Object.hasOwn(root, SPACE_KEY)
    ? spaceValue(root[SPACE_KEY], [SPACE_KEY], locate, errors)
    : undefined;
}

/** A list section, written as a list, or as `{space, items}` to put its objects in a space. */
export interface SectionList {
  /** Where the list of the objects is, from the document's root. */
  path: (string | number)[];
  items: unknown[];
  /** The section's own space (undefined: the document's, or the run's default). */
  space?: string;
}

/**
 * Reads a list section. A section of a global kind that names a space is an error: Kibana keeps one
 * of each for the whole Kibana (namespace-agnostic saved objects), so the space could only mislead.
 * Returns undefined (with an error) when the section has neither form.
 */
export function sectionList(
  kind: KindName,
  value: unknown,
  locate: LocateInDocument,
  errors: Diagnostic[],
): SectionList | undefined {
  if (Array.isArray(value)) return { path: [kind], items: value };
  if (
    !isRecord(value) ||
    !Object.hasOwn(value, SPACE_KEY) ||
    Object.keys(value).some((k) => k !== "items" && k !== SPACE_KEY)
  ) {
    errors.push({
      severity: "error",
      code: CODES.manifestShape,
      message: `${kind} must be a list of objects`,
      location: locate([kind]),
      hint: `write ${kind}:\n    - id: ...${isSpaceScoped(kind) ? `\nor, in a space, ${kind}:\n    space: ops\n    items:\n      - id: ...` : ""}`,
    });
    return undefined;
  }
  if (!isSpaceScoped(kind)) {
    errors.push({
      severity: "error",
      code: CODES.manifestShape,
      message: `${kind} are global in Kibana, the same in every space: the section cannot name a space`,
      location: locate([kind, SPACE_KEY], { key: true }),
      hint: `remove space: and write ${kind} as a list; only ${spaceScopedSections()} live in a space`,
    });
    return undefined;
  }
  const space = spaceValue(value[SPACE_KEY], [kind, SPACE_KEY], locate, errors);
  if (space === undefined) return undefined;
  const items = value.items;
  const path = [kind, "items"];
  if (items === null || items === undefined) return { path, items: [], space };
  if (!Array.isArray(items)) {
    errors.push({
      severity: "error",
      code: CODES.manifestShape,
      message: `items of ${kind} must be a list of objects`,
      location: locate(path),
      hint: `write items:\n      - id: ...`,
    });
    return undefined;
  }
  return { path, items, space };
}
