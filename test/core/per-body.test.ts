/**
 * What a plan computes for an integration policy's inputs and vars is computed once per package and
 * body: thousands of policies share a handful of bodies. Two bodies share a result only when they are
 * the same data, never because JSON would write them alike.
 */
import { describe, expect, it } from "vitest";
import { PerBody } from "../../src/packages/per-body.js";
import type { PackageInfo } from "../../src/packages/types.js";
import { nginx_1_5_0 } from "../../src/sim/catalog/nginx-1.5.0.js";
import { nginx_3_2_2 } from "../../src/sim/catalog/nginx-3.2.2.js";

/** A PerBody that counts its computations. */
function counting() {
  let computed = 0;
  const perBody = new PerBody((pkg: PackageInfo, body) => {
    computed++;
    return { pkg: pkg.version, body };
  });
  return { perBody, computed: () => computed };
}

const tags = (value: unknown) => ({
  inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: value } } } } },
});

describe("PerBody", () => {
  it("computes once for bodies that say the same, then shares the result", () => {
    const { perBody, computed } = counting();
    const first = perBody.get(nginx_1_5_0, tags(["team-1"]));
    expect(perBody.get(nginx_1_5_0, tags(["team-1"]))).toBe(first);
    expect(computed()).toBe(1);
  });

  it("computes again for another body or another package", () => {
    const { perBody, computed } = counting();
    perBody.get(nginx_1_5_0, tags(["team-1"]));
    perBody.get(nginx_1_5_0, tags(["team-2"]));
    perBody.get(nginx_3_2_2, tags(["team-1"]));
    expect(computed()).toBe(3);
  });

  it.each([
    ["NaN and null", Number.NaN, null],
    ["Infinity and null", Number.POSITIVE_INFINITY, null],
    ["-0 and 0", -0, 0],
    ["an undefined list item and null", [undefined], [null]],
    ["an undefined var and no var", { a: undefined }, {}],
    ["a date and its text", new Date(0), new Date(0).toJSON()],
  ])("never shares a result between bodies JSON writes alike: %s", (_what, one, other) => {
    const { perBody } = counting();
    const a = perBody.get(nginx_1_5_0, tags(one));
    const b = perBody.get(nginx_1_5_0, tags(other));
    expect(b.body).not.toBe(a.body);
  });
});
