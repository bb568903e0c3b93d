import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type EngineHarness, engineHarness } from "./harness.js";

const FULL = {
  proxies: [{ id: "px", name: "Proxy", url: "http://proxy.example.com:3128" }],
  outputs: [
    { id: "out", name: "Out", type: "elasticsearch", hosts: ["https://es.example.com:9200"], proxy_id: "px" },
  ],
  download_sources: [{ id: "ds", name: "Mirror", host: "https://mirror.example.com/", proxy_id: "px" }],
  fleet_server_hosts: [
    { id: "fsh", name: "FS", host_urls: ["https://fleet.example.com:8220"], proxy_id: "px" },
  ],
  agent_policies: [
    { id: "ap", name: "AP", namespace: "default", data_output_id: "out", download_source_id: "ds" },
  ],
  integration_policies: [
    { id: "ip", name: "ip", policy_ids: ["ap"], package: { name: "nginx", version: "1.5.0" } },
  ],
  case_settings: [
    {
      owner: "cases",
      closure_type: "close-by-user",
      connector: { id: "none", name: "none", type: ".none", fields: null },
    },
  ],
};

/** The same sections, all empty: every kind in scope, nothing desired. */
const EMPTY = stringify(Object.fromEntries(Object.keys(FULL).map((k) => [k, []])));

let h: EngineHarness;
beforeEach(async () => {
  // A hosted Fleet Server policy: its integrations count as managed, so only this file's objects prune.
  h = await engineHarness({ profile: "hosted-fleet-server" });
  await h.apply(stringify(FULL));
});
afterEach(() => h.close());

describe("pruning", () => {
  it("deletes nothing without --prune, and lists the live objects as unmanaged", async () => {
    const { plan } = await h.plan(EMPTY);
    expect(plan.operations).toEqual([]);
    expect(plan.unmanaged.map((u) => `${u.kind}/${u.id}`)).toEqual(
      expect.arrayContaining(["proxies/px", "outputs/out", "agent_policies/ap", "integration_policies/ip"]),
    );
  });

  it("deletes children before parents", async () => {
    const { plan } = await h.plan(EMPTY, { prune: true });
    const order = plan.operations.map((op) => `${op.action} ${op.kind}/${op.id}`);
    expect(order).toEqual([
      "delete integration_policies/ip",
      "delete agent_policies/ap",
      "delete fleet_server_hosts/fsh",
      "delete download_sources/ds",
      "delete outputs/out",
      "delete proxies/px",
    ]);
    await h.apply(EMPTY, { prune: true });
    const after = await h.plan(EMPTY, { prune: true });
    expect(after.plan.operations).toEqual([]);
  });

  it("never deletes managed objects or the current defaults", async () => {
    const { plan } = await h.plan(EMPTY, { prune: true });
    const deleted = plan.operations.map((op) => op.id);
    expect(deleted).not.toContain("fleet-server-policy");
    expect(deleted).not.toContain("fleet-default-output");
    expect(deleted).not.toContain("fleet-default-download-source");
    expect(deleted).not.toContain("fleet-default-fleet-server-host");
    expect(plan.blocked.map((b) => b.id)).toEqual(
      expect.arrayContaining([
        "fleet-default-output",
        "fleet-default-download-source",
        "fleet-default-fleet-server-host",
      ]),
    );
    expect(plan.unmanaged.map((u) => u.id)).not.toContain("fleet-server-policy");
  });

  it("reports Cases settings as not deletable instead of failing", async () => {
    const { plan } = await h.plan(EMPTY, { prune: true });
    expect(plan.notDeletable).toEqual([expect.objectContaining({ kind: "case_settings", id: "cases" })]);
    expect(plan.notDeletable[0]!.reason).toContain("no API to delete");
  });

  it("reports an agent policy with enrolled agents as a blocked delete at plan time", async () => {
    h.sim.setAgentCount("ap", 3);
    const { plan } = await h.plan(EMPTY, { prune: true });
    expect(plan.blocked).toContainEqual(
      expect.objectContaining({
        kind: "agent_policies",
        id: "ap",
        reason: expect.stringContaining("3 enrolled agents"),
      }),
    );
    expect(plan.operations.map((op) => op.id)).not.toContain("ap");
  });

  it("touches only the kinds named by --prune-kinds", async () => {
    const { plan } = await h.plan(EMPTY, { prune: true, pruneKinds: ["integration_policies"] });
    expect(plan.operations.map((op) => `${op.action} ${op.kind}/${op.id}`)).toEqual([
      "delete integration_policies/ip",
    ]);
  });

  it("blocks an agent policy delete that would take integration policies the plan keeps", async () => {
    const { plan } = await h.plan(EMPTY, { prune: true, pruneKinds: ["agent_policies"] });
    expect(plan.operations).toEqual([]);
    expect(plan.blocked).toEqual([
      expect.objectContaining({
        kind: "agent_policies",
        id: "ap",
        reason: expect.stringContaining('Kibana would also delete integration_policies "ip"'),
      }),
    ]);
  });

  it("deletes an agent policy whose integration policies the same plan moves elsewhere", async () => {
    const moved = stringify({
      agent_policies: [{ id: "ap2", name: "AP2", namespace: "default" }],
      integration_policies: [{ ...FULL.integration_policies[0], policy_ids: ["ap2"] }],
    });
    const { plan } = await h.plan(moved, { prune: true, pruneKinds: ["agent_policies"] });
    expect(plan.blocked).toEqual([]);
    expect(plan.operations.map((op) => `${op.action} ${op.kind}/${op.id}`)).toEqual([
      "create agent_policies/ap2",
      "update integration_policies/ip",
      "delete agent_policies/ap",
    ]);
    await h.apply(moved, { prune: true, pruneKinds: ["agent_policies"] });
    const ip = await h.client.request("GET", "/api/fleet/package_policies/ip");
    expect(ip.body.item.policy_ids).toEqual(["ap2"]);
  });

  it("scopes pruning to the kinds the manifests mention", async () => {
    const { plan } = await h.plan(stringify({ proxies: FULL.proxies }), { prune: true });
    expect(plan.operations).toEqual([]);
  });
});
