import type { Change, PlannedOperation } from "../diff/types.js";
import { pointerKeys, valueAt } from "../util/paths.js";
import { fieldPath } from "./field-path.js";
import { diffText, inline, isMultiline, lineDiff } from "./values.js";

/**
 * The lines under an operation in a plan, without indentation or colour (text and Markdown share
 * them): notes as `# …`, then one entry per changed field (none for a delete: the object goes
 * whole). A field line starts with its sign (`+ `, `- `, `~ `; none on a create); nested lines are
 * indented by four spaces.
 */
export function operationBody(op: PlannedOperation): string[] {
  const lines = (op.notes ?? []).map((note) => `# ${note}`);
  if (op.action === "delete") return lines;
  // In a package upgrade, what disappears is gone from the new version, not reset to a default.
  const gone = op.notes?.length ? "(not in the new package version)" : "(server default)";
  const creating = op.action === "create";
  for (const entry of groupListElements(op.changes)) {
    if ("elements" in entry) lines.push(...listLines(entry, op, gone));
    else lines.push(...changeLines(entry, creating, gone));
  }
  return lines;
}

/** One field's change. */
export function changeLines(change: Change, creating: boolean, removed = "(server default)"): string[] {
  const path = fieldPath(change.path);
  const after = change.after;
  // Text that spans lines reads as a line diff (or a block on create), never squeezed onto one line.
  if (isMultiline(change.before) || isMultiline(after)) {
    if (creating)
      return [
        `${path}: <<EOT`,
        ...String(after)
          .split("\n")
          .map((l) => `    ${l}`),
        "EOT",
      ];
    const to = change.op === "remove" ? ` → ${removed}` : after === "" ? ` → ""` : "";
    return [`~ ${path}:${to}`, ...diffText(change.before, after).map((l) => `    ${l}`)];
  }
  // A list that stays a list reads element by element: which values came, which went.
  if (!creating && change.op === "replace" && isScalarList(change.before) && isScalarList(after)) {
    return [`~ ${path}:`, ...elementDiff(change.before, after).map((l) => `    ${l}`)];
  }
  switch (change.op) {
    case "add":
      return [`${creating ? "" : "+ "}${path}: ${inline(after)}`];
    case "remove":
      return [`- ${path}: ${inline(change.before)} → ${removed}`];
    case "replace":
      return [`~ ${path}: ${inline(change.before)} → ${inline(after)}`];
  }
}

const isScalarList = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.every((e) => e === null || typeof e !== "object");

function elementDiff(before: unknown[], after: unknown[]): string[] {
  return lineDiff(before.map(inline).join("\n"), after.map(inline).join("\n")).map((line) =>
    "folded" in line
      ? `# (${line.folded} unchanged element${line.folded === 1 ? "" : "s"} hidden)`
      : `${line.sign} ${line.text}`,
  );
}

/** The changes inside one element of a list of objects (`/global_data_tags/1/value`). */
interface ListGroup {
  /** The list's pointer (`/global_data_tags`). */
  path: string;
  /** `gone`: an element removed whole, which may share its index with the element added or kept there. */
  elements: { index: number; gone: boolean; changes: Change[] }[];
}

/** Changes as they read: those inside elements of a list of objects gathered under that list. */
function groupListElements(changes: Change[]): (Change | ListGroup)[] {
  const out: (Change | ListGroup)[] = [];
  const lists = new Map<string, ListGroup>();
  for (const change of changes) {
    const at = elementAt(change);
    if (!at) {
      out.push(change);
      continue;
    }
    let group = lists.get(at.list);
    if (!group) {
      group = { path: at.list, elements: [] };
      lists.set(at.list, group);
      out.push(group);
    }
    const gone = at.rest === "" && change.op === "remove";
    let element = group.elements.find((e) => e.index === at.index && e.gone === gone);
    if (!element) {
      element = { index: at.index, gone, changes: [] };
      group.elements.push(element);
    }
    element.changes.push({ ...change, path: at.rest });
  }
  return out;
}

/** Where a change falls in a list of objects: the list, the element's index, the path inside it. */
function elementAt(change: Change): { list: string; index: number; rest: string } | undefined {
  const segments = change.path.split("/").slice(1);
  const at = segments.findIndex((s) => /^(0|[1-9]\d*)$/.test(s));
  if (at < 1) return undefined;
  const last = at === segments.length - 1;
  const whole = last ? (change.op === "remove" ? change.before : change.after) : undefined;
  // A scalar element on its own (`/hosts/2`) is a plain change; an element's fields are grouped.
  if (last && (whole === null || typeof whole !== "object" || Array.isArray(whole))) return undefined;
  return {
    list: `/${segments.slice(0, at).join("/")}`,
    index: Number(segments[at]),
    rest: last ? "" : `/${segments.slice(at + 1).join("/")}`,
  };
}

/** Element names that say which element of a list it is, when the element has one. */
const ELEMENT_NAMES = ["name", "key", "id", "topic", "title", "label"];

/**
 * A list's changed elements in list order. A removed element's index is where it was, an added or
 * changed one's where it will be (the diff removes first, then adds and changes at final indices).
 */
function listLines(group: ListGroup, op: PlannedOperation, removed: string): string[] {
  const lines = [`~ ${fieldPath(group.path)}:`];
  const elements = [...group.elements].sort((a, b) => a.index - b.index || Number(b.gone) - Number(a.gone));
  for (const element of elements) {
    const whole = element.changes.find((c) => c.path === "");
    if (whole) {
      const sign = whole.op === "remove" ? "-" : whole.op === "add" ? "+" : "~";
      const value = whole.op === "remove" ? whole.before : whole.after;
      lines.push(`    ${sign} [${element.index}] ${inline(value)}`);
      continue;
    }
    // Named from the manifest, where the changed element sits at this (final) index.
    const desired = valueAt(op.desired?.body, [...pointerKeys(group.path), String(element.index)]);
    lines.push(`    ~ [${element.index}]${elementName(desired)}:`);
    for (const change of element.changes)
      for (const line of changeLines(change, false, removed)) lines.push(`        ${line}`);
  }
  return lines;
}

function elementName(element: unknown): string {
  if (!element || typeof element !== "object") return "";
  const record = element as Record<string, unknown>;
  const key = ELEMENT_NAMES.find((k) => typeof record[k] === "string" && record[k]);
  return key ? ` ${key} ${inline(record[key])}` : "";
}
