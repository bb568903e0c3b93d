/**
 * `ignore_changes` (src/diff/ignore-changes.ts), like Terraform's lifecycle.ignore_changes: a create
 * sends the fields; once the object exists, plans neither show nor send them, so Kibana keeps its value.
 * The field itself is fleetform's and never reaches Kibana.
 */
import { describe, expect, it } from "vitest";
import { nginx_1_5_0 } from "../../src/sim/catalog/nginx-1.5.0.js";
import { liveIntegrationPolicy, liveState, manifestFromYaml, planInMemory } from "./helpers.js";

const POLICY_YAML = `
agent_policies:
  - id: ap
    name: AP
    namespace: default
    description: from the manifest
    monitoring_enabled: [logs]
    ignore_changes: [description, monitoring_enabled]
`;

const LIVE_POLICY = {
  id: "ap",
  name: "AP",
  namespace: "default",
  description: "edited in Kibana",
  monitoring_enabled: ["logs", "metrics"],
};

describe("ignore_changes", () => {
  it("a create sends the ignored fields, and never ignore_changes itself", async () => {
    const plan = planInMemory(await manifestFromYaml(POLICY_YAML), liveState({}));
    const [create] = plan.operations;
    expect(create!.request.body).toMatchObject({
      description: "from the manifest",
      monitoring_enabled: ["logs"],
    });
    expect(create!.request.body).not.toHaveProperty("ignore_changes");
    expect(create!.changes.map((c) => c.path)).not.toContain("/ignore_changes/0");
  });

  it("an existing object whose ignored fields differ plans clean", async () => {
    const plan = planInMemory(
      await manifestFromYaml(POLICY_YAML),
      liveState({ agent_policies: [LIVE_POLICY] }),
    );
    expect(plan.operations).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it("an update for another field neither shows nor sends the ignored ones", async () => {
    const live = liveState({ agent_policies: [{ ...LIVE_POLICY, name: "Old name" }] });
    const plan = planInMemory(await manifestFromYaml(POLICY_YAML), live);
    const [update] = plan.operations;
    expect(update!.changes.map((c) => c.path)).toEqual(["/name"]);
    expect(update!.request.body).not.toHaveProperty("description");
    expect(update!.request.body).not.toHaveProperty("monitoring_enabled");
    expect(update!.request.body).not.toHaveProperty("ignore_changes");
  });

  it("an ignored field the update must carry is sent with Kibana's value", async () => {
    // Agent policy updates always carry name and namespace (PutAgentPolicyRequestSchema requires them).
    const yaml = POLICY_YAML.replace(
      "[description, monitoring_enabled]",
      "[name, description, monitoring_enabled]",
    );
    const live = liveState({
      agent_policies: [{ ...LIVE_POLICY, name: "Renamed in Kibana", inactivity_timeout: 60 }],
    });
    const plan = planInMemory(await manifestFromYaml(yaml), live);
    const [update] = plan.operations;
    expect(update!.changes.map((c) => c.path)).toEqual(["/inactivity_timeout"]);
    expect(update!.request.body).toMatchObject({ name: "Renamed in Kibana", inactivity_timeout: 1209600 });
  });

  it("an ignored field the manifest leaves out is not reset to its default", async () => {
    const yaml = `
agent_policies:
  - id: ap
    name: AP
    namespace: default
    ignore_changes: [description]
`;
    const live = liveState({
      agent_policies: [{ id: "ap", name: "AP", namespace: "default", description: "x" }],
    });
    expect(planInMemory(await manifestFromYaml(yaml), live).operations).toEqual([]);
  });

  it("a glob path ignores that field under every key", async () => {
    const yaml = `
integration_policies:
  - id: ip
    name: ip
    policy_ids: [ap]
    package: { name: nginx, version: 1.5.0 }
    inputs:
      nginx-logfile:
        streams:
          nginx.access: { vars: { tags: [manifest] } }
    ignore_changes: [inputs.*.streams.*.vars.tags]
`;
    const manifest = await manifestFromYaml(yaml);
    const { ignore_changes: _, ...written } = manifest.objects[0]!.body;
    const liveBody = liveIntegrationPolicy(written, nginx_1_5_0);
    const edited = structuredClone(liveBody);
    edited.inputs["nginx-logfile"].streams["nginx.access"].vars.tags = ["edited-in-kibana"];
    const plan = planInMemory(manifest, liveState({ integration_policies: [edited] }), {
      packages: [nginx_1_5_0],
    });
    expect(plan.operations).toEqual([]);
  });

  it("a field ignored nowhere still shows beside an ignored one", async () => {
    const yaml = POLICY_YAML.replace("[description, monitoring_enabled]", "[description]");
    const plan = planInMemory(await manifestFromYaml(yaml), liveState({ agent_policies: [LIVE_POLICY] }));
    expect(plan.operations[0]!.changes.map((c) => c.path)).toEqual(["/monitoring_enabled"]);
  });

  it("a path that starts with no field of the object is refused at validation", async () => {
    const yaml = POLICY_YAML.replace("[description, monitoring_enabled]", "[descripton]");
    await expect(manifestFromYaml(yaml)).rejects.toThrow(
      /"descripton" for ignore_changes\[0\].*a path starting with a field of this object/,
    );
  });
});
