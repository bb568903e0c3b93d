/**
 * Every operation of the OpenAPI contract, sent over real HTTP through KibanaClient to the simulator;
 * every request body we send and every response body (success, and errors where the contract describes
 * them) is validated against ../shared/kibana-openapi/fleet-cases.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeContract } from "../support/contract-suite.js";
import { operations } from "../support/openapi.js";
import { ContractHarness, expectValidated } from "../support/sim-contract.js";

const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Fw\n-----END CERTIFICATE-----";
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEG\n-----END PRIVATE KEY-----";

const NGINX_SIMPLIFIED = {
  id: "nginx-linux",
  name: "nginx-linux",
  description: "nginx access and error logs",
  namespace: "",
  policy_ids: ["linux-servers"],
  package: { name: "nginx", version: "1.5.0" },
  inputs: {
    "nginx-logfile": {
      streams: {
        "nginx.access": { vars: { tags: ["test"] } },
      },
    },
  },
};

/** Read-only fields of a legacy package policy GET that a PUT must not echo (behaviours doc §5). */
function legacyUpdateBody(item: Record<string, any>): Record<string, any> {
  const {
    id: _id,
    revision: _revision,
    created_at: _ca,
    created_by: _cb,
    updated_at: _ua,
    updated_by: _ub,
    secret_references: _sr,
    elasticsearch: _es,
    agents: _agents,
    spaceIds: _spaceIds,
    ...rest
  } = item;
  const { requires_root: _rr, fips_compatible: _fc, ...pkg } = rest.package ?? {};
  return {
    ...rest,
    package: pkg,
    inputs: (rest.inputs ?? []).map((input: Record<string, any>) => {
      const { id: _iid, compiled_input: _ci, ...i } = input;
      return {
        ...i,
        streams: (i.streams ?? []).map((stream: Record<string, any>) => {
          // compiled_stream stays: the legacy PUT schema requires it (Kibana recompiles it anyway).
          const { id: _sid, ...s } = stream;
          return s;
        }),
      };
    }),
  };
}

describeContract("contract: every operation against the simulator", () => {
  let h: ContractHarness;

  beforeAll(async () => {
    h = await ContractHarness.start();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe("status", () => {
    it("GET /api/status", async () => {
      const res = await h.call("GET", "/api/status");
      expectValidated(res);
    });
  });

  describe("Fleet settings", () => {
    it("GET /api/fleet/settings", async () => {
      const res = await h.call("GET", "/api/fleet/settings");
      expect(res.body.item).toBeDefined();
    });

    it("PUT /api/fleet/settings", async () => {
      const res = await h.call("PUT", "/api/fleet/settings", {
        body: { prerelease_integrations_enabled: false, has_seen_add_data_notice: true },
      });
      expect(res.body.item.prerelease_integrations_enabled).toBe(false);
    });

    it("PUT /api/fleet/settings with an unknown key → 400 (validated)", async () => {
      const res = await h.call("PUT", "/api/fleet/settings", {
        body: { no_such: true },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });
  });

  describe("proxies", () => {
    it("POST /api/fleet/proxies", async () => {
      const res = await h.call("POST", "/api/fleet/proxies", {
        body: {
          id: "corp-proxy",
          name: "Corporate proxy",
          url: "http://proxy.corp.example.com:3128",
          proxy_headers: { "X-Fleet": "fleetform" },
        },
      });
      expect(res.body.item.id).toBe("corp-proxy");
      await h.call("POST", "/api/fleet/proxies", {
        body: { id: "spare-proxy", name: "Spare proxy", url: "https://spare.example.com:3128" },
      });
    });

    it("GET /api/fleet/proxies", async () => {
      const res = await h.call("GET", "/api/fleet/proxies");
      expect(res.body.items.map((p: any) => p.id)).toContain("corp-proxy");
    });

    it("GET /api/fleet/proxies/{itemId}", async () => {
      const res = await h.call("GET", "/api/fleet/proxies/corp-proxy");
      expect(res.body.item.url).toBe("http://proxy.corp.example.com:3128");
    });

    it("PUT /api/fleet/proxies/{itemId}", async () => {
      const res = await h.call("PUT", "/api/fleet/proxies/corp-proxy", {
        body: {
          name: "Corporate proxy (EU)",
          url: "http://proxy.eu.corp.example.com:3128",
          proxy_headers: null,
          certificate_authorities: null,
          certificate: null,
          certificate_key: null,
        },
      });
      expect(res.body.item.name).toBe("Corporate proxy (EU)");
    });

    it("POST /api/fleet/proxies with an ftp:// url → 400 (validated)", async () => {
      const res = await h.call("POST", "/api/fleet/proxies", {
        body: { id: "bad-proxy", name: "Bad", url: "ftp://proxy.example.com" },
        status: 400,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/proxies/{itemId}", async () => {
      const res = await h.call("DELETE", "/api/fleet/proxies/spare-proxy");
      expect(res.body.id).toBe("spare-proxy");
    });
  });

  describe("agent binary download sources", () => {
    it("POST /api/fleet/agent_download_sources", async () => {
      const res = await h.call("POST", "/api/fleet/agent_download_sources", {
        body: {
          id: "corp-downloads",
          name: "Corporate mirror",
          host: "https://artifacts.corp.example.com/downloads/",
          proxy_id: "corp-proxy",
        },
      });
      expect(res.body.item.id).toBe("corp-downloads");
      await h.call("POST", "/api/fleet/agent_download_sources", {
        body: { id: "spare-downloads", name: "Spare mirror", host: "https://spare.example.com/downloads/" },
      });
    });

    it("GET /api/fleet/agent_download_sources", async () => {
      const res = await h.call("GET", "/api/fleet/agent_download_sources");
      expect(res.body.items.map((s: any) => s.id)).toEqual(
        expect.arrayContaining(["fleet-default-download-source", "corp-downloads"]),
      );
    });

    it("GET /api/fleet/agent_download_sources/{sourceId}", async () => {
      const res = await h.call("GET", "/api/fleet/agent_download_sources/corp-downloads");
      expect(res.body.item.proxy_id).toBe("corp-proxy");
    });

    it("PUT /api/fleet/agent_download_sources/{sourceId}", async () => {
      const res = await h.call("PUT", "/api/fleet/agent_download_sources/corp-downloads", {
        body: {
          name: "Corporate mirror",
          host: "https://mirror.corp.example.com/downloads/",
          is_default: false,
        },
      });
      expect(res.body.item.host).toBe("https://mirror.corp.example.com/downloads/");
    });

    it("POST /api/fleet/agent_download_sources with a taken name → 400 (validated)", async () => {
      const res = await h.call("POST", "/api/fleet/agent_download_sources", {
        body: { id: "dup-downloads", name: "Corporate mirror", host: "https://dup.example.com/downloads/" },
        status: 400,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/agent_download_sources/{sourceId}", async () => {
      const res = await h.call("DELETE", "/api/fleet/agent_download_sources/spare-downloads");
      expect(res.body.id).toBe("spare-downloads");
    });

    it("DELETE of the default download source → 400 (validated)", async () => {
      const res = await h.call("DELETE", "/api/fleet/agent_download_sources/fleet-default-download-source", {
        status: 400,
      });
      expectValidated(res);
    });
  });

  describe("Fleet Server hosts", () => {
    it("POST /api/fleet/fleet_server_hosts", async () => {
      const res = await h.call("POST", "/api/fleet/fleet_server_hosts", {
        body: {
          id: "corp-fleet-server",
          name: "Corporate Fleet Server",
          host_urls: ["https://fleet.corp.example.com:8220"],
          is_default: false,
          proxy_id: "corp-proxy",
        },
      });
      expect(res.body.item.id).toBe("corp-fleet-server");
      await h.call("POST", "/api/fleet/fleet_server_hosts", {
        body: { id: "spare-fleet-server", name: "Spare", host_urls: ["https://spare.example.com:8220"] },
      });
    });

    it("GET /api/fleet/fleet_server_hosts", async () => {
      const res = await h.call("GET", "/api/fleet/fleet_server_hosts");
      expect(res.body.items.map((s: any) => s.id)).toContain("corp-fleet-server");
    });

    it("GET /api/fleet/fleet_server_hosts/{itemId}", async () => {
      const res = await h.call("GET", "/api/fleet/fleet_server_hosts/corp-fleet-server");
      expect(res.body.item.host_urls).toEqual(["https://fleet.corp.example.com:8220"]);
    });

    it("PUT /api/fleet/fleet_server_hosts/{itemId}", async () => {
      const res = await h.call("PUT", "/api/fleet/fleet_server_hosts/corp-fleet-server", {
        body: {
          name: "Corporate Fleet Server",
          host_urls: ["https://fleet.corp.example.com:8220", "https://fleet2.corp.example.com:8220"],
          proxy_id: null,
        },
      });
      expect(res.body.item.host_urls).toHaveLength(2);
    });

    it("PUT /api/fleet/fleet_server_hosts/{itemId} with an unknown key → 400 (validated)", async () => {
      const res = await h.call("PUT", "/api/fleet/fleet_server_hosts/corp-fleet-server", {
        body: { proxy_id: null, revision: 3 },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/fleet_server_hosts/{itemId}", async () => {
      const res = await h.call("DELETE", "/api/fleet/fleet_server_hosts/spare-fleet-server");
      expect(res.body.id).toBe("spare-fleet-server");
    });
  });

  describe("outputs (all four types)", () => {
    const outputs = [
      {
        id: "es-prod",
        name: "Production Elasticsearch",
        type: "elasticsearch",
        hosts: ["https://es.prod.example.com:9200"],
        proxy_id: "corp-proxy",
        ssl: { certificate: PEM_CERT, certificate_authorities: [PEM_CERT] },
        secrets: { ssl: { key: PEM_KEY } },
        config_yaml: "bulk_max_size: 1600",
      },
      {
        id: "remote-es",
        name: "Remote Elasticsearch",
        type: "remote_elasticsearch",
        hosts: ["https://remote.example.com:9200"],
        secrets: { service_token: "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuLTE3MDAwMDAwMDAwMDA6c2VjcmV0" },
      },
      {
        id: "logstash-prod",
        name: "Logstash",
        type: "logstash",
        hosts: ["logstash.example.com:5044"],
        ssl: { certificate: PEM_CERT, certificate_authorities: [PEM_CERT] },
        secrets: { ssl: { key: PEM_KEY } },
      },
      {
        id: "kafka-prod",
        name: "Kafka",
        type: "kafka",
        hosts: ["kafka1.example.com:9092", "kafka2.example.com:9092"],
        auth_type: "user_pass",
        username: "fleet",
        secrets: { password: "kafka-s3cret" },
        topic: "logs-fleet",
        compression: "gzip",
        partition: "round_robin",
      },
    ];

    for (const output of outputs) {
      it(`POST /api/fleet/outputs (${output.type})`, async () => {
        const res = await h.call("POST", "/api/fleet/outputs", { body: output });
        expect(res.body.item).toMatchObject({ id: output.id, type: output.type });
      });
    }

    it("GET /api/fleet/outputs", async () => {
      const res = await h.call("GET", "/api/fleet/outputs");
      const ids = res.body.items.map((o: any) => o.id);
      expect(ids).toEqual(expect.arrayContaining(["fleet-default-output", ...outputs.map((o) => o.id)]));
    });

    for (const output of outputs) {
      it(`GET /api/fleet/outputs/{outputId} (${output.type})`, async () => {
        const res = await h.call("GET", `/api/fleet/outputs/${output.id}`);
        expect(res.body.item.type).toBe(output.type);
      });

      it(`PUT /api/fleet/outputs/{outputId} (${output.type})`, async () => {
        const { id: _id, secrets: _secrets, ...rest } = output;
        const res = await h.call("PUT", `/api/fleet/outputs/${output.id}`, {
          body: { ...rest, name: `${output.name} (updated)` },
        });
        expect(res.body.item.name).toBe(`${output.name} (updated)`);
      });
    }

    it("DELETE /api/fleet/outputs/{outputId}", async () => {
      const res = await h.call("DELETE", "/api/fleet/outputs/logstash-prod");
      expect(res.body.id).toBe("logstash-prod");
    });

    it("DELETE /api/fleet/outputs/{outputId} unknown → 404 (validated)", async () => {
      const res = await h.call("DELETE", "/api/fleet/outputs/no-such-output", { status: 404 });
      expectValidated(res);
    });

    it("DELETE of the default output → 400 (validated)", async () => {
      const res = await h.call("DELETE", "/api/fleet/outputs/fleet-default-output", { status: 400 });
      expectValidated(res);
    });
  });

  describe("agent policies", () => {
    it("POST /api/fleet/agent_policies", async () => {
      const res = await h.call("POST", "/api/fleet/agent_policies", {
        body: {
          id: "linux-servers",
          name: "Linux servers",
          namespace: "prod",
          description: "All Linux hosts",
          monitoring_enabled: ["logs", "metrics"],
          data_output_id: "es-prod",
          download_source_id: "corp-downloads",
          fleet_server_host_id: "corp-fleet-server",
          inactivity_timeout: 1209600,
        },
      });
      expect(res.body.item).toMatchObject({ id: "linux-servers", revision: 1 });
      await h.call("POST", "/api/fleet/agent_policies", {
        query: { sys_monitoring: false },
        body: { id: "windows-servers", name: "Windows servers", namespace: "prod" },
      });
    });

    it("GET /api/fleet/agent_policies", async () => {
      const res = await h.call("GET", "/api/fleet/agent_policies", { query: { perPage: 100, full: true } });
      expect(res.body.items.map((p: any) => p.id)).toEqual(
        expect.arrayContaining(["linux-servers", "windows-servers"]),
      );
      await h.call("GET", "/api/fleet/agent_policies", {
        query: { kuery: 'ingest-agent-policies.name:"Linux servers"', withAgentCount: true },
      });
    });

    it("GET /api/fleet/agent_policies/{agentPolicyId}", async () => {
      const res = await h.call("GET", "/api/fleet/agent_policies/linux-servers");
      expect(res.body.item.data_output_id).toBe("es-prod");
    });

    it("PUT /api/fleet/agent_policies/{agentPolicyId}", async () => {
      const res = await h.call("PUT", "/api/fleet/agent_policies/linux-servers", {
        body: {
          name: "Linux servers",
          namespace: "prod",
          description: "All Linux hosts (managed by fleetform)",
          monitoring_enabled: ["logs"],
          data_output_id: "es-prod",
          download_source_id: "corp-downloads",
          fleet_server_host_id: "corp-fleet-server",
        },
      });
      expect(res.body.item.revision).toBeGreaterThan(1);
    });

    it("POST /api/fleet/agent_policies/_bulk_get", async () => {
      const res = await h.call("POST", "/api/fleet/agent_policies/_bulk_get", {
        body: { ids: ["linux-servers", "windows-servers"], full: true },
      });
      expect(res.body.items).toHaveLength(2);
    });

    it("POST /api/fleet/agent_policies with an invalid namespace → 400 (validated)", async () => {
      const res = await h.call("POST", "/api/fleet/agent_policies", {
        body: { id: "bad-ns", name: "Bad namespace", namespace: "Prod Servers" },
        status: 400,
      });
      expectValidated(res);
    });

    it("POST /api/fleet/agent_policies/delete", async () => {
      const res = await h.call("POST", "/api/fleet/agent_policies/delete", {
        body: { agentPolicyId: "windows-servers" },
      });
      expect(res.body).toMatchObject({ id: "windows-servers", name: "Windows servers" });
    });
  });

  describe("enrollment API keys", () => {
    let keyId = "";

    it("POST /api/fleet/enrollment_api_keys", async () => {
      const res = await h.call("POST", "/api/fleet/enrollment_api_keys", {
        body: { policy_id: "linux-servers", name: "ci" },
      });
      expect(res.body.action).toBe("created");
      keyId = res.body.item.id;
    });

    it("GET /api/fleet/enrollment_api_keys", async () => {
      const res = await h.call("GET", "/api/fleet/enrollment_api_keys", { query: { perPage: 50 } });
      expect(res.body.items.map((k: any) => k.id)).toContain(keyId);
    });

    it("GET /api/fleet/enrollment_api_keys/{keyId}", async () => {
      const res = await h.call("GET", `/api/fleet/enrollment_api_keys/${keyId}`);
      expect(res.body.item.policy_id).toBe("linux-servers");
    });

    it("DELETE /api/fleet/enrollment_api_keys/{keyId}", async () => {
      const res = await h.call("DELETE", `/api/fleet/enrollment_api_keys/${keyId}`);
      expect(res.body.action).toBe("deleted");
    });

    it("POST /api/fleet/enrollment_api_keys with an unknown key → 400 (validated)", async () => {
      const res = await h.call("POST", "/api/fleet/enrollment_api_keys", {
        body: { policy_id: "linux-servers", hidden: true },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });
  });

  describe("packages (EPM)", () => {
    let nginxLatest = "";
    let secretPkg: { name: string; version: string } | undefined;

    it("GET /api/fleet/epm/packages", async () => {
      const res = await h.call("GET", "/api/fleet/epm/packages", { query: { prerelease: false } });
      const names = res.body.items.map((p: any) => p.name);
      expect(names).toEqual(expect.arrayContaining(["nginx", "system"]));
      nginxLatest = res.body.items.find((p: any) => p.name === "nginx").version;
      const other = res.body.items.find(
        (p: any) => !["nginx", "system", "fleet_server", "elastic_agent"].includes(p.name),
      );
      if (other) secretPkg = { name: other.name, version: other.version };
    });

    it("GET /api/fleet/epm/packages/{pkgName}/{pkgVersion}", async () => {
      const res = await h.call("GET", "/api/fleet/epm/packages/nginx/1.5.0");
      expect(res.body.item).toMatchObject({ name: "nginx", version: "1.5.0" });
    });

    it("POST /api/fleet/epm/packages/{pkgName}/{pkgVersion}", async () => {
      expect(nginxLatest).not.toBe("");
      const res = await h.call("POST", `/api/fleet/epm/packages/nginx/${nginxLatest}`, {
        body: { force: false },
      });
      expect(Array.isArray(res.body.items)).toBe(true);
    });

    it("DELETE /api/fleet/epm/packages/{pkgName}/{pkgVersion}", async () => {
      expect(
        secretPkg,
        "the catalog has a package besides nginx, system, fleet_server, elastic_agent",
      ).toBeDefined();
      await h.call("POST", `/api/fleet/epm/packages/${secretPkg!.name}/${secretPkg!.version}`);
      const res = await h.call("DELETE", `/api/fleet/epm/packages/${secretPkg!.name}/${secretPkg!.version}`);
      expect(Array.isArray(res.body.items)).toBe(true);
    });

    it("DELETE of a package that is not installed → 400 (validated)", async () => {
      const res = await h.call("DELETE", `/api/fleet/epm/packages/${secretPkg!.name}/${secretPkg!.version}`, {
        status: 400,
      });
      expectValidated(res);
    });
  });

  describe("package (integration) policies", () => {
    it("POST /api/fleet/package_policies (simplified body)", async () => {
      const res = await h.call("POST", "/api/fleet/package_policies", { body: NGINX_SIMPLIFIED });
      expect(res.body.item).toMatchObject({ id: "nginx-linux", revision: 1 });
    });

    it("POST /api/fleet/package_policies?format=simplified", async () => {
      const res = await h.call("POST", "/api/fleet/package_policies", {
        query: { format: "simplified" },
        body: { ...NGINX_SIMPLIFIED, id: "nginx-spare", name: "nginx-spare" },
      });
      expect(res.body.item.inputs["nginx-logfile"]).toBeDefined();
      await h.call("POST", "/api/fleet/package_policies", {
        body: { ...NGINX_SIMPLIFIED, id: "nginx-spare-2", name: "nginx-spare-2" },
      });
    });

    it("POST /api/fleet/package_policies with a taken name → 409 (validated)", async () => {
      const res = await h.call("POST", "/api/fleet/package_policies", {
        body: { ...NGINX_SIMPLIFIED, id: "nginx-dup" },
        status: 409,
      });
      expectValidated(res);
    });

    it("GET /api/fleet/package_policies (legacy and simplified)", async () => {
      const res = await h.call("GET", "/api/fleet/package_policies", { query: { perPage: 50 } });
      expect(res.body.items.map((p: any) => p.id)).toContain("nginx-linux");
      const simplified = await h.call("GET", "/api/fleet/package_policies", {
        query: { format: "simplified", kuery: "ingest-package-policies.package.name:nginx" },
      });
      expect(simplified.body.items.length).toBeGreaterThan(0);
    });

    it("GET /api/fleet/package_policies/{packagePolicyId} (legacy and simplified)", async () => {
      const res = await h.call("GET", "/api/fleet/package_policies/nginx-linux");
      expect(Array.isArray(res.body.item.inputs)).toBe(true);
      const simplified = await h.call("GET", "/api/fleet/package_policies/nginx-linux", {
        query: { format: "simplified" },
      });
      expect(simplified.body.item.inputs["nginx-logfile"].streams["nginx.access"].vars.tags).toEqual([
        "test",
      ]);
    });

    it("GET /api/fleet/package_policies/{packagePolicyId} unknown → 404 (validated)", async () => {
      const res = await h.call("GET", "/api/fleet/package_policies/no-such-policy", { status: 404 });
      expectValidated(res);
    });

    it("PUT /api/fleet/package_policies/{packagePolicyId} (simplified body)", async () => {
      const { id: _id, ...body } = NGINX_SIMPLIFIED;
      const res = await h.call("PUT", "/api/fleet/package_policies/nginx-linux", {
        query: { format: "simplified" },
        body: {
          ...body,
          description: "updated through the simplified format",
          inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["test", "prod"] } } } } },
        },
      });
      expect(res.body.item.revision).toBe(2);
    });

    it("PUT /api/fleet/package_policies/{packagePolicyId} (legacy body with version)", async () => {
      const current = await h.call("GET", "/api/fleet/package_policies/nginx-linux");
      const body = {
        ...legacyUpdateBody(current.body.item),
        description: "updated through the legacy format",
      };
      const res = await h.call("PUT", "/api/fleet/package_policies/nginx-linux", { body });
      expect(res.body.item.description).toBe("updated through the legacy format");
    });

    it("PUT /api/fleet/package_policies/{packagePolicyId} with an unknown key → 400 (validated)", async () => {
      const { id: _id, ...body } = NGINX_SIMPLIFIED;
      const res = await h.call("PUT", "/api/fleet/package_policies/nginx-linux", {
        body: { ...body, revision: 7 },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });

    it("POST /api/fleet/package_policies/_bulk_get", async () => {
      const res = await h.call("POST", "/api/fleet/package_policies/_bulk_get", {
        body: { ids: ["nginx-linux", "nginx-spare"] },
      });
      expect(res.body.items).toHaveLength(2);
      await h.call("POST", "/api/fleet/package_policies/_bulk_get", {
        query: { format: "simplified" },
        body: { ids: ["nginx-linux", "no-such-policy"], ignoreMissing: true },
      });
    });

    it("POST /api/fleet/package_policies/_bulk_get with an unknown id → 404 (validated)", async () => {
      const res = await h.call("POST", "/api/fleet/package_policies/_bulk_get", {
        body: { ids: ["no-such-policy"] },
        status: 404,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/package_policies/{packagePolicyId}", async () => {
      const res = await h.call("DELETE", "/api/fleet/package_policies/nginx-spare");
      expect(res.body.id).toBe("nginx-spare");
    });

    it("POST /api/fleet/package_policies/delete", async () => {
      const res = await h.call("POST", "/api/fleet/package_policies/delete", {
        body: { packagePolicyIds: ["nginx-spare-2", "no-such-policy"] },
      });
      expect(res.body.map((r: any) => [r.id, r.success])).toEqual([
        ["nginx-spare-2", true],
        ["no-such-policy", false],
      ]);
    });
  });

  describe("Cases settings", () => {
    let configurationId = "";
    let version = "";

    it("GET /api/cases/configure (none yet)", async () => {
      const res = await h.call("GET", "/api/cases/configure", { query: { owner: "securitySolution" } });
      expect(res.body).toEqual([]);
    });

    it("POST /api/cases/configure", async () => {
      const res = await h.call("POST", "/api/cases/configure", {
        body: {
          owner: "securitySolution",
          closure_type: "close-by-user",
          connector: { id: "none", name: "none", type: ".none", fields: null },
          customFields: [{ key: "ticket", label: "Ticket", type: "text", required: false }],
        },
      });
      configurationId = res.body.id;
      version = res.body.version;
      expect(configurationId).toBeTruthy();
    });

    it("GET /api/cases/configure", async () => {
      const res = await h.call("GET", "/api/cases/configure", { query: { owner: "securitySolution" } });
      expect(res.body.map((c: any) => c.id)).toEqual([configurationId]);
    });

    it("PATCH /api/cases/configure/{configurationId}", async () => {
      const res = await h.call("PATCH", `/api/cases/configure/${configurationId}`, {
        body: { version, closure_type: "close-by-pushing" },
      });
      expect(res.body.closure_type).toBe("close-by-pushing");
    });

    it("GET /api/cases/configure/connectors/_find", async () => {
      const res = await h.call("GET", "/api/cases/configure/connectors/_find");
      expect(Array.isArray(res.body)).toBe(true);
    });

    it("GET /api/cases/configure without credentials → 401 (validated)", async () => {
      const res = await h.call("GET", "/api/cases/configure", { noAuth: true, status: 401 });
      expectValidated(res);
    });
  });

  describe("under /s/{space_id}", () => {
    it("agent policies, package policies and outputs in space team-a", async () => {
      const team = h.client("team-a");
      await h.call("POST", "/api/fleet/agent_policies", {
        client: team,
        body: { id: "team-a-linux", name: "Team A Linux", namespace: "team_a" },
      });
      await h.call("GET", "/api/fleet/agent_policies/team-a-linux", { client: team });
      const list = await h.call("GET", "/api/fleet/agent_policies", { client: team });
      expect(list.body.items.map((p: any) => p.id)).toContain("team-a-linux");
      await h.call("POST", "/api/fleet/package_policies", {
        client: team,
        body: { ...NGINX_SIMPLIFIED, id: "team-a-nginx", name: "team-a-nginx", policy_ids: ["team-a-linux"] },
      });
      await h.call("GET", "/api/fleet/package_policies", { client: team, query: { format: "simplified" } });
      await h.call("GET", "/api/fleet/outputs", { client: team });
    });

    it("Cases settings in space team-a", async () => {
      const team = h.client("team-a");
      await h.call("POST", "/api/cases/configure", {
        client: team,
        body: {
          owner: "cases",
          closure_type: "close-by-user",
          connector: { id: "none", name: "none", type: ".none", fields: null },
        },
      });
      const res = await h.call("GET", "/api/cases/configure", { client: team, query: { owner: "cases" } });
      expect(res.body).toHaveLength(1);
    });
  });

  it("exercised every operation of the contract with a validated 2xx response", () => {
    const missing = operations()
      .map((o) => `${o.method} ${o.template}`)
      .filter((op) => !h.coveredOperations().has(op));
    expect(missing).toEqual([]);
  });
});
