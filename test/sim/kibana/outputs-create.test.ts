/**
 * Kibana's own output API tests, ported: x-pack/platform/test/fleet_api_integration/apis/outputs/crud.ts
 * (describe 'fleet_outputs_crud'), its POST tests. Each test names the Kibana test it ports; fixtures in
 * outputs-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers.js";
import {
  DEFAULT,
  kafka,
  logstash,
  outputsApi,
  shipper,
  ssl,
  startWithFleetServerPolicy,
  withoutId,
} from "./outputs-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startWithFleetServerPolicy();
});
afterEach(() => h.close());

const { post } = outputsApi(() => h);

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
    // Kibana's test matches the host's error inside 9.x's answer: the create schema is a schema.oneOf
    // of one object per output type, and every variant is reported (Kibana main: the host's error alone)
    expect(res.body.message).toBe(
      [
        "[request body]: types that failed validation:",
        "- [request body.0.type]: expected value to equal [elasticsearch]",
        "- [request body.1.type]: expected value to equal [remote_elasticsearch]",
        "- [request body.2.hosts.0]: Host address must begin with a domain name or IP address",
        "- [request body.3.type]: expected value to equal [kafka]",
      ].join("\n"),
    );
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

  /** Two outputs created with `flag`: Kibana moves the flag to the second. */
  async function expectSecondTakes(flag: "is_default" | "is_default_monitoring", names: [string, string]) {
    const create = (name: string) =>
      post({ name, type: "elasticsearch", hosts: ["https://test.fr"], [flag]: true });
    await create(names[0]);
    const second = await create(names[1]);
    const list = await h.api.request("GET", "/api/fleet/outputs");
    const holders = list.body.items.filter((o: any) => o[flag]);
    expect(holders.map((o: any) => o.id)).toEqual([second.body.item.id]);
  }

  it("should toggle the default output when creating a new one", async () => {
    await expectSecondTakes("is_default", ["default output 1", "default output 2"]);
  });

  it("should toggle default monitoring output when creating a new default monitoring output", async () => {
    await expectSecondTakes("is_default_monitoring", ["m1", "m2"]);
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
