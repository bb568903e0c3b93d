/**
 * The Security Solution's Fleet callbacks on Elastic Defend (`endpoint`) package policies:
 * SECURITY/server/fleet_integration/fleet_integration.ts (getPackagePolicyCreateCallback,
 * getPackagePolicyUpdateCallback), handlers/create_default_policy.ts (presets),
 * handlers/validate_integration_config.ts (403 on a bad preset) and
 * handlers/validate_endpoint_package_policy.ts (an update needs the policy and the artifact manifest);
 * SECURITY = x-pack/solutions/security/plugins/security_solution.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CORPUS } from "../support/packages.js";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ packages: [CORPUS] });
});
afterAll(() => h.close());
beforeEach(async () => {
  h.sim.reset();
  await call(h.api, "POST", "/api/fleet/agent_policies", {
    id: "hosts",
    name: "Hosts",
    namespace: "default",
  });
});

/** One agent policy each: the endpoint package allows one Defend policy per agent policy (`multiple: false`). */
const create = async (inputs: unknown[], id = "defend") => {
  if (id !== "defend")
    await call(h.api, "POST", "/api/fleet/agent_policies", { id, name: id, namespace: "default" });
  return call(h.api, "POST", "/api/fleet/package_policies", {
    id,
    name: id,
    policy_ids: [id === "defend" ? "hosts" : id],
    package: { name: "endpoint", version: "8.5.0" },
    inputs,
  });
};

const withPreset = (preset: string) => [
  {
    type: "ENDPOINT_INTEGRATION_CONFIG",
    enabled: true,
    streams: [],
    config: { _config: { value: { type: "endpoint", endpointConfig: { preset } } } },
  },
];

describe("creating an Elastic Defend policy", () => {
  it("replaces the inputs with the Defend input: the preset's policy, the artifact manifest, the config", async () => {
    const res = await create(withPreset("EDRComplete"));
    expect(res.status).toBe(200);
    const [input, ...rest] = res.body.item.inputs;
    expect(rest).toEqual([]);
    expect(input).toMatchObject({ type: "endpoint", enabled: true, streams: [] });
    expect(input.config.integration_config).toEqual({
      value: { type: "endpoint", endpointConfig: { preset: "EDRComplete" } },
    });
    expect(input.config.artifact_manifest.value).toMatchObject({
      manifest_version: "1.0.0",
      schema_version: "v1",
    });
    const policy = input.config.policy.value;
    expect(policy.windows.malware).toEqual({ mode: "prevent", blocklist: true, on_write_scan: true });
    expect(policy.windows.ransomware).toEqual({ mode: "prevent", supported: true });
    expect(policy.linux.events).toMatchObject({ session_data: false, tty_io: false });
    // The trustedDevices experimental feature is off: device control is removed.
    expect(policy.windows.device_control).toBeUndefined();
    expect(policy.mac.popup.device_control).toBeUndefined();
  });

  it("NGAV collects process events only; EDREssential adds file and network", async () => {
    const ngav = (await create(withPreset("NGAV"), "ngav")).body.item.inputs[0].config.policy.value;
    expect(ngav.windows.events).toMatchObject({
      process: true,
      file: false,
      network: false,
      registry: false,
    });
    expect(ngav.windows.malware.mode).toBe("prevent");
    const essential = (await create(withPreset("EDREssential"), "essential")).body.item.inputs[0].config
      .policy.value;
    expect(essential.mac.events).toEqual({
      dns: false,
      process: true,
      file: true,
      network: true,
      security: false,
    });
  });

  it("without a preset (or with DataCollection) turns every protection off", async () => {
    for (const [id, inputs] of [
      ["none", []],
      ["collection", withPreset("DataCollection")],
    ] as const) {
      const policy = (await create([...inputs], id)).body.item.inputs[0].config.policy.value;
      expect(policy.windows.malware).toEqual({ mode: "off", blocklist: false, on_write_scan: false });
      expect(policy.windows.antivirus_registration).toEqual({ mode: "disabled", enabled: false });
      expect(policy.linux.memory_protection.mode).toBe("off");
      expect(policy.windows.events.process).toBe(true);
    }
  });

  it("answers 403 to an unknown preset", async () => {
    const res = await create(withPreset("EDRMaximum"));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("Invalid endpointConfig preset");
  });
});

describe("updating an Elastic Defend policy", () => {
  it("answers 400 to an update without the policy and the artifact manifest", async () => {
    await create(withPreset("EDRComplete"));
    const res = await call(
      h.api,
      "PUT",
      "/api/fleet/package_policies/defend",
      { name: "defend", policy_ids: ["hosts"], package: { name: "endpoint", version: "8.5.0" }, inputs: {} },
      { format: "simplified" },
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Invalid Elastic Defend security policy. 'inputs[0].config.policy.value' and 'inputs[0].config.artifact_manifest.value' are required.",
    );
  });

  it("stamps the cluster's meta and the antivirus registration that follows malware prevention", async () => {
    const item = (await create(withPreset("EDRComplete"))).body.item;
    const input = item.inputs[0];
    const policy = input.config.policy.value;
    policy.windows.malware.mode = "detect";
    policy.meta = { license: "basic" };
    const res = await call(h.api, "PUT", "/api/fleet/package_policies/defend", {
      name: "defend",
      policy_ids: ["hosts"],
      package: { name: "endpoint", version: "8.5.0" },
      inputs: [{ type: "endpoint", enabled: true, streams: [], config: input.config }],
      version: item.version,
    });
    expect(res.status).toBe(200);
    const stored = res.body.item.inputs[0].config.policy.value;
    expect(stored.meta).toMatchObject({ license: "trial", cloud: false, serverless: false, billable: false });
    expect(stored.windows.antivirus_registration).toEqual({ mode: "sync", enabled: false });
  });
});
