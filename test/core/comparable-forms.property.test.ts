/**
 * A plan compares comparable forms: nulls and empty objects dropped. Where the live object agrees
 * with the desired one, its comparable form is found by a walk instead of being built: the walk must
 * agree with building it, for any value, and for any policy a package can express.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Body } from "../../src/kinds/types.js";
import {
  defaultTree,
  expandSimplified,
  inputKey,
  type PolicyTree,
  toSimplified,
  varDefinitions,
} from "../../src/packages/simplified.js";
import { toSimplifiedLike } from "../../src/packages/simplified-like.js";
import { nginx_1_5_0 } from "../../src/sim/catalog/nginx-1.5.0.js";
import { equalsWithoutNulls, withoutNulls } from "../../src/util/without-nulls.js";

const RUNS = 500;

/** Small values, so that two draws are often equal once nulls and empty objects are dropped. */
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(null, 0, -0, 1, "x", "", true),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "c"), tie("value"), { maxKeys: 3 }),
  ),
})).value;

describe("equalsWithoutNulls", () => {
  it("says whether a value's comparable form is the given one, as building it and comparing would", () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const like = withoutNulls(b);
        expect(equalsWithoutNulls(a, like)).toBe(isDeepStrictEqual(withoutNulls(a), like));
      }),
      { numRuns: RUNS },
    );
  });

  it("finds every value equal to its own comparable form", () => {
    fc.assert(
      fc.property(value, (a) => {
        expect(equalsWithoutNulls(a, withoutNulls(a))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

const pkg = nginx_1_5_0;
const varValue = fc.constantFrom<unknown>(null, "x", ["a"], ["a", "b"], 1, false);

/** A simplified body for the package: some vars set, some inputs and streams switched on or off. */
const body = fc
  .record({
    vars: fc
      .subarray(varDefinitions(pkg).map((d) => d.path))
      .chain((paths) => fc.tuple(...paths.map((path) => varValue.map((v) => [path, v] as const)))),
    switches: fc.subarray(
      defaultTree(pkg).inputs.flatMap((input) => [
        [inputKey(input)],
        ...input.streams.map((s) => [inputKey(input), s.data_stream.dataset]),
      ]),
    ),
    enabled: fc.boolean(),
  })
  .map(({ vars, switches, enabled }) => {
    const out: Body = {};
    const at = (path: string[]) =>
      path.reduce((node: Body, key) => {
        node[key] ??= {};
        return node[key];
      }, out);
    for (const [path, v] of vars) at(path.slice(0, -1))[path.at(-1)!] = v;
    for (const [key, dataset] of switches) {
      at(dataset ? ["inputs", key!, "streams", dataset] : ["inputs", key!]).enabled = enabled;
    }
    return out;
  });

/**
 * The full tree as Kibana returns it: ids and compiled streams beside what a manifest says; `bare`,
 * every other stream without its vars (a stream Kibana keeps no vars for).
 */
function asRead(tree: PolicyTree, bare = false): PolicyTree {
  return {
    ...tree,
    inputs: tree.inputs.map((input) => ({
      ...input,
      id: `${input.type}-id`,
      streams: input.streams.map(({ vars, ...s }, i) => ({
        ...s,
        ...(bare && i % 2 === 0 ? {} : { vars }),
        id: `${s.data_stream.dataset}-id`,
        compiled_stream: {},
      })),
    })),
  };
}

describe("toSimplifiedLike", () => {
  it("gives a policy read from Kibana the comparable form toSimplified gives it, whatever the desired one", () => {
    fc.assert(
      fc.property(body, body, fc.boolean(), (liveBody, desiredBody, bare) => {
        const live = asRead(expandSimplified(pkg, liveBody), bare);
        const like = withoutNulls(toSimplified(pkg, expandSimplified(pkg, desiredBody))) as Body;
        expect(withoutNulls(toSimplifiedLike(live, like))).toEqual(withoutNulls(toSimplified(pkg, live)));
      }),
      { numRuns: 200 },
    );
  });

  it("shares every input of a policy that agrees with the desired one, instead of building it", () => {
    fc.assert(
      fc.property(body, (stated) => {
        const live = asRead(expandSimplified(pkg, stated));
        const like = withoutNulls(toSimplified(pkg, expandSimplified(pkg, stated))) as Body;
        const read = toSimplifiedLike(live, like);
        for (const [key, input] of Object.entries(read.inputs)) expect(input).toBe(like.inputs[key]);
      }),
      { numRuns: 200 },
    );
  });
});
