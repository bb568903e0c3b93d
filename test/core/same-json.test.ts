import { describe, expect, test } from "vitest";
import { sameJson } from "../../src/util/same-json.js";

/** The comparison it replaces: both sides serialized with their keys sorted. */
const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

describe("sameJson", () => {
  test.each([
    ["key order", { a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }],
    ["undefined properties", { a: 1, b: undefined }, { a: 1 }],
    ["-0 and 0", { a: -0 }, { a: 0 }],
    ["an undefined list item and null", [undefined], [null]],
  ])("ignores what JSON does not write: %s", (_, a, b) => {
    expect(sortedJson(a)).toBe(sortedJson(b));
    expect(sameJson(a, b)).toBe(true);
  });

  test.each([
    ["list order", [1, 2], [2, 1]],
    ["a missing key", { a: 1, b: 2 }, { a: 1 }],
    ["a null against a missing key", { a: null }, {}],
    ["a string against a number", { a: "1" }, { a: 1 }],
    ["a list against an object", { a: [] }, { a: {} }],
  ])("tells apart what JSON writes differently: %s", (_, a, b) => {
    expect(sortedJson(a)).not.toBe(sortedJson(b));
    expect(sameJson(a, b)).toBe(false);
  });
});
