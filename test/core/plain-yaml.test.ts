// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { plainDocuments } from "../../src/load/plain-yaml.js";

/** What `yaml` (the reader with positions) makes of a source: the reference the fast reader must match. */
function readByYaml(source: string): unknown[] {
  const docs = parseAllDocuments(source, { uniqueKeys: true });
  return Array.isArray(docs) ? docs.map((doc) => doc.toJS()) : [];
}

describe("the fast YAML reader (js-yaml, no positions)", () => {
  test.each([
    "a: 1",
    "a: 0o17",
    "a: 0x1F",
    "a: +5",
    "a: 1.50",
    "a: .5",
    "a: 1e3",
    "a: -.5e-3",
    "a: .inf",
    "a: -.Inf",
    "a: ~",
    "a: Null",
    "a: True",
    "a: FALSE",
    "a: yes",
    "a: on",
    "a: 0b101",
    "a: 1_000",
    "a: 012",
    "a: 2001-12-14",
    "a: 12:30",
    "a: '1'",
    'a: "x\\ty\\u00e9"',
    "a: |\n  x\n  y\n",
    "a: >-\n  x\n  y\n",
    "a:\n  - 1\n  - b: 2",
    "a: [1, b, 'c']",
    "a: {b: 1, c: [2]}",
    "a: plain\n  multi line",
    "---\na: 1\n---\nb: 2",
    "a:",
  ])("resolves %j as yaml's core schema does", (source) => {
    expect(plainDocuments(source)).toEqual(readByYaml(source));
  });

  test.each([
    ["a key yaml reads as a number", "1: a"],
    ["a key yaml reads as null", "~: a"],
    ["a key yaml reads as a boolean", "true: a"],
    ["an empty key", ": a"],
    ["an explicit key", "? [a]\n: b"],
    ["a flow sequence as a key", "[a]: b"],
    ["an anchor and an alias", "a: &x 1\nb: *x"],
    ["a tag", "a: !!str 1"],
    ["a merge key", "a:\n  <<: {b: 1}"],
    ["a directive", "%YAML 1.1\n---\na: yes"],
    ["a duplicated key", "a: 1\na: 2"],
    ["a forbidden key", "__proto__: 1"],
    ["a key with a placeholder", "${env:A}: 1"],
    ["invalid YAML", "a: b: c"],
  ])("leaves %s to the reader with positions", (_, source) => {
    expect(plainDocuments(source)).toBeUndefined();
  });

  test("reads whatever it accepts exactly as yaml does", () => {
    let accepted = 0;
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom("1", "0x1F", "1e3", ".inf", "~", "null", "True", "yes", "- a", "a: b", "#c", "'", '"'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
      list: fc.array(tie("node"), { maxLength: 4 }),
      map: fc.dictionary(fc.string({ minLength: 1 }), tie("node"), { maxKeys: 4 }),
    })).node;
    const style = fc.record({
      collectionStyle: fc.constantFrom("any", "block", "flow"),
      defaultStringType: fc.constantFrom(
        "PLAIN",
        "QUOTE_DOUBLE",
        "QUOTE_SINGLE",
        "BLOCK_LITERAL",
        "BLOCK_FOLDED",
      ),
      defaultKeyType: fc.constantFrom(null, "PLAIN", "QUOTE_DOUBLE"),
    } as const);
    fc.assert(
      fc.property(value, style, (v, options) => {
        const source = stringify({ doc: v }, options);
        const fast = plainDocuments(source);
        if (fast === undefined) return;
        accepted++;
        expect(fast).toEqual(readByYaml(source));
      }),
      { numRuns: 500 },
    );
    // The comparison means something only if the fast reader takes a good part of what it is given.
    expect(accepted).toBeGreaterThan(100);
  });
});
