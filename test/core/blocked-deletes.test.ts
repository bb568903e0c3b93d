/**
 * Which prunes the plan refuses because a kept object still references the deleted one: a judgement
 * on the manifests and the live state alone, so it is made here in memory. What needs Kibana (which
 * kinds are read, and that an applied plan then plans clean) stays in test/engine/blocked-deletes.test.ts.
 *
 * Kibana never refuses these deletes: it clears the references instead, behind the plan's back.
 * - proxy: fleet_proxies.ts deleteFleetProxy → updateRelatedSavedObject sets proxy_id: null on every
 *   output, Fleet Server host and download source using it.
 * - output: output.ts delete → packagePolicyService.removeOutputFromAll (output_id: null) and
 *   agentPolicyService.removeOutputFromAll (data_output_id / monitoring_output_id: null).
 * - download source: download_source.ts delete → agentPolicyService.removeDefaultSourceFromAll.
 * - Fleet Server host: fleet_server_host.ts delete → agentPolicyService.removeFleetServerHostFromAll.
 * - agent policy: agent_policy.ts delete removes its id from the policy_ids of shared integration policies.
 */
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Plan } from "../../src/diff/types.js";
import type { Body } from "../../src/kinds/types.js";
import { nginx_1_5_0 } from "../../src/sim/catalog/nginx-1.5.0.js";
import { HOST, INTEGRATION, OUTPUT, POLICY, PROXY, SOURCE, without } from "../support/reference-objects.js";
import {
  type InMemoryPlanOptions,
  liveIntegrationPolicy,
  liveState,
  manifestFromYaml,
  planInMemory,
} from "./helpers.js";

/** Kibana after the six objects above were applied, plus `extra` objects made there by hand. */
function applied(extra: { outputs?: Body[]; agent_policies?: Body[]; integration?: Body } = {}) {
  return liveState({
    proxies: [PROXY],
    outputs: [{ ...OUTPUT, is_default: false, is_default_monitoring: false }, ...(extra.outputs ?? [])],
    download_sources: [SOURCE],
    fleet_server_hosts: [HOST],
    agent_policies: [{ ...POLICY, agents: 0 }, ...(extra.agent_policies ?? [])],
    integration_policies: [liveIntegrationPolicy(extra.integration ?? INTEGRATION, nginx_1_5_0)],
  });
}

async function plan(
  manifest: Record<string, unknown>,
  live = applied(),
  options: InMemoryPlanOptions = {},
): Promise<Plan> {
  return planInMemory(await manifestFromYaml(stringify(manifest)), live, {
    prune: true,
    packages: [nginx_1_5_0],
    ...options,
  });
}

const deletes = (plan: Plan) =>
  plan.operations.filter((op) => op.action === "delete").map((op) => `${op.kind}/${op.id}`);

describe("deletes of objects that kept objects reference", () => {
  it("blocks pruning a proxy that kept outputs, download sources and Fleet Server hosts name in proxy_id", async () => {
    const result = await plan({
      proxies: [],
      outputs: [OUTPUT],
      download_sources: [SOURCE],
      fleet_server_hosts: [HOST],
    });
    expect(deletes(result)).toEqual([]);
    expect(result.blocked).toEqual([
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
    const result = await plan({
      proxies: [],
      outputs: [OUTPUT],
      download_sources: [without(SOURCE, "proxy_id")],
      fleet_server_hosts: [without(HOST, "proxy_id")],
    });
    expect(result.blocked.map((b) => b.reason)).toEqual([
      'still referenced by output "out" (proxy_id); remove the reference in the manifest or prune that output too',
    ]);
  });

  it("blocks pruning a proxy that an unmanaged output of a kind in scope still uses", async () => {
    const live = applied({ outputs: [{ ...OUTPUT, id: "legacy", name: "Legacy" }] });
    const manifest = {
      proxies: [],
      outputs: [without(OUTPUT, "proxy_id")],
      download_sources: [without(SOURCE, "proxy_id")],
      fleet_server_hosts: [without(HOST, "proxy_id")],
    };
    const result = await plan(manifest, live, { pruneKinds: ["proxies"] });
    expect(deletes(result)).toEqual([]);
    expect(result.blocked.map((b) => b.reason)).toEqual([
      'still referenced by output "legacy" (proxy_id; not in the manifests); remove the reference in Kibana or prune that output too',
    ]);
  });

  it("blocks pruning an output a kept agent policy and integration policy still use", async () => {
    const result = await plan({ outputs: [], agent_policies: [POLICY], integration_policies: [INTEGRATION] });
    expect(result.blocked).toEqual([
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
    const result = await plan({ download_sources: [], fleet_server_hosts: [], agent_policies: [POLICY] });
    expect(deletes(result)).toEqual([]);
    expect(result.blocked.map((b) => `${b.kind}/${b.id}: ${b.reason}`)).toEqual([
      'download_sources/ds: still referenced by agent policy "ap" (download_source_id); remove the reference in the manifest or prune that agent policy too',
      'fleet_server_hosts/fsh: still referenced by agent policy "ap" (fleet_server_host_id); remove the reference in the manifest or prune that agent policy too',
    ]);
  });

  it("keeps what a blocked delete references: the proxy of an output an agent policy still uses", async () => {
    const result = await plan({
      proxies: [],
      outputs: [],
      download_sources: [without(SOURCE, "proxy_id")],
      fleet_server_hosts: [without(HOST, "proxy_id")],
      agent_policies: [POLICY],
      integration_policies: [without(INTEGRATION, "output_id")],
    });
    expect(deletes(result)).toEqual([]);
    expect(result.blocked.map((b) => `${b.kind}/${b.id}: ${b.reason}`)).toEqual([
      'outputs/out: still referenced by agent policy "ap" (data_output_id); remove the reference in the manifest or prune that agent policy too',
      'proxies/px: still referenced by output "out" (proxy_id; not in the manifests); remove the reference in Kibana or prune that output too',
    ]);
  });

  it("blocks pruning an agent policy a kept integration policy shares with another", async () => {
    const shared = { ...INTEGRATION, policy_ids: ["ap2", "ap"] };
    const live = applied({
      agent_policies: [{ id: "ap2", name: "AP2", namespace: "default", agents: 0 }],
      integration: shared,
    });
    const manifest = {
      agent_policies: [{ id: "ap2", name: "AP2", namespace: "default" }],
      integration_policies: [shared],
    };
    const result = await plan(manifest, live, { pruneKinds: ["agent_policies"] });
    expect(deletes(result)).toEqual([]);
    expect(result.blocked).toEqual([
      expect.objectContaining({
        kind: "agent_policies",
        id: "ap",
        reason: expect.stringContaining('still referenced by integration policy "ip" (policy_ids)'),
      }),
    ]);
  });
});
