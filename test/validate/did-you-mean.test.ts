import { describe, expect, test } from "vitest";
import { didYouMean, levenshtein } from "../../src/util/did-you-mean.js";

describe("levenshtein", () => {
  test("counts insertions, deletions and substitutions", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("same", "same")).toBe(0);
  });

  test("counts an adjacent transposition as one edit", () => {
    expect(levenshtein("nmae", "name")).toBe(1);
  });
});

describe("didYouMean", () => {
  const fields = ["name", "namespace", "hosts", "type", "proxy_id"];

  test("suggests the closest candidate", () => {
    expect(didYouMean("nmae", fields)).toBe("name");
    expect(didYouMean("hostss", fields)).toBe("hosts");
    expect(didYouMean("proxyid", fields)).toBe("proxy_id");
  });

  test("prefers a case-insensitive exact match", () => {
    expect(didYouMean("Type", fields)).toBe("type");
  });

  test("suggests nothing when no candidate is close", () => {
    expect(didYouMean("colour", fields)).toBeUndefined();
    expect(didYouMean("xyz", fields)).toBeUndefined();
  });
});
