/**
 * Kibana's own agent policy API tests, ported: x-pack/platform/test/fleet_api_integration/apis/agent_policy/
 * agent_policy.ts (describe 'fleet_agent_policies'), its POST /agent_policies/delete tests. Fixtures in
 * agent-policies-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";
import { agentPoliciesApi } from "./agent-policies-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
});
afterEach(() => h.close());

const { create, update, policyWithPackagePolicy } = agentPoliciesApi(() => h);

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
