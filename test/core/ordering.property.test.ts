/**
 * The order apply runs a plan in respects every reference: for random plans of creates, updates and
 * deletes whose objects reference each other (as each kind's descriptor declares), every operation
 * comes after those it depends on (creates and updates after what they will reference, deletes after
 * the changes to what references them now, a default flag's giver after its taker), and the order
 * does not depend on the order the diff listed the operations in.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referencedIds } from "../../src/diff/references.js";
import type { Action, PlannedOperation } from "../../src/diff/types.js";
import { KINDS, kindOf } from "../../src/kinds/index.js";
import type { Body, KindName } from "../../src/kinds/types.js";
import { orderOperations } from "../../src/order/order-operations.js";
import { manifestObject } from "./helpers.js";

const RUNS = 200;

/** A few ids per kind, so that random references often meet planned operations. */
const IDS: Partial<Record<KindName, string[]>> = {
  proxies: ["p1", "p2"],
  outputs: ["o1", "o2", "o3"],
  download_sources: ["d1", "d2"],
  fleet_server_hosts: ["f1"],
  agent_policies: ["a1", "a2", "a3"],
  integration_policies: ["i1", "i2", "i3"],
};
const OBJECTS = Object.entries(IDS).flatMap(([kind, ids]) =>
  ids.map((id) => ({ kind: kind as KindName, id })),
);

/** A body of `kind` whose reference fields name random ids of the referenced kinds (or nothing). */
function bodyOf(kind: KindName, id: string): fc.Arbitrary<Body> {
  const fields = kindOf(kind).references.filter((ref) => ref.field !== "policy_id");
  const refs = fields.map((ref) => {
    const targets = IDS[ref.kind] ?? [];
    const value = ref.many
      ? fc.subarray(targets, { minLength: 1 })
      : fc.option(fc.constantFrom(...targets), { nil: undefined });
    return value.map((v) => [ref.field, v] as const);
  });
  // Only is_default: swapping two flags between two objects at once is a known cycle (see the report).
  const flag = kind === "outputs" ? fc.boolean() : fc.constant(undefined);
  return fc.tuple(fc.tuple(...refs), flag).map(([pairs, isDefault]) => ({
    id,
    ...Object.fromEntries(pairs.filter(([, v]) => v !== undefined)),
    ...(isDefault !== undefined ? { is_default: isDefault } : {}),
  }));
}

interface OperationSpec {
  kind: KindName;
  id: string;
  action: Action;
  desired?: Body;
  live?: Body;
}

const operationSpec = ({ kind, id }: { kind: KindName; id: string }): fc.Arbitrary<OperationSpec> =>
  fc.constantFrom<Action>("create", "update", "delete").chain((action) =>
    fc.tuple(bodyOf(kind, id), bodyOf(kind, id)).map(([desired, live]) => ({
      kind,
      id,
      action,
      ...(action !== "delete" ? { desired } : {}),
      ...(action !== "create" ? { live } : {}),
    })),
  );

const plans = fc
  .subarray(OBJECTS, { minLength: 1 })
  .chain((objects) => fc.tuple(...objects.map(operationSpec)))
  .chain((specs) => fc.tuple(fc.constant(specs), fc.shuffledSubarray(specs, { minLength: specs.length })));

/** Fresh operations (ordering writes `dependsOn` into them). */
function operations(specs: OperationSpec[]): PlannedOperation[] {
  return specs.map((s) => ({
    key: `${s.kind}/${s.id}`,
    action: s.action,
    kind: s.kind,
    id: s.id,
    changes: [],
    request: { method: "GET", path: "/", secrets: [] },
    verdicts: {},
    ...(s.desired ? { desired: manifestObject(s.kind, s.desired) } : {}),
    ...(s.live ? { live: { kind: s.kind, id: s.id, raw: s.live } } : {}),
    dependsOn: [],
  }));
}

/** What must run before what, said from the references alone: [before, after] pairs of keys. */
function requiredOrder(specs: OperationSpec[]): [string, string][] {
  const byKey = new Map(specs.map((s) => [`${s.kind}/${s.id}`, s]));
  const pairs: [string, string][] = [];
  for (const s of specs) {
    const key = `${s.kind}/${s.id}`;
    for (const ref of kindOf(s.kind).references) {
      for (const target of s.desired ? referencedIds(s.desired, ref.field) : []) {
        const parent = byKey.get(`${ref.kind}/${target}`);
        if (parent && parent.action !== "delete") pairs.push([`${ref.kind}/${target}`, key]);
      }
      for (const target of s.live ? referencedIds(s.live, ref.field) : []) {
        if (byKey.get(`${ref.kind}/${target}`)?.action === "delete")
          pairs.push([key, `${ref.kind}/${target}`]);
      }
    }
  }
  const outputs = specs.filter((s) => s.kind === "outputs");
  for (const giver of outputs.filter((s) => s.live?.is_default && !s.desired?.is_default)) {
    for (const taker of outputs.filter((s) => s.desired?.is_default && !s.live?.is_default)) {
      pairs.push([`outputs/${taker.id}`, `outputs/${giver.id}`]);
    }
  }
  return pairs;
}

describe("the order of a plan's operations", () => {
  it("puts every operation after the ones it depends on", () => {
    fc.assert(
      fc.property(plans, ([specs]) => {
        const ordered = orderOperations(operations(specs), KINDS);
        const position = new Map(ordered.map((op, i) => [op.key, i]));
        expect(ordered).toHaveLength(specs.length);
        for (const [before, after] of requiredOrder(specs)) {
          expect(position.get(before)!, `${before} before ${after}`).toBeLessThan(position.get(after)!);
        }
        for (const op of ordered) {
          for (const dep of op.dependsOn) expect(position.get(dep)!).toBeLessThan(position.get(op.key)!);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("is the same whatever order the diff listed the operations in", () => {
    fc.assert(
      fc.property(plans, ([specs, shuffled]) => {
        const keys = (list: OperationSpec[]) => orderOperations(operations(list), KINDS).map((op) => op.key);
        expect(keys(shuffled)).toEqual(keys(specs));
      }),
      { numRuns: RUNS },
    );
  });
});
