import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type Harness, KibanaClient, startHarness, startSimulator } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("transport", () => {
  it("answers 401 without an Authorization header", async () => {
    const res = await h.api.request("GET", "/api/fleet/outputs", { noAuth: true, allowErrors: true });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, error: "Unauthorized", message: "Unauthorized" });
  });

  it("answers 401 for a wrong API key", async () => {
    const bad = new KibanaClient({ url: h.sim.url, apiKey: "nope", maxAttempts: 1 });
    const res = await bad.request("GET", "/api/fleet/outputs", { allowErrors: true });
    await bad.close();
    expect(res.status).toBe(401);
  });

  it("accepts the default Basic credentials elastic:changeme", async () => {
    const basic = new KibanaClient({
      url: h.sim.url,
      username: "elastic",
      password: "changeme",
      maxAttempts: 1,
    });
    const res = await basic.request("GET", "/api/status");
    await basic.close();
    expect(res.status).toBe(200);
    expect(res.body.version.number).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("accepts only the configured API key when one is given", async () => {
    const sim = await startSimulator({ port: 0, apiKey: "s3cret" });
    const good = new KibanaClient({ url: sim.url, apiKey: "s3cret", maxAttempts: 1 });
    const dflt = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    const basic = new KibanaClient({
      url: sim.url,
      username: "elastic",
      password: "changeme",
      maxAttempts: 1,
    });
    try {
      expect((await good.request("GET", "/api/status")).status).toBe(200);
      expect((await dflt.request("GET", "/api/status", { allowErrors: true })).status).toBe(401);
      expect((await basic.request("GET", "/api/status", { allowErrors: true })).status).toBe(401);
    } finally {
      await Promise.all([good.close(), dflt.close(), basic.close()]);
      await sim.close();
    }
  });

  it("requires kbn-xsrf on mutating requests with Kibana's message", async () => {
    const res = await h.api.request("POST", "/api/fleet/proxies", {
      body: { name: "p", url: "http://p:3128" },
      noXsrf: true,
      allowErrors: true,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: "Request must contain a kbn-xsrf header.",
    });
  });

  it("checks authentication before kbn-xsrf", async () => {
    const res = await h.api.request("POST", "/api/fleet/proxies", {
      body: { name: "p", url: "http://p:3128" },
      noXsrf: true,
      noAuth: true,
      allowErrors: true,
    });
    expect(res.status).toBe(401);
  });

  it("refuses an unknown body key with config-schema's message", async () => {
    const res = await call(h.api, "POST", "/api/fleet/proxies", {
      name: "p",
      url: "http://p:3128",
      bogus: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request body.bogus]: definition for this key is missing");
  });

  it("refuses a read-only field echoed back in a PUT", async () => {
    const ap = await h.api.request("GET", "/api/fleet/agent_policies/fleet-server-policy");
    const { id: _id, ...item } = ap.body.item;
    const res = await call(h.api, "PUT", "/api/fleet/agent_policies/fleet-server-policy", item);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^\[request body\.\w+\]: definition for this key is missing$/);
  });

  it("refuses a wrong type with 400", async () => {
    const res = await call(h.api, "POST", "/api/fleet/proxies", { name: 5, url: "http://p:3128" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request body.name]: expected value of type [string] but got [number]");
  });

  it("refuses a body no variant of a union takes with config-schema's text, each error under its variant", async () => {
    const res = await call(h.api, "POST", "/api/fleet/package_policies", {
      package: { name: "nginx", version: "1.5.0" },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      [
        "[request body]: types that failed validation:",
        "- [request body.0.name]: expected value of type [string] but got [undefined]",
        "- [request body.1.name]: expected value of type [string] but got [undefined]",
      ].join("\n"),
    );
  });

  it("refuses an unknown query parameter", async () => {
    const res = await call(h.api, "GET", "/api/fleet/agent_policies", undefined, { bogus: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request query.bogus]: definition for this key is missing");
  });

  it("answers 404 with a Boom body for an unknown route", async () => {
    const res = await call(h.api, "GET", "/api/fleet/nothing_here");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: "Not Found", message: "Not Found" });
  });

  it("counts requests per route template", async () => {
    await h.api.request("GET", "/api/fleet/outputs/fleet-default-output");
    const stats = h.sim.stats();
    expect(stats.byRoute["GET /api/fleet/outputs/{outputId}"]).toBeGreaterThanOrEqual(1);
    const viaHttp = await h.api.request("GET", "/__sim/stats");
    expect(viaHttp.body.requests).toBe(stats.requests);
  });
});
