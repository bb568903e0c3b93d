/**
 * Kibana's own output API tests, ported: x-pack/platform/test/fleet_api_integration/apis/outputs/crud.ts
 * (describe 'fleet_outputs_crud'), its GET and PUT tests. Each test names the Kibana test it ports; fixtures in
 * outputs-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Harness } from "../helpers.js";
import {
  DEFAULT,
  kafka,
  logstash,
  outputsApi,
  shipper,
  startWithFleetServerPolicy,
} from "./outputs-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startWithFleetServerPolicy();
});
afterEach(() => h.close());

const { post, put } = outputsApi(() => h);

describe("Kibana outputs/crud.ts: GET", () => {
  it("should allow return the default output", async () => {
    const res = await h.api.request("GET", `/api/fleet/outputs/${DEFAULT}`);
    for (const key of ["id", "name", "type", "is_default", "hosts"])
      expect(res.body.item).toHaveProperty(key);
  });
});

describe("Kibana outputs/crud.ts: PUT /outputs/{outputId}", () => {
  it("should explicitly set port on ES hosts", async () => {
    expect((await put(DEFAULT, { hosts: ["https://test.fr"] })).status).toBe(200);
    const res = await h.api.request("GET", `/api/fleet/outputs/${DEFAULT}`);
    expect(res.body.item.hosts).toEqual(["https://test.fr:443"]);
  });

  it("should return a 404 when updating a non existing output", async () => {
    expect((await put("idonotexists", { hosts: ["https://test.fr"] })).status).toBe(404);
  });

  // 9.x wording ("Elasticsearch"); Kibana 8.x said "ElasticSearch".
  it("should not allow to update a default ES output to logstash", async () => {
    const res = await put(DEFAULT, logstash());
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Logstash output cannot be used with Fleet Server integration in Fleet Server policy 1. Please create a new Elasticsearch output.",
    );
  });

  it("should not allow to update a default ES output to Kafka", async () => {
    const res = await put(DEFAULT, kafka({ is_default: true, is_default_monitoring: true }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Kafka output cannot be used with Fleet Server integration in Fleet Server policy 1. Please create a new Elasticsearch output.",
    );
  });

  it("should allow to update a default ES output if keeping it ES", async () => {
    const res = await put(DEFAULT, {
      name: "Updated Default ES Output",
      type: "elasticsearch",
      hosts: ["http://test.fr:443"],
    });
    expect(res.status).toBe(200);
  });

  it("should respond 400 when setting an unknown preset", async () => {
    const res = await put(DEFAULT, {
      name: "x",
      type: "elasticsearch",
      hosts: ["http://test.fr:443"],
      preset: "some_unknown_preset",
    });
    expect(res.status).toBe(400);
  });

  it("should allow changing the preset from balanced to custom and back", async () => {
    const body = { name: "x", type: "elasticsearch", hosts: ["http://test.fr:443"] };
    const custom = await put(DEFAULT, { ...body, preset: "custom", config_yaml: "some_random_field: foo" });
    expect(custom.status).toBe(200);
    const back = await put(DEFAULT, { ...body, preset: "balanced", config_yaml: "some_random_field: foo" });
    expect(back.status).toBe(200);
  });

  it("should allow to update a non-default ES output to logstash", async () => {
    const created = await post({
      name: "Elasticsearch output",
      type: "elasticsearch",
      hosts: ["https://test.fr:443"],
    });
    expect((await put(created.body.item.id, logstash())).status).toBe(200);
  });

  it("should allow to update a non-default ES output to kafka", async () => {
    const created = await post({
      name: "Elasticsearch output",
      type: "elasticsearch",
      hosts: ["https://test.fr:443"],
    });
    expect((await put(created.body.item.id, { name: "A Kafka Output", type: "kafka" })).status).toBe(200);
  });

  it("should allow to update a logstash output with the shipper values", async () => {
    const created = await post(logstash());
    const id = created.body.item.id;
    expect((await put(id, logstash({ config_yaml: "shipper: {}", shipper }))).status).toBe(200);
    const res = await h.api.request("GET", "/api/fleet/outputs");
    expect(res.body.items.find((o: any) => o.id === id).shipper).toEqual({
      compression_level: null,
      disk_queue_compression_enabled: null,
      disk_queue_enabled: true,
      disk_queue_encryption_enabled: true,
      disk_queue_max_size: null,
      disk_queue_path: "path/to/disk/queue",
      loadbalance: null,
      max_batch_bytes: null,
      mem_queue_events: null,
      queue_flush_timeout: null,
    });
  });

  it("should discard the shipper values when shipper is disabled (PUT)", async () => {
    const res = await put(DEFAULT, {
      name: "default monitoring output 1",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default_monitoring: true,
      shipper,
    });
    expect(res.status).toBe(200);
    const list = await h.api.request("GET", "/api/fleet/outputs");
    expect(list.body.items.find((o: any) => o.id === DEFAULT).shipper).toBeNull();
  });

  it("should bump all policies in all spaces if updating the default output", async () => {
    const other = (
      await post({ name: "Nondefault Output", type: "elasticsearch", hosts: ["https://test.fr"] })
    ).body.item.id;
    const p1 = await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { name: "p1", namespace: "default" },
    });
    const p2 = await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { name: "p2", namespace: "default", data_output_id: other },
    });
    // a package policy on the default output keeps p2 among the policies to bump
    await h.api.request("POST", "/api/fleet/package_policies", {
      body: {
        name: "package p2",
        namespace: "default",
        policy_ids: [p2.body.item.id],
        enabled: true,
        inputs: [],
        package: { name: "nginx", version: "3.2.2" },
        output_id: DEFAULT,
      },
    });
    await put(DEFAULT, {
      name: "Updated Default ES Output",
      type: "elasticsearch",
      hosts: ["http://test.fr:443"],
    });
    const rev = async (id: string) =>
      (await h.api.request("GET", `/api/fleet/agent_policies/${id}`)).body.item.revision;
    expect(await rev(p1.body.item.id)).toBe(p1.body.item.revision + 1);
    expect(await rev(p2.body.item.id)).toBe(p2.body.item.revision + 2);
  });
});
