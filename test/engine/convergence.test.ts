// After every write, apply compares the object Kibana answered with (the write's `item`, or the object
// itself for Cases settings: x-pack/platform/plugins/shared/cases/server/routes/api/configure) with the
// manifest. The simulator's --mangle-field fault stands for a Kibana that normalises a field on save.
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { MANGLED_SUFFIX } from "../../src/sim/faults.js";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
afterEach(() => h.close());

async function applyReport(yaml: string) {
  const { plan, kinds } = await h.plan(yaml);
  expect(plan.problems).toEqual([]);
  return applyPlan(plan, { client: h.client, kinds, concurrency: 4 });
}

const POLICY = { id: "web", name: "Web", namespace: "default", description: "Web servers" };

describe("the convergence check of apply", () => {
  it("reports a stated field Kibana stored otherwise on create, with the value it kept, and nothing else", async () => {
    h = await engineHarness({ mangleField: "description" });
    // The output has no description: Kibana keeps it as written, defaults filled in (no divergence).
    const output = {
      id: "o",
      name: "O",
      type: "kafka",
      hosts: ["kafka:9092"],
      auth_type: "none",
      topic: "t",
    };
    const report = await applyReport(stringify({ outputs: [output], agent_policies: [POLICY] }));
    expect(report.results.map((r) => [r.operation.key, r.status, r.divergences])).toEqual([
      ["outputs/o", "done", undefined],
      [
        "agent_policies/web",
        "done",
        [
          {
            path: "/description",
            kept: `Web servers${MANGLED_SUFFIX}`,
            wrote: "Web servers",
            sensitive: false,
            stated: true,
          },
        ],
      ],
    ]);
  });

  it("reports a field Kibana stored otherwise on update", async () => {
    h = await engineHarness();
    await h.apply(stringify({ agent_policies: [POLICY] }));
    h.sim.setFaults({ mangleField: "description" });
    const report = await applyReport(stringify({ agent_policies: [{ ...POLICY, description: "Web" }] }));
    expect(report.results[0]!.operation.action).toBe("update");
    expect(report.results[0]!.divergences?.map((d) => [d.path, d.kept])).toEqual([
      ["/description", `Web${MANGLED_SUFFIX}`],
    ]);
  });

  it("reads the answer of a versioned integration policy update, which lists its inputs, as the manifest's keyed inputs", async () => {
    h = await engineHarness();
    const integration = {
      id: "sys",
      name: "sys",
      policy_ids: ["fleet-server-policy"],
      package: { name: "system", version: "1.60.0" },
    };
    await h.apply(stringify({ integration_policies: [integration] }));
    const report = await applyReport(
      stringify({ integration_policies: [{ ...integration, description: "d" }] }),
    );
    expect(report.results.map((r) => [r.operation.action, r.status, r.divergences])).toEqual([
      ["update", "done", undefined],
    ]);
  });

  it("reads the object of a Cases settings answer, which Kibana does not wrap in item", async () => {
    h = await engineHarness({ mangleField: "connector.name" });
    const cases = {
      owner: "cases",
      closure_type: "close-by-user",
      connector: { id: "none", name: "none", type: ".none", fields: null },
    };
    const report = await applyReport(stringify({ case_settings: [cases] }));
    expect(report.results[0]!.divergences?.map((d) => [d.path, d.kept, d.wrote])).toEqual([
      ["/connector/name", `none${MANGLED_SUFFIX}`, "none"],
    ]);
  });
});
