// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${…} in these strings is kibana.yml and manifest text, not template literals
/**
 * How the import maps each piece of Kibana's preconfiguration. Sources:
 * FLEET = x-pack/platform/plugins/shared/fleet/server
 *   - FLEET/services/preconfiguration.ts (addPreconfiguredPolicyPackages)
 *   - FLEET/services/package_policy.ts (preconfigurePackageInputs, deepMergeVars)
 *   - FLEET/services/agent_policy.ts (ensurePreconfiguredAgentPolicy, addPackageToAgentPolicy)
 *   - FLEET/services/preconfiguration/outputs.ts (config → config_yaml)
 *   - src/platform/packages/shared/kbn-config/src/raw/read_config.ts, raw/utils.ts (splitKey)
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EngineHarness } from "../engine/harness.js";
import { fixture, fixtureText, importedFrom, section, warningLines } from "./helpers.js";

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function imported(text: string, file = "kibana.yml") {
  const result = await importedFrom(text, file);
  h = result.h;
  return result.result;
}

const DOCS = fixtureText("fleet-settings-docs.yml");

describe("kibana.yml package policies in the legacy (list) form", () => {
  it("name inputs by type only, resolved to <policy_template>-<type> from the package", async () => {
    const result = await imported(DOCS);
    const system = section(result, "integration_policies").find((p) => p.id === "preconfigured-system")!;
    expect(Object.keys(system.inputs).sort()).toEqual(["system-system/metrics", "system-winlog"]);
    expect(system.inputs["system-system/metrics"]).toEqual({
      vars: { "system.hostfs": "home/test" },
      streams: { "system.core": { vars: { period: "20s" } } },
    });
  });

  it("take the agent policy's namespace, as Kibana ignores their own", async () => {
    const result = await imported(DOCS);
    expect(section(result, "integration_policies").map((p) => p.namespace)).toEqual(["test", "test"]);
  });

  it("report frozen and keep_enabled as warnings at their file:line:column", async () => {
    const result = await imported(DOCS, "kibana.yml");
    expect(warningLines(result)).toEqual([
      `kibana.yml:25:13: keep_enabled: the input "system/metrics" cannot be turned off in Kibana's UI; manifests have no such lock`,
      `kibana.yml:29:17: frozen: the var "system.hostfs" is locked in Kibana's UI; manifests have no such lock`,
    ]);
  });

  it("report an input type the package does not have, which Kibana skips", async () => {
    const text = DOCS.replace("- type: winlog", "- type: winlogs");
    const result = await imported(text);
    expect(warningLines(result)).toContain(
      'kibana.yml:37:13: input type "winlogs" is not in system 1.60.0; Kibana skips it',
    );
  });
});

describe("ids", () => {
  it("of agent policies written as numbers become text", async () => {
    const result = await imported(DOCS);
    expect(section(result, "agent_policies").map((p) => p.id)).toEqual(["1"]);
  });

  it("a package policy without one gets the id Kibana gave it", async () => {
    const result = await imported(fixtureText("eck-fleet-server.yml"));
    const system = section(result, "integration_policies").find((p) => p.name === "system-1")!;
    const live = await h!.client.request("GET", `/api/fleet/package_policies/${system.id}`);
    expect(live.body.item.name).toBe("system-1");
  });
});

describe("defaults preconfiguration applies and the API does not", () => {
  it("agent policies get namespace default and monitoring of logs and metrics", async () => {
    const result = await imported(
      "xpack.fleet.agentPolicies:\n  - id: bare\n    name: Bare policy\n    package_policies: []\n",
    );
    expect(section(result, "agent_policies")).toEqual([
      { id: "bare", name: "Bare policy", namespace: "default", monitoring_enabled: ["logs", "metrics"] },
    ]);
  });
});

describe("outputs", () => {
  it("turn a config map into config_yaml, with dotted keys nested as Kibana's config loader does", async () => {
    const result = await imported(DOCS);
    const output = section(result, "outputs").find((o) => o.id === "es-with-config")!;
    expect(output.config_yaml).toBe("bulk_max_size: 50\nssl:\n  verification_mode: none\n");
  });

  it("keep a secret written in clear out of the manifest: an ${env:} placeholder instead", async () => {
    const result = await imported(DOCS);
    const output = section(result, "outputs").find((o) => o.id === "my-logstash-output-with-a-secret")!;
    expect(output.secrets).toEqual({
      ssl: { key: "${env:OUTPUTS_MY_LOGSTASH_OUTPUT_WITH_A_SECRET_SECRETS_SSL_KEY}" },
    });
    expect(result.secretVariables).toEqual(["OUTPUTS_MY_LOGSTASH_OUTPUT_WITH_A_SECRET_SECRETS_SSL_KEY"]);
  });

  it("from xpack.fleet.agents.elasticsearch.hosts: the default output fleet-default-output", async () => {
    const result = await imported(fixtureText("eck-fleet-server.yml"), fixture("eck-fleet-server.yml"));
    expect(section(result, "outputs")).toEqual([
      {
        id: "fleet-default-output",
        name: "default",
        is_default: true,
        is_default_monitoring: true,
        type: "elasticsearch",
        hosts: ["https://elasticsearch-es-http.default.svc:9200"],
      },
    ]);
  });
});

describe("kibana.yml syntax", () => {
  it("a bracketed key keeps its dots; ${NAME} becomes ${env:NAME}", async () => {
    const text = fixtureText("elastic-package-stack.yml");
    const { h: harness, result } = await importedFrom(
      text,
      "kibana.yml",
      {},
      {
        ELASTIC_PACKAGE_CA_TRUSTED_FINGERPRINT: "ab12",
      },
    );
    h = harness;
    const tcp = section(result, "integration_policies").find((p) => p.id === "tcp-custom")!;
    expect(tcp.inputs["tcp-tcp"].streams["tcp.generic"].vars["data_stream.dataset"]).toBe("custom_tcp");
    const output = section(result, "outputs")[0]!;
    expect(output.ca_trusted_fingerprint).toBe("${env:ELASTIC_PACKAGE_CA_TRUSTED_FINGERPRINT}");
  });

  it("a dotted dataset key without brackets is split, so Kibana cannot add the policy: a warning with the hint", async () => {
    const text = fixtureText("elastic-package-stack.yml").replace('"[tcp.generic]":', "tcp.generic:");
    const { h: harness, result } = await importedFrom(
      text,
      "kibana.yml",
      {},
      {
        ELASTIC_PACKAGE_CA_TRUSTED_FINGERPRINT: "ab12",
      },
    );
    h = harness;
    expect(section(result, "integration_policies").map((p) => p.id)).not.toContain("tcp-custom");
    const warning = result.warnings.find((w) => w.message.includes('"tcp-1"'))!;
    expect(warning.location?.line).toBe(42);
    expect(warning.hint).toContain("'[tcp.generic]'");
  });
});

describe("what fleetform cannot manage", () => {
  it("a managed agent policy is left out with a warning, and so are its integrations", async () => {
    const result = await imported(fixtureText("kibana-cloud-test.yml"));
    expect(section(result, "agent_policies").map((p) => p.id)).toEqual(["default-policy"]);
    expect(section(result, "integration_policies").map((p) => p.id)).toEqual(["default-system"]);
    expect(warningLines(result)).toContain(
      'kibana.yml:26:9: agent policy "policy-elastic-agent-on-cloud" is managed (is_managed: true): fleetform never manages hosted policies; not imported, nor its integration policies',
    );
  });
});
