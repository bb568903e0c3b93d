import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Plan } from "../../src/diff/types.js";
import type { PlanRequest } from "../../src/pipeline.js";
import { type EngineHarness, engineHarness } from "./harness.js";

// Kibana never refuses these deletes: it clears the references instead, behind the plan's back.
// - proxy: fleet_proxies.ts deleteFleetProxy → updateRelatedSavedObject sets proxy_id: null on every
//   output, Fleet Server host and download source using it.
// - output: output.ts delete → packagePolicyService.removeOutputFromAll (output_id: null) and
//   agentPolicyService.removeOutputFromAll (data_output_id / monitoring_output_id: null).
// - download source: download_source.ts delete → agentPolicyService.removeDefaultSourceFromAll.
// - Fleet Server host: fleet_server_host.ts delete → agentPolicyService.removeFleetServerHostFromAll.
// - agent policy: agent_policy.ts delete removes its id from the policy_ids of shared integration policies.

const PROXY = { id: "px", name: "Proxy", url: "http://proxy.example.com:3128" };
const OUTPUT = {
  id: "out",
  name: "Out",
  type: "elasticsearch",
  hosts: ["https://es.example.com:9200"],
  proxy_id: "px",
};
const SOURCE = { id: "ds", name: "Mirror", host: "https://mirror.example.com/", proxy_id: "px" };
const HOST = { id: "fsh", name: "FS", host_urls: ["https://fleet.example.com:8220"], proxy_id: "px" };
const POLICY = {
  id: "ap",
  name: "AP",
  namespace: "default",
  data_output_id: "out",
  download_source_id: "ds",
  fleet_server_host_id: "fsh",
};
const INTEGRATION = {
  id: "ip",
  name: "ip",
  policy_ids: ["ap"],
  output_id: "out",
  package: { name: "nginx", version: "1.5.0" },
};

const without = <T extends Record<string, unknown>>(object: T, field: string) => {
  const { [field]: _dropped, ...rest } = object;
  return rest;
};
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
  it("blocks pruning a proxy that kept outputs, download sources and Fleet Server hosts name in proxy_id", async () => {
    const manifest = stringify({
      proxies: [],
      outputs: [OUTPUT],
      download_sources: [SOURCE],
      fleet_server_hosts: [HOST],
    });
    const { plan } = await h.plan(manifest, { prune: true });
    expect(deletes(plan)).toEqual([]);
    expect(blocked(plan)).toEqual([
      {
        kind: "proxies",
        id: "px",
        name: "Proxy",
        reason:
          'still referenced by output "out" (proxy_id), download source "ds" (proxy_id), Fleet Server host "fsh" (proxy_id); ' +
          "remove the references or prune those objects too",
      },
    ]);
  });

  it("names the one referrer and says to edit the manifest or prune it too", async () => {
    const manifest = stringify({
      proxies: [],
      outputs: [OUTPUT],
      download_sources: [without(SOURCE, "proxy_id")],
      fleet_server_hosts: [without(HOST, "proxy_id")],
    });
    const { plan } = await h.plan(manifest, { prune: true });
    expect(blocked(plan).map((b) => b.reason)).toEqual([
      'still referenced by output "out" (proxy_id); remove the reference in the manifest or prune that output too',
    ]);
  });

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

  it("blocks pruning a proxy that an unmanaged output of a kind in scope still uses", async () => {
    await h.client.request("POST", "/api/fleet/outputs", {
      body: { ...OUTPUT, id: "legacy", name: "Legacy" },
    });
    const manifest = stringify({
      proxies: [],
      outputs: [without(OUTPUT, "proxy_id")],
      download_sources: [without(SOURCE, "proxy_id")],
      fleet_server_hosts: [without(HOST, "proxy_id")],
    });
    const { plan } = await h.plan(manifest, { prune: true, pruneKinds: ["proxies"] });
    expect(deletes(plan)).toEqual([]);
    expect(blocked(plan).map((b) => b.reason)).toEqual([
      'still referenced by output "legacy" (proxy_id; not in the manifests); remove the reference in Kibana or prune that output too',
    ]);
  });

  it("blocks pruning an output a kept agent policy and integration policy still use", async () => {
    const manifest = stringify({
      outputs: [],
      agent_policies: [POLICY],
      integration_policies: [INTEGRATION],
    });
    const { plan } = await h.plan(manifest, { prune: true });
    expect(blocked(plan)).toEqual([
      expect.objectContaining({
        kind: "outputs",
        id: "out",
        reason: expect.stringContaining(
          'agent policy "ap" (data_output_id), integration policy "ip" (output_id)',
        ),
      }),
    ]);
  });

  it("blocks pruning a download source and a Fleet Server host a kept agent policy still uses", async () => {
    const manifest = stringify({ download_sources: [], fleet_server_hosts: [], agent_policies: [POLICY] });
    const { plan } = await h.plan(manifest, { prune: true });
    expect(deletes(plan)).toEqual([]);
    expect(blocked(plan).map((b) => `${b.kind}/${b.id}: ${b.reason}`)).toEqual([
      'download_sources/ds: still referenced by agent policy "ap" (download_source_id); remove the reference in the manifest or prune that agent policy too',
      'fleet_server_hosts/fsh: still referenced by agent policy "ap" (fleet_server_host_id); remove the reference in the manifest or prune that agent policy too',
    ]);
  });

  it("keeps what a blocked delete references: the proxy of an output an agent policy still uses", async () => {
    const manifest = stringify({
      proxies: [],
      outputs: [],
      download_sources: [without(SOURCE, "proxy_id")],
      fleet_server_hosts: [without(HOST, "proxy_id")],
      agent_policies: [POLICY],
      integration_policies: [without(INTEGRATION, "output_id")],
    });
    const { plan } = await h.plan(manifest, { prune: true });
    expect(deletes(plan)).toEqual([]);
    expect(blocked(plan).map((b) => `${b.kind}/${b.id}: ${b.reason}`)).toEqual([
      'outputs/out: still referenced by agent policy "ap" (data_output_id); remove the reference in the manifest or prune that agent policy too',
      'proxies/px: still referenced by output "out" (proxy_id; not in the manifests); remove the reference in Kibana or prune that output too',
    ]);
  });

  it("blocks pruning an agent policy a kept integration policy shares with another", async () => {
    const manifest = stringify({
      agent_policies: [{ id: "ap2", name: "AP2", namespace: "default" }],
      integration_policies: [{ ...INTEGRATION, policy_ids: ["ap2", "ap"] }],
    });
    await h.apply(manifest);
    const { plan } = await h.plan(manifest, { prune: true, pruneKinds: ["agent_policies"] });
    expect(deletes(plan)).toEqual([]);
    expect(blocked(plan)).toEqual([
      expect.objectContaining({
        kind: "agent_policies",
        id: "ap",
        reason: expect.stringContaining('still referenced by integration policy "ip" (policy_ids)'),
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
