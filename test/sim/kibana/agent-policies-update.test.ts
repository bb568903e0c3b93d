/**
 * Kibana's own agent policy API tests, ported: x-pack/platform/test/fleet_api_integration/apis/agent_policy/
 * agent_policy.ts (describe 'fleet_agent_policies'), its PUT tests. Fixtures in agent-policies-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers.js";
import { agentPoliciesApi, simplifiedInputsOf } from "./agent-policies-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
});
afterEach(() => h.close());

const { create, update, policyWithPackagePolicy } = agentPoliciesApi(() => h);

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
