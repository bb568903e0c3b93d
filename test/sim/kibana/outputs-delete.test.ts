/**
 * Kibana's own output API tests, ported: x-pack/platform/test/fleet_api_integration/apis/outputs/crud.ts
 * (describe 'fleet_outputs_crud'), its DELETE tests. Each test names the Kibana test it ports; fixtures in
 * outputs-fixtures.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness } from "../helpers.js";
import { kafka, outputsApi, startWithFleetServerPolicy } from "./outputs-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startWithFleetServerPolicy();
});
afterEach(() => h.close());

const { post } = outputsApi(() => h);

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
