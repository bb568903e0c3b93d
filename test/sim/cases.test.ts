import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const config = (owner: string, closure_type = "close-by-user") => ({
  owner,
  closure_type,
  connector: { id: "none", name: "none", type: ".none", fields: null },
});

describe("cases configuration", () => {
  it("creates with server fields and a server id", async () => {
    const res = await h.api.request("POST", "/api/cases/configure", { body: config("cases") });
    expect(res.body).toMatchObject({
      owner: "cases",
      customFields: [],
      templates: [],
      mappings: [],
      error: null,
      updated_at: null,
      updated_by: null,
    });
    expect(res.body.id).toEqual(expect.any(String));
    expect(res.body.version).toEqual(expect.any(String));
  });

  it("replaces the configuration of an owner on a second POST, under a new id", async () => {
    const first = await h.api.request("POST", "/api/cases/configure", { body: config("observability") });
    const second = await h.api.request("POST", "/api/cases/configure", {
      body: config("observability", "close-by-pushing"),
    });
    expect(second.status).toBe(200);
    expect(second.body.id).not.toBe(first.body.id);
    const list = await h.api.request("GET", "/api/cases/configure", { query: { owner: "observability" } });
    expect(list.body).toHaveLength(1);
    expect(list.body[0].closure_type).toBe("close-by-pushing");
  });

  it("answers 409 on PATCH with a stale version", async () => {
    const c = await h.api.request("POST", "/api/cases/configure", { body: config("securitySolution") });
    const ok = await h.api.request("PATCH", `/api/cases/configure/${c.body.id}`, {
      body: { version: c.body.version, closure_type: "close-by-pushing" },
    });
    expect(ok.body.updated_by).toMatchObject({ username: "elastic" });
    const stale = await call(h.api, "PATCH", `/api/cases/configure/${c.body.id}`, {
      version: c.body.version,
      closure_type: "close-by-user",
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(
      "This configuration has been updated. Please refresh before saving additional updates.",
    );
  });

  it("has no DELETE route", async () => {
    const c = await h.api.request("GET", "/api/cases/configure");
    const res = await call(h.api, "DELETE", `/api/cases/configure/${c.body[0].id}`);
    expect(res.status).toBe(404);
  });

  it("refuses unknown keys", async () => {
    const res = await call(h.api, "POST", "/api/cases/configure", { ...config("cases"), bogus: true });
    expect(res.status).toBe(400);
  });

  it("keeps configurations per space", async () => {
    const other = h.inSpace("team-b");
    expect(await other.request("GET", "/api/cases/configure").then((r) => r.body)).toEqual([]);
    await other.request("POST", "/api/cases/configure", { body: config("cases") });
    const mine = await h.api.request("GET", "/api/cases/configure", { query: { owner: "cases" } });
    expect(mine.body).toHaveLength(1);
  });

  it("lists case connectors as an array", async () => {
    const res = await h.api.request("GET", "/api/cases/configure/connectors/_find");
    expect(Array.isArray(res.body)).toBe(true);
  });
});
