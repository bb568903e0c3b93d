/**
 * Kibana's own output API tests, ported: x-pack/platform/test/fleet_api_integration/apis/outputs/crud.ts
 * (describe 'fleet_outputs_crud'). Each test names the Kibana test it ports. Kibana's fixture package
 * `filetest` is replaced by the simulator's real `nginx` package. Kafka bodies use 9.x's `topic` string
 * where the older copy of the test sends the pre-9.0 `topics: [{topic}]` list (gone from the 9.x schema).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";

let h: Harness;
const DEFAULT = "fleet-default-output";

/** Kibana's fixture: a Fleet Server policy named "Fleet Server policy 1" on the default output. */
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
  await h.api.request("POST", "/api/fleet/agent_policies", {
    body: { id: "fs-1", name: "Fleet Server policy 1", namespace: "default", has_fleet_server: true },
  });
});
afterEach(() => h.close());

const post = (body: object) => call(h.api, "POST", "/api/fleet/outputs", body);
const put = (id: string, body: object) => call(h.api, "PUT", `/api/fleet/outputs/${id}`, body);
const ssl = { certificate: "CERTIFICATE", key: "KEY", certificate_authorities: ["CA1", "CA2"] };
const logstash = (extra: object = {}) => ({
  name: "My Logstash Output",
  type: "logstash",
  hosts: ["test.fr:443"],
  ssl,
  ...extra,
});
const kafka = (extra: object = {}) => ({
  name: "My Kafka Output",
  type: "kafka",
  hosts: ["test.fr:2000"],
  auth_type: "user_pass",
  username: "user",
  password: "pass",
  topic: "topic1",
  ...extra,
});
const shipper = {
  disk_queue_enabled: true,
  disk_queue_path: "path/to/disk/queue",
  disk_queue_encryption_enabled: true,
};
const withoutId = ({ id: _id, ...rest }: any) => rest;

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

describe("Kibana outputs/crud.ts: POST /outputs", () => {
  it("should allow to create an ES output", async () => {
    const res = await post({ name: "My output", type: "elasticsearch", hosts: ["https://test.fr"] });
    expect(withoutId(res.body.item)).toEqual({
      name: "My output",
      type: "elasticsearch",
      hosts: ["https://test.fr:443"],
      is_default: false,
      is_default_monitoring: false,
      preset: "balanced",
    });
  });

  it("should allow creating a new ES output with preset: custom", async () => {
    const res = await post({
      name: "My output",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      preset: "custom",
      config_yaml: "some_random_key: foo",
    });
    expect(withoutId(res.body.item)).toEqual({
      name: "My output",
      type: "elasticsearch",
      hosts: ["https://test.fr:443"],
      is_default: false,
      is_default_monitoring: false,
      preset: "custom",
      config_yaml: "some_random_key: foo",
    });
  });

  it("should respond with 400 when creating a new ES output with an unknown preset", async () => {
    const res = await post({ name: "o", type: "elasticsearch", hosts: ["https://test.fr"], preset: "nope" });
    expect(res.status).toBe(400);
  });

  it("should allow to create a new default ES output", async () => {
    const res = await post({
      name: "Default ES output",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default: true,
    });
    expect(withoutId(res.body.item)).toEqual({
      name: "Default ES output",
      type: "elasticsearch",
      hosts: ["https://test.fr:443"],
      is_default: true,
      is_default_monitoring: false,
      preset: "balanced",
    });
  });

  it("should allow to create a new logstash output", async () => {
    const res = await post(logstash());
    expect(withoutId(res.body.item)).toEqual({
      name: "My Logstash Output",
      type: "logstash",
      hosts: ["test.fr:443"],
      is_default: false,
      is_default_monitoring: false,
      ssl,
    });
  });

  it("should allow to create a new logstash default output and fleet server policies should not change", async () => {
    const res = await post(logstash({ name: "Default Logstash Output", is_default: true }));
    expect(res.status).toBe(200);
    expect(withoutId(res.body.item)).toEqual({
      name: "Default Logstash Output",
      type: "logstash",
      hosts: ["test.fr:443"],
      is_default: true,
      is_default_monitoring: false,
      ssl,
    });
    // Kibana pins the Fleet Server policy to the previous default (updateAgentPoliciesDataOutputId)
    const fs = await h.api.request("GET", "/api/fleet/agent_policies/fs-1");
    expect(fs.body.item.data_output_id).toBe(DEFAULT);
  });

  it("should not allow to create a logstash output with http hosts", async () => {
    const res = await post(logstash({ hosts: ["https://test.fr:443"] }));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Host address must begin with a domain name or IP address/);
  });

  it("should allow to create a new kafka output", async () => {
    const res = await post(kafka());
    expect(withoutId(res.body.item)).toEqual({
      is_default: false,
      is_default_monitoring: false,
      name: "My Kafka Output",
      type: "kafka",
      hosts: ["test.fr:2000"],
      auth_type: "user_pass",
      username: "user",
      password: "pass",
      topic: "topic1",
      broker_timeout: 10,
      required_acks: 1,
      client_id: "Elastic",
      compression: "gzip",
      compression_level: 4,
      sasl: { mechanism: "PLAIN" },
      timeout: 30,
      partition: "hash",
      version: "1.0.0",
    });
  });

  it("should toggle the default output when creating a new one", async () => {
    await post({
      name: "default output 1",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default: true,
    });
    const second = await post({
      name: "default output 2",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default: true,
    });
    const list = await h.api.request("GET", "/api/fleet/outputs");
    const defaults = list.body.items.filter((o: any) => o.is_default);
    expect(defaults.map((o: any) => o.id)).toEqual([second.body.item.id]);
  });

  it("should toggle default monitoring output when creating a new default monitoring output", async () => {
    await post({
      name: "m1",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default_monitoring: true,
    });
    const second = await post({
      name: "m2",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default_monitoring: true,
    });
    const list = await h.api.request("GET", "/api/fleet/outputs");
    const defaults = list.body.items.filter((o: any) => o.is_default_monitoring);
    expect(defaults.map((o: any) => o.id)).toEqual([second.body.item.id]);
  });

  it("should discard the shipper values when shipper is disabled (POST)", async () => {
    const res = await post({ name: "output 1", type: "elasticsearch", hosts: ["https://test.fr"], shipper });
    expect(res.status).toBe(200);
    const list = await h.api.request("GET", "/api/fleet/outputs");
    expect(list.body.items.find((o: any) => o.name === "output 1").shipper).toBeNull();
  });

  it("should allow to create an ES output with the shipper values when shipper is enabled", async () => {
    const res = await post({
      name: "output 1",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      config_yaml: "shipper: {}",
      shipper,
    });
    expect(res.status).toBe(200);
    const list = await h.api.request("GET", "/api/fleet/outputs");
    expect(list.body.items.find((o: any) => o.name === "output 1").shipper).toMatchObject({
      ...shipper,
      disk_queue_max_size: null,
      loadbalance: null,
    });
  });

  it("should not allow ssl.key and secrets.ssl.key to be set for logstash output", async () => {
    const res = await post(logstash({ config_yaml: "shipper: {}", secrets: { ssl: { key: "KEY" } } }));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Cannot specify both ssl.key and secrets.ssl.key");
  });

  it("should not allow password and secrets.password to be set for kafka output", async () => {
    const res = await post(kafka({ secrets: { password: "pass" } }));
    expect(res.status).toBe(400);
  });

  it("should not store secrets if there is no fleet server", async () => {
    const res = await post(
      logstash({ ssl: { certificate: "CERTIFICATE" }, secrets: { ssl: { key: "KEY" } } }),
    );
    expect(Object.keys(res.body.item)).not.toContain("secrets");
    expect(res.body.item.ssl.key).toBe("KEY");
  });
});

describe("Kibana outputs/crud.ts: POST /outputs with Fleet Server set up (secrets stored)", () => {
  let fs: Harness;
  beforeEach(async () => {
    fs = await startHarness();
  });
  afterEach(() => fs.close());

  it("should store secrets if fleet server meets minimum version", async () => {
    const res = await fs.api.request("POST", "/api/fleet/outputs", {
      body: logstash({ ssl: { certificate: "CERTIFICATE" }, secrets: { ssl: { key: "KEY" } } }),
    });
    expect(Object.keys(res.body.item.ssl)).not.toContain("key");
    expect(res.body.item.secrets.ssl.key.id).toEqual(expect.any(String));
  });

  it("should create ssl.password secret correctly", async () => {
    const { password: _p, ...body } = kafka({ secrets: { password: "pass" } });
    const res = await fs.api.request("POST", "/api/fleet/outputs", { body });
    expect(res.body.item.secrets.password.id).toEqual(expect.any(String));
  });

  it("should create service_token secret correctly", async () => {
    const res = await fs.api.request("POST", "/api/fleet/outputs", {
      body: {
        name: "Remote Elasticsearch With Service Token Secret",
        type: "remote_elasticsearch",
        hosts: ["https://remote-es:9200"],
        secrets: { service_token: "token" },
      },
    });
    expect(res.body.item.secrets.service_token.id).toEqual(expect.any(String));
  });

  it("should allow secrets to be updated + delete unused secret", async () => {
    const body = (key: string) => ({
      name: "Kafka Output With Secret",
      type: "kafka",
      hosts: ["test.fr:2000"],
      auth_type: "ssl",
      topic: "topic1",
      ssl: { certificate: "CERTIFICATE", certificate_authorities: ["CA1", "CA2"] },
      secrets: { ssl: { key } },
    });
    const created = await fs.api.request("POST", "/api/fleet/outputs", { body: body("KEY") });
    const updated = await fs.api.request("PUT", `/api/fleet/outputs/${created.body.item.id}`, {
      body: body("NEW_KEY"),
    });
    expect(updated.body.item.secrets.ssl.key.id).not.toBe(created.body.item.secrets.ssl.key.id);
  });
});

describe("Kibana outputs/crud.ts: DELETE /outputs/{outputId}", () => {
  it("should return a 400 when deleting a default output", async () => {
    const d = await post({
      name: "Default Output to delete test",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default: true,
    });
    expect((await call(h.api, "DELETE", `/api/fleet/outputs/${d.body.item.id}`)).status).toBe(400);
    const m = await post({
      name: "m",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
      is_default_monitoring: true,
    });
    expect((await call(h.api, "DELETE", `/api/fleet/outputs/${m.body.item.id}`)).status).toBe(400);
  });

  it("should return a 404 when deleting a non existing output", async () => {
    expect((await call(h.api, "DELETE", "/api/fleet/outputs/idonotexists")).status).toBe(404);
  });

  it("should allow to delete an output", async () => {
    const o = await post({
      name: "Output to delete test",
      type: "elasticsearch",
      hosts: ["https://test.fr"],
    });
    const res = await call(h.api, "DELETE", `/api/fleet/outputs/${o.body.item.id}`);
    expect(res.body).toEqual({ id: o.body.item.id });
  });

  it("should not modify agent policies when cannot delete an output due to default logstash", async () => {
    const es = (await post({ name: "Elastic output", type: "elasticsearch", hosts: ["http://localhost"] }))
      .body.item.id;
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: {
        id: "0000-agent-policy",
        name: "Agent policy 2",
        namespace: "default",
        data_output_id: es,
        monitoring_output_id: es,
      },
    });
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: {
        id: "1111-fleet-policy",
        name: "Fleet Server policy 2",
        namespace: "default",
        has_fleet_server: true,
        data_output_id: es,
      },
    });
    const ls = await post({
      name: "Default logstash",
      type: "logstash",
      hosts: ["logstash"],
      ssl: { certificate: "CERTIFICATE", key: "KEY", certificate_authorities: [] },
      is_default: true,
      is_default_monitoring: true,
    });
    expect(ls.status).toBe(200);
    const res = await call(h.api, "DELETE", `/api/fleet/outputs/${es}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'Output of type "logstash" is not usable with policy "Fleet Server policy 2".',
    );
    const ap = await h.api.request("GET", "/api/fleet/agent_policies/0000-agent-policy");
    expect(ap.body.item.data_output_id).toBe(es);
    expect(ap.body.item.monitoring_output_id).toBe(es);
    const fsp = await h.api.request("GET", "/api/fleet/agent_policies/1111-fleet-policy");
    expect(fsp.body.item.data_output_id).toBe(es);
  });

  it("should return a 400 when deleting a default kafka output", async () => {
    const d = await post(kafka({ name: "Default Output to delete test", is_default: true }));
    expect((await call(h.api, "DELETE", `/api/fleet/outputs/${d.body.item.id}`)).status).toBe(400);
  });
});
