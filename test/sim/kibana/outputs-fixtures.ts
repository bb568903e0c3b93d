/**
 * The fixtures of Kibana's output API tests (x-pack/platform/test/fleet_api_integration/apis/outputs/
 * crud.ts, describe 'fleet_outputs_crud'), shared by the ported tests (outputs-*.test.ts). Kibana's
 * fixture package `filetest` is replaced by the simulator's real `nginx` package. Kafka bodies use 9.x's
 * `topic` string where the older copy of the test sends the pre-9.0 `topics: [{topic}]` list (gone from
 * the 9.x schema).
 */
import { call, type Harness, startHarness } from "../helpers.js";

export const DEFAULT = "fleet-default-output";

/** Kibana's fixture: a Fleet Server policy named "Fleet Server policy 1" on the default output. */
export async function startWithFleetServerPolicy(): Promise<Harness> {
  const h = await startHarness({ profile: "no-fleet-server" });
  await h.api.request("POST", "/api/fleet/agent_policies", {
    body: { id: "fs-1", name: "Fleet Server policy 1", namespace: "default", has_fleet_server: true },
  });
  return h;
}

/** POST and PUT of outputs through the harness `harness()` returns at call time. */
export function outputsApi(harness: () => Harness) {
  return {
    post: (body: object) => call(harness().api, "POST", "/api/fleet/outputs", body),
    put: (id: string, body: object) => call(harness().api, "PUT", `/api/fleet/outputs/${id}`, body),
  };
}

export const ssl = { certificate: "CERTIFICATE", key: "KEY", certificate_authorities: ["CA1", "CA2"] };
export const logstash = (extra: object = {}) => ({
  name: "My Logstash Output",
  type: "logstash",
  hosts: ["test.fr:443"],
  ssl,
  ...extra,
});
export const kafka = (extra: object = {}) => ({
  name: "My Kafka Output",
  type: "kafka",
  hosts: ["test.fr:2000"],
  auth_type: "user_pass",
  username: "user",
  password: "pass",
  topic: "topic1",
  ...extra,
});
export const shipper = {
  disk_queue_enabled: true,
  disk_queue_path: "path/to/disk/queue",
  disk_queue_encryption_enabled: true,
};
export const withoutId = ({ id: _id, ...rest }: any) => rest;
