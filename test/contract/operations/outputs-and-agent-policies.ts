/**
 * Every-operation contract suite (../operations.test.ts): outputs of all four types, agent policies (on
 * the output, download source and Fleet Server host of the first topics), and their enrollment API keys.
 */
import { describe, expect, it } from "vitest";
import { expectValidated } from "../../support/sim-contract.js";
import type { SuiteHarness } from "./fixtures.js";

const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Fw\n-----END CERTIFICATE-----";
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEG\n-----END PRIVATE KEY-----";

export function describeOutputsAndAgentPolicies(h: SuiteHarness): void {
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
        const res = await h().call("POST", "/api/fleet/outputs", { body: output });
        expect(res.body.item).toMatchObject({ id: output.id, type: output.type });
      });
    }

    it("GET /api/fleet/outputs", async () => {
      const res = await h().call("GET", "/api/fleet/outputs");
      const ids = res.body.items.map((o: any) => o.id);
      expect(ids).toEqual(expect.arrayContaining(["fleet-default-output", ...outputs.map((o) => o.id)]));
    });

    for (const output of outputs) {
      it(`GET /api/fleet/outputs/{outputId} (${output.type})`, async () => {
        const res = await h().call("GET", `/api/fleet/outputs/${output.id}`);
        expect(res.body.item.type).toBe(output.type);
      });

      it(`PUT /api/fleet/outputs/{outputId} (${output.type})`, async () => {
        const { id: _id, secrets: _secrets, ...rest } = output;
        const res = await h().call("PUT", `/api/fleet/outputs/${output.id}`, {
          body: { ...rest, name: `${output.name} (updated)` },
        });
        expect(res.body.item.name).toBe(`${output.name} (updated)`);
      });
    }

    it("DELETE /api/fleet/outputs/{outputId}", async () => {
      const res = await h().call("DELETE", "/api/fleet/outputs/logstash-prod");
      expect(res.body.id).toBe("logstash-prod");
    });

    it("DELETE /api/fleet/outputs/{outputId} unknown → 404 (validated)", async () => {
      const res = await h().call("DELETE", "/api/fleet/outputs/no-such-output", { status: 404 });
      expectValidated(res);
    });

    it("DELETE of the default output → 400 (validated)", async () => {
      const res = await h().call("DELETE", "/api/fleet/outputs/fleet-default-output", { status: 400 });
      expectValidated(res);
    });
  });

  describe("agent policies", () => {
    it("POST /api/fleet/agent_policies", async () => {
      const res = await h().call("POST", "/api/fleet/agent_policies", {
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
      await h().call("POST", "/api/fleet/agent_policies", {
        query: { sys_monitoring: false },
        body: { id: "windows-servers", name: "Windows servers", namespace: "prod" },
      });
    });

    it("GET /api/fleet/agent_policies", async () => {
      const res = await h().call("GET", "/api/fleet/agent_policies", { query: { perPage: 100, full: true } });
      expect(res.body.items.map((p: any) => p.id)).toEqual(
        expect.arrayContaining(["linux-servers", "windows-servers"]),
      );
      await h().call("GET", "/api/fleet/agent_policies", {
        query: { kuery: 'ingest-agent-policies.name:"Linux servers"', withAgentCount: true },
      });
    });

    it("GET /api/fleet/agent_policies/{agentPolicyId}", async () => {
      const res = await h().call("GET", "/api/fleet/agent_policies/linux-servers");
      expect(res.body.item.data_output_id).toBe("es-prod");
    });

    it("PUT /api/fleet/agent_policies/{agentPolicyId}", async () => {
      const res = await h().call("PUT", "/api/fleet/agent_policies/linux-servers", {
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
      const res = await h().call("POST", "/api/fleet/agent_policies/_bulk_get", {
        body: { ids: ["linux-servers", "windows-servers"], full: true },
      });
      expect(res.body.items).toHaveLength(2);
    });

    it("POST /api/fleet/agent_policies with an invalid namespace → 400 (validated)", async () => {
      const res = await h().call("POST", "/api/fleet/agent_policies", {
        body: { id: "bad-ns", name: "Bad namespace", namespace: "Prod Servers" },
        status: 400,
      });
      expectValidated(res);
    });

    it("POST /api/fleet/agent_policies/delete", async () => {
      const res = await h().call("POST", "/api/fleet/agent_policies/delete", {
        body: { agentPolicyId: "windows-servers" },
      });
      expect(res.body).toMatchObject({ id: "windows-servers", name: "Windows servers" });
    });
  });

  describe("enrollment API keys", () => {
    let keyId = "";

    it("POST /api/fleet/enrollment_api_keys", async () => {
      const res = await h().call("POST", "/api/fleet/enrollment_api_keys", {
        body: { policy_id: "linux-servers", name: "ci" },
      });
      expect(res.body.action).toBe("created");
      keyId = res.body.item.id;
    });

    it("GET /api/fleet/enrollment_api_keys", async () => {
      const res = await h().call("GET", "/api/fleet/enrollment_api_keys", { query: { perPage: 50 } });
      expect(res.body.items.map((k: any) => k.id)).toContain(keyId);
    });

    it("GET /api/fleet/enrollment_api_keys/{keyId}", async () => {
      const res = await h().call("GET", `/api/fleet/enrollment_api_keys/${keyId}`);
      expect(res.body.item.policy_id).toBe("linux-servers");
    });

    it("DELETE /api/fleet/enrollment_api_keys/{keyId}", async () => {
      const res = await h().call("DELETE", `/api/fleet/enrollment_api_keys/${keyId}`);
      expect(res.body.action).toBe("deleted");
    });

    it("POST /api/fleet/enrollment_api_keys with an unknown key → 400 (validated)", async () => {
      const res = await h().call("POST", "/api/fleet/enrollment_api_keys", {
        body: { policy_id: "linux-servers", hidden: true },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });
  });
}
