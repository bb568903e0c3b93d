// Kibana's spaces API, as much as fleetform check-kibana uses: x-pack/platform/plugins/shared/spaces/
// server/routes/api/external (post, get, delete) and spaces_client.ts (reserved default space,
// deleteByNamespace on delete); messages from its API integration tests (delete.ts, create.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("spaces", () => {
  it("creates a space, and answers 409 for an identifier already taken", async () => {
    const res = await call(h.api, "POST", "/api/spaces/space", { id: "scratch", name: "Scratch" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: "scratch", name: "Scratch", disabledFeatures: [] });
    const again = await call(h.api, "POST", "/api/spaces/space", { id: "scratch", name: "Other" });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("A space with the identifier scratch already exists.");
  });

  it("refuses a space identifier with upper-case letters", async () => {
    const res = await call(h.api, "POST", "/api/spaces/space", { id: "Scratch", name: "Scratch" });
    expect(res.status).toBe(400);
  });

  it("deletes a space with the agent policies, integrations and Cases settings that live only in it", async () => {
    await h.api.request("POST", "/api/spaces/space", { body: { id: "scratch", name: "Scratch" } });
    const scratch = h.inSpace("scratch");
    await scratch.request("POST", "/api/fleet/agent_policies", {
      body: { id: "sp", name: "SP", namespace: "default" },
    });
    await scratch.request("POST", "/api/cases/configure", {
      body: {
        owner: "cases",
        closure_type: "close-by-user",
        connector: { id: "none", name: "none", type: ".none", fields: null },
      },
    });
    const res = await call(h.api, "DELETE", "/api/spaces/space/scratch");
    expect(res.status).toBe(204);
    expect((await call(h.api, "GET", "/api/spaces/space/scratch")).status).toBe(404);
    expect((await call(scratch, "GET", "/api/fleet/agent_policies/sp")).status).toBe(404);
    expect((await scratch.request("GET", "/api/cases/configure")).body).toEqual([]);
    expect((await call(h.api, "GET", "/api/fleet/agent_policies/fleet-server-policy")).status).toBe(200);
  });

  it("refuses to delete the default space, and answers 404 for an unknown one", async () => {
    const reserved = await call(h.api, "DELETE", "/api/spaces/space/default");
    expect(reserved.status).toBe(400);
    expect(reserved.body.message).toBe("The default space cannot be deleted because it is reserved.");
    const unknown = await call(h.api, "DELETE", "/api/spaces/space/nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe("Saved object [space/nope] not found");
  });
});
