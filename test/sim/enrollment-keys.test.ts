/**
 * The simulator's enrollment API keys, as Kibana's handler and service make them:
 * FLEET/server/routes/enrollment_api_key/handler.ts and FLEET/server/services/api_keys/enrollment_api_key.ts
 * (generateEnrollmentAPIKey, deleteEnrollmentApiKeys, esDocToEnrollmentApiKey), and the duration rule
 * of FLEET/common/services isValidEnrollmentKeyExpiration (PostEnrollmentAPIKeyRequestSchema).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.api.request("POST", "/api/fleet/agent_policies", {
    body: { id: "p", name: "P", namespace: "default" },
  });
});
afterEach(() => h.close());

const createKey = (body: object) =>
  call(h.api, "POST", "/api/fleet/enrollment_api_keys", { policy_id: "p", ...body });
const keysOf = async (policy: string) =>
  (
    await h.api.request("GET", "/api/fleet/enrollment_api_keys", {
      query: { kuery: `policy_id:"${policy}"` },
    })
  ).body.items as Record<string, unknown>[];

describe("enrollment api keys", () => {
  it("stores a name as `NAME (uuid)`, the uuid being the key's id", async () => {
    const res = await createKey({ name: "bootstrap" });
    expect(res.body.item.name).toBe(`bootstrap (${res.body.item.id})`);
  });

  it("answers a create without `hidden`, which lists carry", async () => {
    const res = await createKey({ name: "bootstrap" });
    expect(res.body.item).not.toHaveProperty("hidden");
    const listed = (await keysOf("p")).find((k) => k.id === res.body.item.id);
    expect(listed).toMatchObject({ hidden: false });
  });

  it("takes a name that only starts like an existing one", async () => {
    await createKey({ name: "boot (x)" });
    expect((await createKey({ name: "boot" })).status).toBe(200);
  });

  it("refuses an expiration that is not a positive duration", async () => {
    const res = await createKey({ name: "bootstrap", expiration: "2030-01-01" });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("Expiration must be a valid duration");
    expect((await createKey({ name: "bootstrap", expiration: "30d" })).status).toBe(200);
  });

  it("leaves a hidden key (managed policy) active on DELETE, and answers deleted", async () => {
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "hosted", name: "Hosted", namespace: "default", is_managed: true },
    });
    const [key] = await keysOf("hosted");
    const del = await h.api.request("DELETE", `/api/fleet/enrollment_api_keys/${key!.id}`);
    expect(del.body).toEqual({ action: "deleted" });
    expect((await keysOf("hosted"))[0]).toMatchObject({ active: true });
  });
});
