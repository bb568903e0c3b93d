/**
 * Kibana's own agent policy API tests, ported: x-pack/platform/test/fleet_api_integration/apis/agent_policy/
 * agent_policy.ts (describe 'fleet_agent_policies'), its POST tests and 'fleet server policies validate
 * output'. Fixtures in agent-policies-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers.js";
import { agentPoliciesApi } from "./agent-policies-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
});
afterEach(() => h.close());

const { create, get } = agentPoliciesApi(() => h);

describe("Kibana agent_policy.ts: POST /api/fleet/agent_policies", () => {
  it("should work with valid minimum required values", async () => {
    const res = await create({ name: "TEST", namespace: "default" });
    const got = await get(res.body.item.id);
    expect(got.body.item).toMatchObject({ is_managed: false, inactivity_timeout: 1209600, status: "active" });
  });

  it("does not allow arbitrary config in agent_features value", async () => {
    const res = await create({
      name: "test-agent-features",
      namespace: "default",
      agent_features: [{ name: "fqdn", enabled: true, config: "I'm not allowed yet" }],
    });
    expect(res.status).toBe(400);
  });

  it("should return a 400 with an empty namespace", async () => {
    expect((await create({ name: "TEST", namespace: "" })).status).toBe(400);
  });

  it("should return a 400 with an empty name", async () => {
    const res = await create({ name: "  ", namespace: "default" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request body.name]: Invalid empty string");
  });

  it("should return a 400 with an invalid namespace", async () => {
    expect((await create({ name: "TEST", namespace: "InvalidNamespace" })).status).toBe(400);
  });

  it("should return a 409 if policy already exists with name given", async () => {
    await create({ name: "Name 1", namespace: "default" });
    expect((await create({ name: "Name 1", namespace: "default" })).status).toBe(409);
  });

  it("should create policy with provided id and return 409 the second time", async () => {
    const res = await create({ id: "test-id", name: "TEST ID", namespace: "default" });
    expect(res.body.item.id).toBe("test-id");
    expect((await create({ id: "test-id", name: "TEST 2 ID", namespace: "default" })).status).toBe(409);
  });

  it("should allow to create policy with the system integration policy and increment correctly the name", async () => {
    await create({ name: "first", namespace: "default" }, { sys_monitoring: true });
    const res = await create({ name: "second", namespace: "default" }, { sys_monitoring: true });
    const got = await get(res.body.item.id);
    expect(got.body.item.package_policies[0].name).toBe("system-2");
  });

  it("should create policy with global data tags given valid tags", async () => {
    const tags = [
      { name: "testName", value: "testValue" },
      { name: "testName2", value: 123 },
    ];
    const res = await create({ name: "global data tag test", namespace: "default", global_data_tags: tags });
    expect((await get(res.body.item.id)).body.item.global_data_tags).toEqual(tags);
  });

  it("should return 400 if setting data output to non-local ES for agentless policy", async () => {
    const ls = await h.api.request("POST", "/api/fleet/outputs", {
      body: { name: "logstash-output", type: "logstash", hosts: ["test.fr:443"] },
    });
    const res = await create(
      {
        name: "test-agentless-policy",
        namespace: "default",
        supports_agentless: true,
        data_output_id: ls.body.item.id,
      },
      { sys_monitoring: false },
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Output of type "logstash" is not usable with policy "test-agentless-policy".',
    );
  });
});

describe("Kibana agent_policy.ts: fleet server policies validate output", () => {
  let logstashId: string;
  beforeEach(async () => {
    await h.api.request("POST", "/api/fleet/outputs", {
      body: { name: "Elastic output", type: "elasticsearch", hosts: ["http://localhost"], id: "es" },
    });
    const ls = await h.api.request("POST", "/api/fleet/outputs", {
      body: {
        name: "Default logstash",
        type: "logstash",
        hosts: ["logstash"],
        ssl: { certificate: "CERTIFICATE", key: "KEY", certificate_authorities: [] },
        is_default: true,
        is_default_monitoring: true,
      },
    });
    logstashId = ls.body.item.id;
  });

  it("should not allow to create a fleet server policies if default output is not an ES output", async () => {
    const res = await create({
      id: "fleet-server-1",
      name: "Fleet Server policy 1",
      namespace: "default",
      has_fleet_server: true,
    });
    expect(res.status).toBe(400);
    expect((await get("fleet-server-1")).status).toBe(404);
  });

  it("should not allow to create a fleet server policies if provided output is not an ES output", async () => {
    const res = await create({
      id: "fleet-server-2",
      name: "Fleet Server policy 2",
      namespace: "default",
      has_fleet_server: true,
      data_output_id: logstashId,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Output of type "logstash" is not usable with policy/);
    expect((await get("fleet-server-2")).status).toBe(404);
  });

  it("should allow to create a fleet server policies if provided output is an ES output", async () => {
    const res = await create({
      name: "Fleet Server policy 3",
      namespace: "default",
      has_fleet_server: true,
      data_output_id: "es",
    });
    expect(res.status).toBe(200);
  });
});
