import jsYaml from "js-yaml";
import { literalKey } from "./interpolate.js";
import { FORBIDDEN_KEYS, MAX_DEPTH } from "./yaml-nodes.js";

// The fast reading of a manifest file: js-yaml builds plain values about ten times faster than `yaml`
// builds its node tree, which a plan of thousands of objects spends most of its loading time in. It
// answers only for files where both readers are known to agree and nothing needs reporting; any other
// file (an error, an anchor, a tag, a key that is not a plain string…) is read by `yaml` with source
// positions, as before. Positions of a file read fast are computed from that slow reading only when
// an error or a location needs them.

/** `yaml`'s YAML 1.2 core schema, rule for rule (yaml/dist/schema/core), so plain scalars resolve alike. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** One js-yaml type per tag (js-yaml keeps only the last type of a tag): its rules tried in yaml's order. */
const scalar = (tag: string, rules: [RegExp, (text: string) => unknown][]) =>
  new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: unknown) => typeof text === "string" && rules.some(([test]) => test.test(text)),
    construct: (text: string) => rules.find(([test]) => test.test(text))![1](text),
  });
const CORE_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar("null", [[NULL, () => null]]),
    scalar("bool", [[BOOL, (s) => s[0] === "t" || s[0] === "T"]]),
    scalar("int", [
      [INT_OCT, (s) => parseInt(s.substring(2), 8)],
      [INT, (s) => parseInt(s, 10)],
      [INT_HEX, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar("float", [
      [
        FLOAT_NAN,
        (s) => (s.slice(-3).toLowerCase() === "nan" ? Number.NaN : s[0] === "-" ? -Infinity : Infinity),
      ],
      [FLOAT_EXP, (s) => parseFloat(s)],
      [FLOAT, (s) => parseFloat(s)],
    ]),
  ],
});

/**
 * What the fast reader would read differently, or not check: anchors, aliases and tags (a node
 * property starts after a space or flow indicator), merge keys, directives, explicit `? ` keys, and
 * flow collections where a key could be (js-yaml turns such keys into strings).
 */
const NEEDS_FULL_READER = [
  /(?:^|[\s,[{])[&*!]/,
  /<</,
  /^%/m,
  /(?:^|[\s,[{])\?(?:\s|$)/,
  /^[ \t]*(?:-[ \t]+)*[[{]/m,
  /[[{,][ \t]*[[{]/,
];

/** A key js-yaml may have made from a scalar `yaml` reads as null, a boolean or a number (`1:`, `~:`). */
function mayNotBeStringKey(key: string): boolean {
  return (
    NULL.test(key) ||
    BOOL.test(key) ||
    INT.test(key) ||
    FLOAT.test(key) ||
    FLOAT_EXP.test(key) ||
    key === "NaN" ||
    key === "Infinity" ||
    key === "-Infinity" ||
    key.includes(",") ||
    key.includes("[object ")
  );
}

/** Whether every key below `value` is one the load accepts, within MAX_DEPTH levels (checkStructure's rules). */
function keysAccepted(value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysAccepted(item, depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (mayNotBeStringKey(key) || FORBIDDEN_KEYS.has(key) || literalKey(key) === undefined) return false;
    if (!keysAccepted((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * The documents of `source` as plain values, when the fast reader can be trusted with it and nothing in
 * it needs reporting; undefined otherwise (the caller reads the file with positions).
 */
export function plainDocuments(source: string): unknown[] | undefined {
  if (NEEDS_FULL_READER.some((pattern) => pattern.test(source))) return undefined;
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(source, null, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return docs.every((doc) => keysAccepted(doc, 1)) ? docs : undefined;
}
