// Apply, then plan again: zero changes, although Kibana stores values the manifest never said.
// Kibana sources (elastic/kibana, x-pack/platform/plugins/shared/fleet/...):
// server/services/output.ts (create/update: group_events, preset, sasl, secrets),
// common/services/output_helpers.ts (getDefaultPresetForEsOutput, outputYmlIncludesReservedPerformanceKey),
// server/services/secrets/common.ts (diffSOSecretPaths), core's saved-objects mergeForUpdate,
// server/routes/package_policy/handlers.ts and routes/package_policy/utils/index.ts (alignInputsAndStreams).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

const output = (body: Record<string, unknown>) => stringify({ outputs: [{ id: "o", name: "O", ...body }] });
const kafka = (extra: Record<string, unknown> = {}) =>
  output({ type: "kafka", hosts: ["kafka:9092"], auth_type: "none", topic: "t", ...extra });
const es = (extra: Record<string, unknown> = {}) =>
  output({ type: "elasticsearch", hosts: ["https://es:9200"], ...extra });
const live = async () => (await h.client.request("GET", "/api/fleet/outputs/o")).body.item;

async function expectCleanAfterApply(yaml: string) {
  await h.apply(yaml);
  expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
}

describe("kafka partition group_events", () => {
  it("plans clean after creating a random partition without group_events", async () => {
    await expectCleanAfterApply(kafka({ partition: "random" }));
  });

  it("plans clean after switching an existing output to round_robin without group_events", async () => {
    await h.apply(kafka());
    await expectCleanAfterApply(kafka({ partition: "round_robin" }));
    expect((await live()).round_robin).toEqual({ group_events: 1 });
  });
});

describe("elasticsearch output preset", () => {
  it("plans clean after creating an output whose config_yaml sets a performance key", async () => {
    await expectCleanAfterApply(es({ config_yaml: "bulk_max_size: 1600\nworker: 4\n" }));
    expect((await live()).preset).toBe("custom");
  });

  it("moves an existing output to preset custom when config_yaml gains a performance key, and plans clean", async () => {
    await h.apply(es());
    await expectCleanAfterApply(es({ config_yaml: "queue.mem.events: 4096\n" }));
    expect((await live()).preset).toBe("custom");
  });

  it("reports preset balanced with performance keys in config_yaml at plan time", async () => {
    const { plan } = await h.plan(es({ preset: "balanced", config_yaml: "worker: 4" }));
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => p.message)).toEqual([
      expect.stringContaining("preset cannot be balanced when config_yaml contains one of"),
    ]);
  });
});

describe("removing an output secret", () => {
  it("clears the kafka password reference when auth_type goes from user_pass to none, and plans clean", async () => {
    await h.apply(kafka({ auth_type: "user_pass", username: "u", secrets: { password: "pw" } }));
    await expectCleanAfterApply(kafka());
    expect((await live()).secrets ?? {}).toEqual({});
  });

  it("clears a dropped ssl key reference and plans clean", async () => {
    await h.apply(es({ ssl: { certificate: "CERT" }, secrets: { ssl: { key: "KEY" } } }));
    await expectCleanAfterApply(es({ ssl: { certificate: "CERT" } }));
    expect((await live()).secrets ?? {}).toEqual({});
  });
});

describe("integration policy inputs", () => {
  it("turns off an input whose streams are all disabled, and plans clean", async () => {
    await expectCleanAfterApply(
      stringify({
        agent_policies: [{ id: "web", name: "Web", namespace: "default" }],
        integration_policies: [
          {
            id: "nginx-web",
            name: "nginx-web",
            policy_ids: ["web"],
            package: { name: "nginx", version: "1.5.0" },
            inputs: {
              "nginx-logfile": {
                streams: { "nginx.access": { enabled: false }, "nginx.error": { enabled: false } },
              },
            },
          },
        ],
      }),
    );
    const policy = (
      await h.client.request("GET", "/api/fleet/package_policies/nginx-web", {
        query: { format: "simplified" },
      })
    ).body.item;
    expect(policy.inputs["nginx-logfile"].enabled).toBe(false);
  });
});
