import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import { isSpaceScoped, type KindName } from "../kinds/shapes.js";
import type { Diagnostic } from "./types.js";
import type { Positions } from "./yaml-nodes.js";

/** The top-level key of a document that names the space of its space-scoped sections. */
export const SPACE_KEY = "space";

/** Kibana's rule for a space identifier (spaces plugin, `isValidSpaceIdentifier`). */
const SPACE_ID = /^[a-z0-9_-]+$/;

function spaceValue(node: unknown, pos: Positions, errors: Diagnostic[]): string | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === "string" && SPACE_ID.test(value)) return value;
  errors.push({
    severity: "error",
    message: `space must be a Kibana space identifier, not ${isScalar(node) ? JSON.stringify(value) : "a collection"}`,
    location: pos.of(node as Node | null),
    hint: "a space identifier has lowercase letters, digits, '_' and '-' only (the `ops` of /s/ops/app/fleet)",
  });
  return undefined;
}

/** The `space:` a document sets for its space-scoped sections, if any. */
export function documentSpace(root: YAMLMap, pos: Positions, errors: Diagnostic[]): string | undefined {
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === SPACE_KEY);
  return pair ? spaceValue(pair.value, pos, errors) : undefined;
}

/** A list section, written as a list, or as `{space, items}` to put its objects in a space. */
export interface SectionList {
  /** The sequence node of the objects. */
  node: unknown;
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
  pair: Pair,
  value: unknown,
  pos: Positions,
  errors: Diagnostic[],
): SectionList | undefined {
  if (isSeq(pair.value) && Array.isArray(value)) return { node: pair.value, items: value };
  const keyOffset = (pair.key as Node).range?.[0] ?? 0;
  const map = pair.value;
  const keys = isMap(map) ? map.items.map((p) => (isScalar(p.key) ? p.key.value : undefined)) : [];
  const itemsPair = isMap(map)
    ? map.items.find((p) => isScalar(p.key) && p.key.value === "items")
    : undefined;
  const spacePair = isMap(map)
    ? map.items.find((p) => isScalar(p.key) && p.key.value === SPACE_KEY)
    : undefined;
  if (!isMap(map) || !spacePair || keys.some((k) => k !== "items" && k !== SPACE_KEY)) {
    errors.push({
      severity: "error",
      message: `${kind} must be a list of objects`,
      location: pos.of(pair.value as Node | null, keyOffset),
      hint: `write ${kind}:\n    - id: ...${isSpaceScoped(kind) ? `\nor, in a space, ${kind}:\n    space: ops\n    items:\n      - id: ...` : ""}`,
    });
    return undefined;
  }
  if (!isSpaceScoped(kind)) {
    errors.push({
      severity: "error",
      message: `${kind} are global in Kibana, the same in every space: the section cannot name a space`,
      location: pos.of(spacePair.key as Node),
      hint: `remove space: and write ${kind} as a list; only agent_policies, integration_policies and case_settings live in a space`,
    });
    return undefined;
  }
  const space = spaceValue(spacePair.value, pos, errors);
  if (space === undefined) return undefined;
  const itemsNode = itemsPair?.value;
  if (itemsNode == null || (isScalar(itemsNode) && itemsNode.value === null))
    return { node: undefined, items: [], space };
  if (!isSeq(itemsNode)) {
    errors.push({
      severity: "error",
      message: `items of ${kind} must be a list of objects`,
      location: pos.of(itemsNode as Node),
      hint: `write items:\n      - id: ...`,
    });
    return undefined;
  }
  const items = (value as { items?: unknown }).items;
  return { node: itemsNode, items: Array.isArray(items) ? items : [], space };
}
