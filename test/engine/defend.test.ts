/**
 * Elastic Defend (the `endpoint` package, from ../shared/packages): its policy template has no
 * inputs, and Kibana's Security Solution fills `inputs[0].config` through its Fleet callbacks
 * (SECURITY/server/fleet_integration/fleet_integration.ts, handlers/create_default_policy.ts,
 * SECURITY/common/endpoint/models/policy_config.ts; SECURITY = x-pack/solutions/security/plugins/
 * security_solution). The manifest states a preset and a partial policy.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { exportLive } from "../../src/export/export-live.js";
import { KINDS } from "../../src/kinds/index.js";
import { CORPUS } from "../support/packages.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeAll(async () => {
  h = await engineHarness({ packages: [CORPUS] });
});
afterAll(() => h.close());
beforeEach(() => h.sim.reset());

const manifest = (defend: Record<string, unknown> | undefined, version = "8.5.0") =>
  stringify({
    agent_policies: [{ id: "hosts", name: "Hosts", namespace: "default" }],
    integration_policies: [
      {
        id: "defend-hosts",
        name: "Defend hosts",
        policy_ids: ["hosts"],
        package: { name: "endpoint", version },
        ...(defend ? { defend } : {}),
      },
    ],
  });

const storedPolicy = async () =>
  (await h.client.request("GET", "/api/fleet/package_policies/defend-hosts")).body.item.inputs[0].config
    .policy.value;

const THREE_LINES = {
  preset: "EDRComplete",
  policy: { windows: { malware: { mode: "detect" } }, linux: { events: { session_data: true } } },
};

describe("Elastic Defend", () => {
  it("creates the policy from the preset, then sets the stated values, in one operation", async () => {
    const { plan } = await h.plan(manifest(THREE_LINES));
    const op = plan.operations.find((o) => o.key === "integration_policies/defend-hosts")!;
    expect(op.action).toBe("create");
    expect(op.notes).toEqual([
      "Kibana fills in the Defend policy from the EDRComplete preset; an update then sets defend.policy where it differs",
    ]);
    expect(op.request.body).toMatchObject({
      inputs: [
        {
          type: "ENDPOINT_INTEGRATION_CONFIG",
          config: { _config: { value: { type: "endpoint", endpointConfig: { preset: "EDRComplete" } } } },
        },
      ],
    });
    await h.apply(manifest(THREE_LINES));
    const policy = await storedPolicy();
    expect(policy.windows.malware.mode).toBe("detect");
    expect(policy.linux.events.session_data).toBe(true);
    // What the preset and Kibana's callback fill in stays: the rest of EDRComplete, the cluster's meta.
    expect(policy.mac.malware.mode).toBe("prevent");
    expect(policy.windows.ransomware.mode).toBe("prevent");
    expect(policy.meta).toMatchObject({ license: "trial", cloud: false });
    // Kibana's update callback recomputes the antivirus registration from malware prevention.
    expect(policy.windows.antivirus_registration).toEqual({ mode: "sync", enabled: false });
  });

  it("plans a three-line manifest clean against the policy Kibana filled in", async () => {
    await h.apply(manifest(THREE_LINES));
    expect(changedPaths((await h.plan(manifest(THREE_LINES))).plan)).toEqual([]);
  });

  it("sends one create and no update when the preset already holds every stated value", async () => {
    const yaml = manifest({ preset: "NGAV", policy: { windows: { events: { file: false } } } });
    await h.apply(yaml);
    const policy = await storedPolicy();
    expect(policy.windows.events).toMatchObject({ process: true, file: false, network: false, dns: false });
    expect(policy.windows.malware.mode).toBe("prevent");
    expect(
      (await h.client.request("GET", "/api/fleet/package_policies/defend-hosts")).body.item.revision,
    ).toBe(1);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });

  it("without a preset, Kibana starts from data collection (protections off)", async () => {
    await h.apply(manifest(undefined));
    const policy = await storedPolicy();
    expect(policy.windows.malware.mode).toBe("off");
    expect(policy.windows.events.process).toBe(true);
    expect(changedPaths((await h.plan(manifest(undefined))).plan)).toEqual([]);
  });

  it("updates only the stated values, keeping what Kibana filled in", async () => {
    await h.apply(manifest(THREE_LINES));
    const changed = { ...THREE_LINES, policy: { ...THREE_LINES.policy, mac: { malware: { mode: "off" } } } };
    const { plan } = await h.plan(manifest(changed));
    expect(changedPaths(plan)).toEqual(["update defend-hosts replace /defend/policy/mac/malware/mode"]);
    expect(plan.operations[0]!.changes[0]).toMatchObject({ before: "prevent", after: "off" });
    await h.apply(manifest(changed));
    const policy = await storedPolicy();
    expect(policy.mac.malware.mode).toBe("off");
    expect(policy.windows.malware.mode).toBe("detect");
    expect(policy.mac.ransomware.mode).toBe("prevent");
    expect(changedPaths((await h.plan(manifest(changed))).plan)).toEqual([]);
  });

  it("reports a preset change as a plan error: Kibana applies presets on create only", async () => {
    await h.apply(manifest(THREE_LINES));
    const { plan } = await h.plan(manifest({ ...THREE_LINES, preset: "NGAV" }));
    expect(plan.operations).toEqual([]);
    expect(plan.problems).toEqual([
      expect.objectContaining({
        message:
          "Kibana applies a preset only when it creates the policy; this one was created with EDRComplete",
        location: expect.objectContaining({ line: 14 }),
      }),
    ]);
  });

  it("upgrades the package and keeps the policy", async () => {
    await h.apply(manifest(THREE_LINES, "8.4.1"));
    const { plan } = await h.plan(manifest(THREE_LINES, "8.5.0"));
    expect(changedPaths(plan)).toEqual(["update defend-hosts replace /package/version"]);
    await h.apply(manifest(THREE_LINES, "8.5.0"));
    expect((await storedPolicy()).windows.malware.mode).toBe("detect");
    expect(changedPaths((await h.plan(manifest(THREE_LINES))).plan)).toEqual([]);
  });

  it("exports the preset and the policy, and the export plans clean", async () => {
    await h.apply(manifest(THREE_LINES));
    const { ctx } = await h.plan(manifest(THREE_LINES));
    const exported = exportLive(
      KINDS.filter((k) => k.name === "integration_policies"),
      ctx,
      { includeManaged: false },
    );
    const body = [...exported.objects.values()].flat().find((o) => o.body.id === "defend-hosts")!.body;
    expect(body.defend.preset).toBe("EDRComplete");
    expect(body.defend.policy.windows.malware.mode).toBe("detect");
    expect(body.defend.policy.meta).toBeUndefined();
    const yaml = stringify({
      agent_policies: [{ id: "hosts", name: "Hosts", namespace: "default" }],
      integration_policies: [body],
    });
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });
});
