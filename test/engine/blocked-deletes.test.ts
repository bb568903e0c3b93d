import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Plan } from "../../src/diff/types.js";
import type { PlanRequest } from "../../src/pipeline.js";
import { HOST, INTEGRATION, OUTPUT, POLICY, PROXY, SOURCE, without } from "../support/reference-objects.js";
import { type EngineHarness, engineHarness } from "./harness.js";

// The judgements on manifests and live state alone are tested in memory (test/core/blocked-deletes.test.ts);
// here, what needs Kibana: which kinds the plan reads, and that the applied plan then plans clean.
// Kibana never refuses these deletes: it clears the references instead, behind the plan's back.
// - proxy: fleet_proxies.ts deleteFleetProxy → updateRelatedSavedObject sets proxy_id: null on every
//   output, Fleet Server host and download source using it.
// - output: output.ts delete → packagePolicyService.removeOutputFromAll (output_id: null) and
//   agentPolicyService.removeOutputFromAll (data_output_id / monitoring_output_id: null).
// - download source: download_source.ts delete → agentPolicyService.removeDefaultSourceFromAll.
// - Fleet Server host: fleet_server_host.ts delete → agentPolicyService.removeFleetServerHostFromAll.
// - agent policy: agent_policy.ts delete removes its id from the policy_ids of shared integration policies.
/** Blocked deletes other than the seeded defaults' (Kibana refuses to delete a current default). */
const blocked = (plan: Plan) => plan.blocked.filter((b) => !b.id.startsWith("fleet-default-"));
const deletes = (plan: Plan) =>
  plan.operations.filter((op) => op.action === "delete").map((op) => `${op.kind}/${op.id}`);

let h: EngineHarness;
beforeEach(async () => {
  // A hosted Fleet Server policy: only this file's objects are candidates for pruning.
  h = await engineHarness({ profile: "hosted-fleet-server" });
  await h.apply(
    stringify({
      proxies: [PROXY],
      outputs: [OUTPUT],
      download_sources: [SOURCE],
      fleet_server_hosts: [HOST],
      agent_policies: [POLICY],
      integration_policies: [INTEGRATION],
    }),
  );
});
afterEach(() => h.close());

describe("deletes of objects that kept objects reference", () => {
  it("sees the objects using a proxy when only proxies are in scope", async () => {
    const { plan } = await h.plan(stringify({ proxies: [] }), { prune: true });
    expect(deletes(plan)).toEqual([]);
    expect(blocked(plan)).toEqual([
      expect.objectContaining({
        id: "px",
        reason: expect.stringContaining('output "out" (proxy_id; not in the manifests)'),
      }),
    ]);
  });

  it("judges kept objects as the plan leaves them: a proxy they stop naming goes, one still named stays", async () => {
    await h.client.request("POST", "/api/fleet/proxies", { body: { ...PROXY, id: "px2", name: "Proxy 2" } });
    await h.client.request("POST", "/api/fleet/outputs", {
      body: { ...OUTPUT, id: "legacy", name: "Legacy", proxy_id: "px2" },
    });
    // px: the output's update drops it, the download source and Fleet Server host are pruned.
    const manifest = stringify({
      proxies: [],
      outputs: [without(OUTPUT, "proxy_id")],
      download_sources: [],
      fleet_server_hosts: [],
      agent_policies: [without(without(POLICY, "download_source_id"), "fleet_server_host_id")],
      integration_policies: [INTEGRATION],
    });
    const request: Partial<PlanRequest> = {
      prune: true,
      pruneKinds: ["proxies", "download_sources", "fleet_server_hosts"],
    };
    const { plan } = await h.plan(manifest, request);
    expect(deletes(plan)).toEqual(["fleet_server_hosts/fsh", "download_sources/ds", "proxies/px"]);
    expect(blocked(plan).map((b) => b.id)).toEqual(["px2"]);
    await h.apply(manifest, request);
    const after = await h.plan(manifest, request);
    expect(after.plan.operations).toEqual([]);
    expect(after.plan.problems).toEqual([]);
  });
});
