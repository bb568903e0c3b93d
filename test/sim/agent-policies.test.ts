import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const create = (body: object, query?: object) =>
  h.api.request("POST", "/api/fleet/agent_policies", {
    body: { namespace: "default", ...body },
    query: query as any,
  });

describe("agent policies", () => {
  it("fills server defaults and computed fields on create", async () => {
    const res = await create({ id: "p", name: "P" });
    expect(res.body.item).toMatchObject({
      id: "p",
      status: "active",
      revision: 1,
      is_managed: false,
      is_protected: false,
      inactivity_timeout: 1209600,
      space_ids: ["default"],
      updated_by: "elastic",
    });
    expect(res.body.item.updated_at).toEqual(expect.any(String));
    expect(res.body.item.schema_version).toEqual(expect.any(String));
    expect(res.body.item).not.toHaveProperty("monitoring_enabled");
    expect(res.body.item).not.toHaveProperty("package_policies");
  });

  it("answers 409 for an existing id", async () => {
    await create({ id: "p", name: "P" });
    const res = await call(h.api, "POST", "/api/fleet/agent_policies", {
      id: "p",
      name: "Q",
      namespace: "default",
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("Saved object [fleet-agent-policies/p] conflict");
  });

  it("answers 409 for a name already used (case-insensitive)", async () => {
    await create({ id: "p", name: "Prod" });
    const res = await call(h.api, "POST", "/api/fleet/agent_policies", {
      name: "prod",
      namespace: "default",
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("Agent Policy 'p' already exists with name 'prod'");
  });

  it("refuses an invalid namespace", async () => {
    const res = await call(h.api, "POST", "/api/fleet/agent_policies", { name: "x", namespace: "Bad-NS" });
    expect(res.status).toBe(400);
  });

  it("answers 404 with the saved-object text for an unknown id", async () => {
    const res = await call(h.api, "GET", "/api/fleet/agent_policies/ghost");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Saved object [fleet-agent-policies/ghost] not found");
  });

  it("resets inactivity_timeout to its default on a PUT that omits it, and bumps revision", async () => {
    await create({ id: "p", name: "P", inactivity_timeout: 60 });
    const res = await h.api.request("PUT", "/api/fleet/agent_policies/p", {
      body: { name: "P", namespace: "default" },
    });
    expect(res.body.item.inactivity_timeout).toBe(1209600);
    expect(res.body.item.revision).toBe(2);
  });

  it("creates a Default enrollment key for a new policy", async () => {
    await create({ id: "p", name: "P" });
    const keys = await h.api.request("GET", "/api/fleet/enrollment_api_keys", {
      query: { kuery: 'policy_id:"p"' },
    });
    expect(keys.body.items).toHaveLength(1);
    expect(keys.body.items[0].name).toMatch(/^Default \(/);
  });

  it("refuses changes to a hosted (managed) Fleet Server policy without force", async () => {
    const hosted = await startHarness({ profile: "hosted-fleet-server" });
    try {
      const res = await call(hosted.api, "PUT", "/api/fleet/agent_policies/fleet-server-policy", {
        name: "renamed",
        namespace: "default",
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Cannot update name in Fleet because the agent policy is managed/);
    } finally {
      await hosted.close();
    }
  });

  it("refuses to delete a hosted (managed) Fleet Server policy", async () => {
    const hosted = await startHarness({ profile: "hosted-fleet-server" });
    try {
      await hosted.sim.setAgentCount("fleet-server-policy", 0);
      const res = await call(hosted.api, "POST", "/api/fleet/agent_policies/delete", {
        agentPolicyId: "fleet-server-policy",
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^Cannot delete hosted agent policy fleet-server-policy in Fleet/);
    } finally {
      await hosted.close();
    }
  });

  it("refuses to delete a policy with enrolled agents, even with force", async () => {
    await create({ id: "p", name: "P" });
    await h.api.request("POST", "/__sim/agent_count", { body: { policyId: "p", count: 3 } });
    const res = await call(h.api, "POST", "/api/fleet/agent_policies/delete", {
      agentPolicyId: "p",
      force: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Cannot delete an agent policy that is assigned to any active or inactive agents",
    );
    const got = await h.api.request("GET", "/api/fleet/agent_policies/p");
    expect(got.body.item.agents).toBe(3);
  });

  it("deletes a policy and answers {id, name}", async () => {
    await create({ id: "p", name: "P" });
    const res = await h.api.request("POST", "/api/fleet/agent_policies/delete", {
      body: { agentPolicyId: "p" },
    });
    expect(res.body).toEqual({ id: "p", name: "P" });
    expect((await call(h.api, "GET", "/api/fleet/agent_policies/p")).status).toBe(404);
  });

  it("paginates with page/perPage (default 20) sorted by updated_at desc", async () => {
    for (let i = 0; i < 25; i++) await create({ id: `p${i}`, name: `policy ${i}` });
    const first = await h.api.request("GET", "/api/fleet/agent_policies");
    expect(first.body).toMatchObject({ total: 26, page: 1, perPage: 20 });
    expect(first.body.items).toHaveLength(20);
    expect(first.body.items[0].id).toBe("p24");
    const second = await h.api.request("GET", "/api/fleet/agent_policies", {
      query: { page: 2, perPage: 20 },
    });
    expect(second.body.items).toHaveLength(6);
    expect(second.body.items[0].agents).toBe(0);
  });

  it("refuses perPage above 100 with full=true", async () => {
    const res = await call(h.api, "GET", "/api/fleet/agent_policies", undefined, {
      perPage: 101,
      full: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "perPage should be less or equal to 100 when fetching full policies or agent count.",
    );
  });

  it("filters with kuery on name, phrase and wildcard", async () => {
    await create({ id: "a", name: "prod-linux" });
    await create({ id: "b", name: "prod-windows" });
    await create({ id: "c", name: "staging" });
    const phrase = await h.api.request("GET", "/api/fleet/agent_policies", {
      query: { kuery: 'ingest-agent-policies.name:"staging"' },
    });
    expect(phrase.body.items.map((p: any) => p.id)).toEqual(["c"]);
    const wild = await h.api.request("GET", "/api/fleet/agent_policies", {
      query: { kuery: "fleet-agent-policies.name:prod*" },
    });
    expect(wild.body.items.map((p: any) => p.id).sort()).toEqual(["a", "b"]);
  });

  it("retries a kuery without the saved-object type as a search of the names", async () => {
    await create({ id: "a", name: "Shared linux" });
    await create({ id: "b", name: "windows" });
    const res = await h.api.request("GET", "/api/fleet/agent_policies", { query: { kuery: "linux" } });
    expect(res.body.items.map((p: any) => p.id)).toEqual(["a"]);
  });

  it("isolates agent policies per space", async () => {
    const teamA = h.inSpace("team-a");
    await teamA.request("POST", "/api/fleet/agent_policies", {
      body: { id: "ta", name: "shared name", namespace: "default" },
    });
    const inA = await teamA.request("GET", "/api/fleet/agent_policies");
    expect(inA.body.items.map((p: any) => p.id)).toEqual(["ta"]);
    expect(inA.body.items[0].space_ids).toEqual(["team-a"]);
    expect((await call(h.api, "GET", "/api/fleet/agent_policies/ta")).status).toBe(404);
    // the same name is free in another space
    expect((await create({ name: "shared name" })).status).toBe(200);
  });

  it("bulk-gets policies and answers 404 for a missing id unless ignoreMissing", async () => {
    await create({ id: "p", name: "P" });
    const miss = await call(h.api, "POST", "/api/fleet/agent_policies/_bulk_get", { ids: ["p", "ghost"] });
    expect(miss.status).toBe(404);
    const ok = await h.api.request("POST", "/api/fleet/agent_policies/_bulk_get", {
      body: { ids: ["p", "ghost"], ignoreMissing: true },
    });
    expect(ok.body.items.map((p: any) => p.id)).toEqual(["p"]);
  });
});

describe("enrollment api keys", () => {
  it("revokes on DELETE: the key stays, inactive", async () => {
    await create({ id: "p", name: "P" });
    const key = await h.api.request("POST", "/api/fleet/enrollment_api_keys", {
      body: { policy_id: "p", name: "ci" },
    });
    expect(key.body.action).toBe("created");
    const del = await h.api.request("DELETE", `/api/fleet/enrollment_api_keys/${key.body.item.id}`);
    expect(del.body).toEqual({ action: "deleted" });
    const got = await h.api.request("GET", `/api/fleet/enrollment_api_keys/${key.body.item.id}`);
    expect(got.body.item.active).toBe(false);
  });

  it("answers 404 for an unknown policy", async () => {
    const res = await call(h.api, "POST", "/api/fleet/enrollment_api_keys", { policy_id: "ghost" });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('Agent policy "ghost" not found');
  });
});
