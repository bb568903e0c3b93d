/**
 * Prune never reaches what hangs off a managed or preconfigured parent, as it never reaches the
 * parent. Kibana adds the package policies kibana.yml lists to a preconfigured agent policy when it
 * creates the policy, and again at every setup only for a managed one
 * (x-pack/platform/plugins/shared/fleet/server/services/preconfiguration.ts,
 * ensurePreconfiguredPackagesAndPolicies: `if (created || policies[i].is_managed)`): deleted from an
 * existing preconfigured policy, kibana.yml's integration is gone for good, though kibana.yml says it
 * is there.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness | undefined;
afterEach(() => h?.close());

/** A Kibana whose agent policy `default-policy` is preconfigured (kibana.yml) and has an integration. */
async function kibanaWithPreconfiguredPolicy(): Promise<EngineHarness> {
  const dataFile = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-preconf-")), "state.json");
  // A hosted Fleet Server policy: its integrations are out of reach too, so only this file's objects count.
  const setup = await engineHarness({ dataFile, profile: "hosted-fleet-server" });
  await setup.apply(
    stringify({
      agent_policies: [{ id: "default-policy", name: "Default policy", namespace: "default" }],
      integration_policies: [
        {
          id: "default-nginx",
          name: "default-nginx",
          policy_ids: ["default-policy"],
          package: { name: "nginx", version: "1.5.0" },
        },
      ],
    }),
  );
  await setup.close();
  // The API cannot create a preconfigured policy: Kibana makes them from kibana.yml at setup.
  const state = JSON.parse(await readFile(dataFile, "utf8"));
  for (const policy of state.agentPolicies)
    if (policy.id === "default-policy") policy.is_preconfigured = true;
  await writeFile(dataFile, JSON.stringify(state));
  return engineHarness({ dataFile, profile: "hosted-fleet-server" });
}

describe("objects attached to a preconfigured parent", () => {
  it("are out of --prune's reach, as the parent is", async () => {
    h = await kibanaWithPreconfiguredPolicy();
    const { plan } = await h.plan(stringify({ agent_policies: [], integration_policies: [] }), {
      prune: true,
    });
    expect(plan.operations.map((op) => `${op.action} ${op.kind}/${op.id}`)).toEqual([]);
    expect(plan.unmanaged.map((u) => u.id)).not.toContain("default-nginx");
  });

  it("are refused, naming the parent, when a manifest would change them", async () => {
    h = await kibanaWithPreconfiguredPolicy();
    const { plan } = await h.plan(
      stringify({
        integration_policies: [
          {
            id: "default-nginx",
            name: "default-nginx",
            description: "changed",
            policy_ids: ["default-policy"],
            package: { name: "nginx", version: "1.5.0" },
          },
        ],
      }),
    );
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      'integration policy "default-nginx" is a child of agent policy "default-policy", a preconfigured agent policy (defined in kibana.yml); change it there: fleetform never changes it',
    ]);
  });
});
