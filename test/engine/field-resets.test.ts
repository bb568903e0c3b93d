import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

const policy = (extra: Record<string, unknown> = {}) =>
  stringify({ agent_policies: [{ id: "ap", name: "AP", namespace: "default", ...extra }] });

const kafka = (extra: Record<string, unknown> = {}) =>
  stringify({
    outputs: [
      {
        id: "k",
        name: "Kafka",
        type: "kafka",
        hosts: ["kafka:9092"],
        auth_type: "none",
        topic: "t",
        ...extra,
      },
    ],
  });

describe("fields a manifest drops go back to not set, although Kibana's updates merge", () => {
  it("clears objects and lists of an agent policy and then plans clean", async () => {
    await h.apply(
      policy({
        monitoring_http: { enabled: true, host: "localhost", port: 6791 },
        advanced_settings: { agent_logging_level: "debug" },
        global_data_tags: [{ name: "team", value: "a" }],
      }),
    );
    const { plan } = await h.plan(policy());
    expect(changedPaths(plan).sort()).toEqual([
      "update ap remove /advanced_settings",
      // A list of objects changes per element: its one tag goes.
      "update ap remove /global_data_tags/0",
      "update ap remove /monitoring_http",
    ]);
    await h.apply(policy());
    const live = (await h.client.request("GET", "/api/fleet/agent_policies/ap")).body.item;
    expect(live.monitoring_http ?? {}).toEqual({});
    expect(changedPaths((await h.plan(policy())).plan)).toEqual([]);
  });

  it("clears a kafka output's headers and hash settings and then plans clean", async () => {
    await h.apply(kafka({ headers: [{ key: "a", value: "b" }], hash: { hash: "x", random: false } }));
    await h.apply(kafka());
    const live = (await h.client.request("GET", "/api/fleet/outputs/k")).body.item;
    expect(live.headers ?? []).toEqual([]);
    expect(changedPaths((await h.plan(kafka())).plan)).toEqual([]);
  });

  it("compares unenroll_timeout, which a manifest may set", async () => {
    await h.apply(policy({ unenroll_timeout: 3600 }));
    expect(changedPaths((await h.plan(policy({ unenroll_timeout: 7200 }))).plan)).toEqual([
      "update ap replace /unenroll_timeout",
    ]);
  });

  it("resets monitoring_pprof_enabled and unenroll_timeout a manifest drops, and then plans clean", async () => {
    await h.apply(policy({ monitoring_pprof_enabled: true, unenroll_timeout: 600 }));
    const { plan } = await h.plan(policy());
    expect(changedPaths(plan).sort()).toEqual([
      "update ap replace /monitoring_pprof_enabled",
      "update ap replace /unenroll_timeout",
    ]);
    await h.apply(policy());
    const live = (await h.client.request("GET", "/api/fleet/agent_policies/ap")).body.item;
    // Kibana's unenroll task acts only on unenroll_timeout > 0 (tasks/unenroll_inactive_agents_task.ts).
    expect([live.monitoring_pprof_enabled ?? false, live.unenroll_timeout ?? 0]).toEqual([false, 0]);
    expect(changedPaths((await h.plan(policy())).plan)).toEqual([]);
  });

  it("reports fields set by hand that the manifest leaves out, for agent policies too", async () => {
    await h.apply(policy());
    await h.client.request("PUT", "/api/fleet/agent_policies/ap", {
      body: { name: "AP", namespace: "default", monitoring_pprof_enabled: true, unenroll_timeout: 900 },
    });
    expect(changedPaths((await h.plan(policy())).plan).sort()).toEqual([
      "update ap replace /monitoring_pprof_enabled",
      "update ap replace /unenroll_timeout",
    ]);
  });

  it("warns, instead of saying nothing, about a field Kibana keeps and has no value for not set", async () => {
    await h.apply(kafka({ key: "host.name" }));
    const { plan } = await h.plan(kafka());
    expect(changedPaths(plan)).toEqual([]);
    expect(plan.warnings.map((w) => w.message)).toEqual([
      'output "k": Kibana has key: "host.name", which the manifest leaves out; Kibana\'s update keeps it, and it has no "not set" value fleetform could send',
    ]);
  });
});
