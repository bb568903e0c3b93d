// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in these strings is kibana.yml and manifest text, not template literals
/**
 * The simulator started from a kibana.yml preconfiguration, as Kibana's Fleet setup leaves it.
 * Sources (FLEET = x-pack/platform/plugins/shared/fleet/server):
 *   - FLEET/services/agent_policy.ts ensurePreconfiguredAgentPolicy: namespace default, monitoring
 *     logs+metrics, is_preconfigured
 *   - FLEET/services/preconfiguration/outputs.ts, fleet_server_host.ts, fleet_proxies.ts: is_preconfigured,
 *     and the clean-up when they leave kibana.yml (cleanPreconfigured*)
 *   - FLEET/services/setup.ts: nothing cleans up agent policies that leave kibana.yml
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { fixtureText } from "../import/helpers.js";

const KEY = "sim-preconfiguration-key";
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function get(path: string) {
  const res = await fetch(`${sim!.url}${path}`, { headers: { authorization: `ApiKey ${KEY}` } });
  return (await res.json()) as any;
}

async function start(text: string, removed = false) {
  sim = await startSimulator({ port: 0, apiKey: KEY, preconfiguration: { text, removed } });
}

describe("a simulator started from a kibana.yml preconfiguration", () => {
  it("has its objects under their ids, marked is_preconfigured", async () => {
    await start(fixtureText("fleet-settings-docs.yml"));
    const [proxy, output, host, policy] = await Promise.all([
      get("/api/fleet/proxies/my-proxy"),
      get("/api/fleet/outputs/es-with-config"),
      get("/api/fleet/fleet_server_hosts/fleet-server-host"),
      get("/api/fleet/agent_policies/1"),
    ]);
    expect([proxy, output, host, policy].map((r) => r.item.is_preconfigured)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(output.item.config_yaml).toBe("bulk_max_size: 50\nssl:\n  verification_mode: none\n");
  });

  it("gives agent policies the defaults preconfiguration applies: namespace default, monitoring logs and metrics", async () => {
    await start("xpack.fleet.agentPolicies:\n  - id: bare\n    name: Bare policy\n");
    const { item } = await get("/api/fleet/agent_policies/bare");
    expect([item.namespace, item.monitoring_enabled]).toEqual(["default", ["logs", "metrics"]]);
  });

  it("keeps frozen and keep_enabled on the stored integration policy", async () => {
    await start(fixtureText("fleet-settings-docs.yml"));
    const { item } = await get("/api/fleet/package_policies/preconfigured-system");
    const metrics = item.inputs.find((i: any) => i.type === "system/metrics");
    expect([metrics.keep_enabled, metrics.vars["system.hostfs"].frozen]).toEqual([true, true]);
  });

  it("lets two agent policies' integrations share a name, as preconfiguration skips the unique-name check", async () => {
    await start(
      fixtureText("elastic-package-stack.yml").replace("${ELASTIC_PACKAGE_CA_TRUSTED_FINGERPRINT}", "ab"),
    );
    const { items } = await get("/api/fleet/package_policies?perPage=100");
    expect(
      items
        .filter((p: any) => p.name === "system-1")
        .map((p: any) => p.id)
        .sort(),
    ).toEqual(["default-system", "fleet-server-system"]);
  });
});

describe("after the preconfiguration is removed from kibana.yml and Kibana restarts", () => {
  const text = `${fixtureText("fleet-settings-docs.yml")}
  - id: spare-host
    name: Spare
    host_urls: ["https://spare:8220"]
`;

  it("deletes outputs and Fleet Server hosts that are not defaults", async () => {
    await start(text, true);
    const [outputs, hosts] = await Promise.all([
      get("/api/fleet/outputs"),
      get("/api/fleet/fleet_server_hosts"),
    ]);
    expect(outputs.items.map((o: any) => o.id)).not.toContain("es-with-config");
    expect(hosts.items.map((h: any) => h.id)).not.toContain("spare-host");
  });

  it("keeps the default Fleet Server host and a proxy still in use, no longer preconfigured", async () => {
    await start(
      `${text}xpack.fleet.agents.elasticsearch.hosts: ["https://es:9200"]\n`.replace(
        "    url: https://my-proxy:3128",
        "    url: https://my-proxy:3128\n  - id: unused-proxy\n    name: unused\n    url: https://unused:3128",
      ),
      true,
    );
    const [host, output, proxies] = await Promise.all([
      get("/api/fleet/fleet_server_hosts/fleet-server-host"),
      get("/api/fleet/outputs/fleet-default-output"),
      get("/api/fleet/proxies"),
    ]);
    expect([host.item.is_preconfigured, output.item.is_preconfigured]).toEqual([false, false]);
    // my-proxy was used by es-with-config when proxies were cleaned up (before outputs, as setup runs).
    expect(proxies.items.map((p: any) => [p.id, p.is_preconfigured])).toEqual([["my-proxy", false]]);
  });

  it("leaves agent policies as they are: still preconfigured", async () => {
    await start(text, true);
    const { item } = await get("/api/fleet/agent_policies/1");
    expect(item.is_preconfigured).toBe(true);
  });
});
