/**
 * The diff's operations are an RFC 6902 patch: for random bodies holding lists of keyed objects,
 * unkeyed objects and plain values, applying them in order to the old body gives the new one; and a
 * list whose elements keep their identity changes only where elements came, went or changed.
 */
import fc from "fast-check";
import fastJsonPatch, { type Operation } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { diffValues } from "../../src/diff/value-diff.js";

const RUNS = 300;

const tag = fc.record({
  name: fc.constantFrom("a", "b", "c", "d", "e", "f"),
  value: fc.constantFrom("1", "2", "3"),
});
const keyedList = fc.uniqueArray(tag, { selector: (t) => t.name, maxLength: 6 });
const unkeyed = fc.record({ when: fc.constantFrom("x", "y", "z"), weight: fc.integer({ min: 0, max: 2 }) });
const body = fc.record(
  {
    tags: keyedList,
    rules: fc.array(unkeyed, { maxLength: 5 }),
    hosts: fc.array(fc.constantFrom("h1", "h2", "h3", "h4"), { maxLength: 5 }),
    nested: fc.record({ tags: keyedList, flag: fc.boolean() }, { requiredKeys: [] }),
    name: fc.constantFrom("n1", "n2"),
  },
  { requiredKeys: [] },
);

const apply = (before: unknown, after: unknown) =>
  fastJsonPatch.applyPatch(structuredClone(before), diffValues(before, after) as Operation[], true, false)
    .newDocument;

describe("diffValues", () => {
  it("gives operations that turn the old body into the new one, applied in order", () => {
    fc.assert(
      fc.property(body, body, (before, after) => {
        expect(apply(before, after)).toEqual(after);
      }),
      { numRuns: RUNS },
    );
  });

  it("gives each operation the value it replaces or removes", () => {
    fc.assert(
      fc.property(body, body, (before, after) => {
        let doc: unknown = structuredClone(before);
        for (const op of diffValues(before, after)) {
          if (op.op !== "add") {
            const at = fastJsonPatch.getValueByPointer(doc, op.path);
            expect(op.old, op.path).toEqual(at);
          }
          doc = fastJsonPatch.applyOperation(doc, op as Operation, true, false).newDocument;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("touches only the elements of a keyed list that came, went or changed", () => {
    fc.assert(
      fc.property(keyedList, keyedList, (before, after) => {
        const names = (list: { name: string }[]) => new Set(list.map((t) => t.name));
        const [had, has] = [names(before), names(after)];
        const ops = diffValues({ tags: before }, { tags: after });
        const added = ops.filter((op) => op.op === "add" && /^\/tags\/\d+$/.test(op.path)).length;
        const removed = ops.filter((op) => op.op === "remove" && /^\/tags\/\d+$/.test(op.path)).length;
        // A reorder may move an element (one removal, one addition); nothing else is whole.
        const moved = added - [...has].filter((n) => !had.has(n)).length;
        expect(moved).toBe(removed - [...had].filter((n) => !has.has(n)).length);
        expect(moved).toBeGreaterThanOrEqual(0);
        expect(apply({ tags: before }, { tags: after })).toEqual({ tags: after });
      }),
      { numRuns: RUNS },
    );
  });
});
