/**
 * `ignore_changes` against the simulator: a create sends the ignored fields, a later hand edit of them
 * is neither a plan change nor drift, and an update made for another field leaves Kibana's value.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

const policy = (extra: Record<string, unknown> = {}) =>
  stringify({
    agent_policies: [
      {
        id: "ap",
        name: "AP",
        namespace: "default",
        description: "from the manifest",
        monitoring_enabled: ["logs"],
        ignore_changes: ["description", "monitoring_enabled"],
        ...extra,
      },
    ],
  });

async function editByHand() {
  await h.client.request("PUT", "/api/fleet/agent_policies/ap", {
    body: { name: "AP", namespace: "default", description: "edited in the UI", monitoring_enabled: [] },
  });
}

const livePolicy = async () =>
  (await h.client.request("GET", "/api/fleet/agent_policies/ap")).body.item as Record<string, unknown>;

describe("ignore_changes against Kibana", () => {
  it("creates with the ignored fields, and then plans clean", async () => {
    await h.apply(policy());
    expect(await livePolicy()).toMatchObject({
      description: "from the manifest",
      monitoring_enabled: ["logs"],
    });
    expect((await h.plan(policy())).plan.operations).toEqual([]);
  });

  it("a hand edit of an ignored field is no change", async () => {
    await h.apply(policy());
    await editByHand();
    const { plan } = await h.plan(policy());
    expect(plan.operations).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it("an update for another field keeps Kibana's value of the ignored ones", async () => {
    await h.apply(policy());
    await editByHand();
    const applied = await h.apply(policy({ inactivity_timeout: 600 }));
    expect(changedPaths(applied)).toEqual(["update ap replace /inactivity_timeout"]);
    expect(await livePolicy()).toMatchObject({
      description: "edited in the UI",
      monitoring_enabled: [],
      inactivity_timeout: 600,
    });
    expect((await h.plan(policy({ inactivity_timeout: 600 }))).plan.operations).toEqual([]);
  });
});
