/**
 * Kibana's own agent policy API tests, ported: x-pack/platform/test/fleet_api_integration/apis/agent_policy/
 * agent_policy.ts (describe 'fleet_agent_policies'), its GET and _bulk_get tests, with the agent counts
 * of its __snapshots__/agent_policy.snap. Fixtures in agent-policies-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";
import { agentPoliciesApi, simplifiedInputsOf } from "./agent-policies-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
});
afterEach(() => h.close());

const { create, get, policyWithPackagePolicy } = agentPoliciesApi(() => h);

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
