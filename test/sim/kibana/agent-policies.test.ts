/**
 * Kibana's own agent policy API tests, ported: x-pack/platform/test/fleet_api_integration/apis/agent_policy/
 * agent_policy.ts (describe 'fleet_agent_policies') and its __snapshots__/agent_policy.snap. Kibana's
 * fixture packages `single_input_no_streams` / `filetest` are replaced by the real `nginx` package.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
});
afterEach(() => h.close());

const create = (body: object, query?: object) =>
  call(h.api, "POST", "/api/fleet/agent_policies", body, query);
const update = (id: string, body: object, query?: object) =>
  call(h.api, "PUT", `/api/fleet/agent_policies/${id}`, body, query);
const get = (id: string, query?: object) =>
  call(h.api, "GET", `/api/fleet/agent_policies/${id}`, undefined, query);

/** Kibana's createAgentPolicyWithPackagePolicy, with nginx's access-log stream as the one stream. */
async function policyWithPackagePolicy(): Promise<string> {
  const ap = await create({ name: "Test policy 1", namespace: "default" });
  await h.api.request("POST", "/api/fleet/package_policies", {
    body: {
      name: "nginx-1",
      namespace: "default",
      policy_ids: [ap.body.item.id],
      package: { name: "nginx", version: "3.2.2" },
      inputs: { "nginx-logfile": { streams: { "nginx.access": {} } } },
    },
  });
  return ap.body.item.id;
}
const simplifiedInputsOf = (item: any) => item.package_policies[0].inputs;

describe("Kibana agent_policy.ts: GET /api/fleet/agent_policies", () => {
  it("should get list agent policies simplified format", async () => {
    await policyWithPackagePolicy();
    const res = await call(h.api, "GET", "/api/fleet/agent_policies", undefined, {
      full: true,
      format: "simplified",
    });
    expect(Array.isArray(simplifiedInputsOf(res.body.items[0]))).toBe(false);
    expect(simplifiedInputsOf(res.body.items[0])["nginx-logfile"].streams["nginx.access"].enabled).toBe(true);
  });

  it("should get one agent policy simplified format", async () => {
    const id = await policyWithPackagePolicy();
    const res = await get(id, { format: "simplified" });
    expect(simplifiedInputsOf(res.body.item)["nginx-logfile"].enabled).toBe(true);
  });

  it("should get a list of agent policies by kuery (snapshot: agent counts)", async () => {
    await create({ name: "TEST", namespace: "default" });
    const res = await call(h.api, "GET", "/api/fleet/agent_policies", undefined, {
      kuery: "ingest-agent-policies.name:TEST",
      withAgentCount: true,
    });
    expect(res.body.items).toHaveLength(1);
    const { id: _i, updated_at: _u, version: _v, ...rest } = res.body.items[0];
    expect(rest).toEqual({
      agents: 0,
      unprivileged_agents: 0,
      fips_agents: 0,
      inactivity_timeout: 1209600,
      is_managed: false,
      is_protected: false,
      name: "TEST",
      namespace: "default",
      revision: 1,
      schema_version: "1.1.1",
      space_ids: ["default"],
      status: "active",
      updated_by: "elastic",
    });
  });

  it("should return 200 even if the passed kuery does not have prefix ingest-agent-policies", async () => {
    await create({ name: "TEST-1", namespace: "default" });
    expect(
      (await call(h.api, "GET", "/api/fleet/agent_policies", undefined, { kuery: "name:TEST-1" })).status,
    ).toBe(200);
  });

  it("with enableStrictKQLValidation should return 400 if passed kuery is not correct", async () => {
    const res = await call(h.api, "GET", "/api/fleet/agent_policies", undefined, {
      kuery: "ingest-agent-policies.non_existent_parameter:test",
    });
    expect(res.status).toBe(400);
  });

  it("with enableStrictKQLValidation should return 400 if passed kuery is invalid", async () => {
    const res = await call(h.api, "GET", "/api/fleet/agent_policies", undefined, { kuery: "'test:'" });
    expect(res.status).toBe(400);
  });
});

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

describe("Kibana agent_policy.ts: PUT /api/fleet/agent_policies/{agentPolicyId}", () => {
  it("should work with valid values", async () => {
    const created = await create({
      name: "Initial name",
      description: "Initial description",
      namespace: "default",
    });
    const res = await update(created.body.item.id, {
      name: "Updated name",
      description: "Updated description",
      namespace: "default",
      is_protected: false,
    });
    const { id: _i, updated_at: _u, version: _v, ...rest } = res.body.item;
    expect(rest).toEqual({
      status: "active",
      name: "Updated name",
      description: "Updated description",
      namespace: "default",
      is_managed: false,
      revision: 2,
      schema_version: "1.1.1",
      updated_by: "elastic",
      inactivity_timeout: 1209600,
      package_policies: [],
      is_protected: false,
      space_ids: ["default"],
    });
  });

  it("should update with simplified format", async () => {
    const id = await policyWithPackagePolicy();
    const res = await update(
      id,
      { name: "Test policy updated", namespace: "default" },
      { format: "simplified" },
    );
    expect(simplifiedInputsOf(res.body.item)["nginx-logfile"].enabled).toBe(true);
  });

  it("should support empty space_ids", async () => {
    const created = await create({ name: "Initial name 2", space_ids: [], namespace: "default" });
    expect(created.body.item.space_ids).toEqual(["default"]);
    const res = await update(created.body.item.id, {
      name: "Updated name 2",
      space_ids: [],
      namespace: "default",
    });
    expect(res.status).toBe(200);
    expect(res.body.item.space_ids).toEqual(["default"]);
  });

  it("should return a 400 if trying to update a managed policy", async () => {
    const created = await create({ name: "Managed policy", namespace: "default", is_managed: true });
    const res = await update(created.body.item.id, { name: "Updated name", namespace: "default" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Cannot update name in Fleet because the agent policy is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.",
    );
  });

  it("should not allow to set inputs inside overrides", async () => {
    const created = await create({ name: "Override Test", namespace: "default" });
    const res = await update(created.body.item.id, {
      name: "Override Test",
      namespace: "default",
      overrides: { inputs: [] },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      [
        "[request body.overrides]: types that failed validation:",
        "- [request body.overrides.0]: expected value to equal [null]",
        "- [request body.overrides.1]: inputs overrides is not allowed",
      ].join("\n"),
    );
  });

  it("should allow to set required_versions", async () => {
    const created = await create({ name: "rv", namespace: "default" });
    const required_versions = [{ version: "9.0.0", percentage: 10 }];
    const res = await update(created.body.item.id, { name: "rv", namespace: "default", required_versions });
    expect(res.body.item.required_versions).toEqual(required_versions);
  });

  // Kibana 9.x message; before 9.1 it lacked the `Policy "<name>" failed validation:` prefix
  it("should not allow to set invalid required_versions", async () => {
    const created = await create({ name: "rv", namespace: "default" });
    const res = await update(created.body.item.id, {
      name: "rv",
      namespace: "default",
      required_versions: [
        { version: "9.0.0", percentage: 50 },
        { version: "9.1.0", percentage: 60 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Policy "rv" failed validation: sum of required_versions percentages cannot exceed 100',
    );
  });

  it("should return 400 if updating data output to non-local ES for agentless policy", async () => {
    const ls = await h.api.request("POST", "/api/fleet/outputs", {
      body: { name: "logstash-output", type: "logstash", hosts: ["test.fr:443"] },
    });
    const created = await create({ name: "test-agentless-policy", namespace: "default" });
    const res = await update(created.body.item.id, {
      name: "test-agentless-policy",
      namespace: "default",
      supports_agentless: true,
      data_output_id: ls.body.item.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Output of type "logstash" is not usable with policy "test-agentless-policy".',
    );
  });
});

describe("Kibana agent_policy.ts: POST /api/fleet/agent_policies/_bulk_get", () => {
  it("should populate package_policies if called with ?full=true (snapshot: agent counts)", async () => {
    const ap = await create({ name: "Bulk GET test policy", namespace: "default" }, { sys_monitoring: true });
    const res = await h.api.request("POST", "/api/fleet/agent_policies/_bulk_get", {
      body: { ids: [ap.body.item.id], full: true },
    });
    expect(res.body.items[0]).toMatchObject({ agents: 0, unprivileged_agents: 0, fips_agents: 0 });
    expect(res.body.items[0].package_policies[0].package.name).toBe("system");
  });

  it("should bulk get with simplified format", async () => {
    const id = await policyWithPackagePolicy();
    const res = await h.api.request("POST", "/api/fleet/agent_policies/_bulk_get", {
      body: { ids: [id], full: true },
      query: { format: "simplified" },
    });
    expect(simplifiedInputsOf(res.body.items[0])["nginx-logfile"].enabled).toBe(true);
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

describe("Kibana agent_policy.ts: POST /api/fleet/agent_policies/delete", () => {
  const remove = (body: object) => call(h.api, "POST", "/api/fleet/agent_policies/delete", body);

  it("should prevent hosted policies being deleted", async () => {
    const hosted = await create({ name: "Hosted policy", namespace: "default", is_managed: true });
    expect(hosted.status).toBe(200);
    const res = await remove({ agentPolicyId: hosted.body.item.id });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Cannot delete hosted agent policy ${hosted.body.item.id} in Fleet because the agent policy is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.`,
    );
  });

  it("should allow regular policies being deleted (a hosted one made regular with force first)", async () => {
    const hosted = await create({ name: "Hosted policy", namespace: "default", is_managed: true });
    const id = hosted.body.item.id;
    const regular = await update(id, {
      name: "Regular policy",
      namespace: "default",
      is_managed: false,
      force: true,
    });
    expect(regular.status).toBe(200);
    expect(await remove({ agentPolicyId: id })).toMatchObject({
      status: 200,
      body: { id, name: "Regular policy" },
    });
  });

  it("deletes a hosted policy with force, and its integrations with it", async () => {
    const id = await policyWithPackagePolicy();
    await update(id, { name: "Test policy 1", namespace: "default", is_managed: true });
    expect((await remove({ agentPolicyId: id, force: true })).status).toBe(200);
    expect((await call(h.api, "GET", "/api/fleet/package_policies")).body.items).toEqual([]);
  });
});
