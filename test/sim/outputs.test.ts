import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const es = (id: string, extra: object = {}) => ({
  id,
  name: id,
  type: "elasticsearch",
  hosts: ["https://es:9200"],
  ...extra,
});

describe("outputs", () => {
  it("seeds the default output, not preconfigured, default for data and monitoring", async () => {
    const res = await h.api.request("GET", "/api/fleet/outputs/fleet-default-output");
    expect(res.body.item).toMatchObject({
      id: "fleet-default-output",
      name: "default",
      type: "elasticsearch",
      hosts: ["http://localhost:9200"],
      is_default: true,
      is_default_monitoring: true,
      is_preconfigured: false,
    });
  });

  it("lists everything in one page with the default first", async () => {
    await h.api.request("POST", "/api/fleet/outputs", { body: es("a") });
    const res = await h.api.request("GET", "/api/fleet/outputs");
    expect(res.body.total).toBe(2);
    expect(res.body.page).toBe(1);
    expect(res.body.items[0].id).toBe("fleet-default-output");
  });

  it("keeps a client-chosen id and normalises hosts with explicit ports", async () => {
    const res = await h.api.request("POST", "/api/fleet/outputs", {
      body: es("mine", { hosts: ["https://es.example.com", "http://other"] }),
    });
    expect(res.body.item.id).toBe("mine");
    expect(res.body.item.hosts).toEqual(["https://es.example.com:443", "http://other:80"]);
    expect(res.body.item.preset).toBe("balanced");
    expect(res.body.item.is_default).toBe(false);
  });

  it("answers 409 with Elasticsearch's conflict text on an existing id", async () => {
    await h.api.request("POST", "/api/fleet/outputs", { body: es("dup") });
    const res = await call(h.api, "POST", "/api/fleet/outputs", es("dup"));
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      /^\[ingest-outputs:[0-9a-f-]{36}\]: version conflict, document already exists/,
    );
  });

  it("refuses an invalid id", async () => {
    const res = await call(h.api, "POST", "/api/fleet/outputs", es("a/b"));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^id is not valid/);
  });

  it("switches the default output when another one becomes default", async () => {
    await h.api.request("POST", "/api/fleet/outputs", { body: es("new-default", { is_default: true }) });
    const old = await h.api.request("GET", "/api/fleet/outputs/fleet-default-output");
    expect(old.body.item.is_default).toBe(false);
    expect(old.body.item.is_default_monitoring).toBe(true);
    const all = await h.api.request("GET", "/api/fleet/outputs");
    expect(all.body.items.filter((o: any) => o.is_default)).toHaveLength(1);
  });

  it("refuses to un-default the default output", async () => {
    const res = await call(h.api, "PUT", "/api/fleet/outputs/fleet-default-output", { is_default: false });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Default output fleet-default-output cannot be set to is_default=false or is_default_monitoring=false manually. Make another output the default first.",
    );
  });

  it("refuses to delete the default output", async () => {
    const res = await call(h.api, "DELETE", "/api/fleet/outputs/fleet-default-output");
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Default output fleet-default-output cannot be deleted.");
  });

  it("answers 404 for an unknown output", async () => {
    const res = await call(h.api, "GET", "/api/fleet/outputs/nope");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Output nope not found");
  });

  it("deleting a used output nulls the agent policy reference and bumps its revision", async () => {
    await h.api.request("POST", "/api/fleet/outputs", { body: es("used") });
    const ap = await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "p1", name: "p1", namespace: "default", data_output_id: "used" },
    });
    expect(ap.body.item.revision).toBe(1);
    expect((await h.api.request("DELETE", "/api/fleet/outputs/used")).body).toEqual({ id: "used" });
    const after = await h.api.request("GET", "/api/fleet/agent_policies/p1");
    expect(after.body.item.data_output_id).toBeNull();
    expect(after.body.item.revision).toBe(2);
  });

  // Kibana's create does not touch proxy_id (outputs/crud.ts "should allow to create a new kafka output")
  it("fills Kafka defaults and adds no proxy_id", async () => {
    const res = await h.api.request("POST", "/api/fleet/outputs", {
      body: { id: "k", name: "k", type: "kafka", hosts: ["kafka:9092"], auth_type: "none", topic: "t" },
    });
    expect(res.body.item).toMatchObject({
      version: "1.0.0",
      compression: "gzip",
      compression_level: 4,
      client_id: "Elastic",
      partition: "hash",
      timeout: 30,
      broker_timeout: 10,
      required_acks: 1,
    });
    expect(res.body.item).not.toHaveProperty("proxy_id");
  });

  it("stores output secrets and returns only a reference", async () => {
    const res = await h.api.request("POST", "/api/fleet/outputs", {
      body: es("sec", { secrets: { ssl: { key: "PRIVATE KEY" } } }),
    });
    expect(res.body.item.secrets.ssl.key).toEqual({ id: expect.any(String) });
    const got = await h.api.request("GET", "/api/fleet/outputs/sec");
    expect(JSON.stringify(got.body)).not.toContain("PRIVATE KEY");
  });

  it("refuses a secret given both plain and under secrets", async () => {
    const res = await call(
      h.api,
      "POST",
      "/api/fleet/outputs",
      es("both", { ssl: { key: "a" }, secrets: { ssl: { key: "b" } } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Cannot specify both ssl.key and secrets.ssl.key");
  });

  it("returns secrets in clear without Fleet Server (profile no-fleet-server)", async () => {
    const bare = await startHarness({ profile: "no-fleet-server" });
    try {
      const res = await bare.api.request("POST", "/api/fleet/outputs", {
        body: es("clear", { secrets: { ssl: { key: "PLAIN" } } }),
      });
      expect(res.body.item.ssl.key).toBe("PLAIN");
      expect(res.body.item.secrets).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it("returns no saved-object version on outputs", async () => {
    const a = await h.api.request("POST", "/api/fleet/outputs", { body: es("v") });
    expect(a.body.item).not.toHaveProperty("version");
  });
});
