// What Kibana's output service fills in, refuses and keeps on create and update.
// Sources: x-pack/platform/plugins/shared/fleet/server/services/output.ts (create, update),
// .../fleet/common/services/output_helpers.ts (outputYmlIncludesReservedPerformanceKey,
// getDefaultPresetForEsOutput), .../fleet/common/constants/output.ts (RESERVED_CONFIG_YML_KEYS),
// .../fleet/server/services/secrets/outputs.ts (extractAndUpdateOutputSecrets),
// .../fleet/server/services/secrets/common.ts (extractAndUpdateSOSecrets, diffSOSecretPaths) and
// core's saved-objects mergeForUpdate (@kbn/core-saved-objects-api-server-internal, merge_for_update.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const es = (extra: object = {}) => ({
  name: "es",
  type: "elasticsearch",
  hosts: ["https://es:9200"],
  ...extra,
});
const kafka = (extra: object = {}) => ({
  name: "k",
  type: "kafka",
  hosts: ["kafka:9092"],
  auth_type: "none",
  topic: "t",
  ...extra,
});
const create = async (id: string, body: object) =>
  (await h.api.request("POST", "/api/fleet/outputs", { body: { id, ...body } })).body.item;
const update = (id: string, body: object) => call(h.api, "PUT", `/api/fleet/outputs/${id}`, body);
const read = async (id: string) => (await h.api.request("GET", `/api/fleet/outputs/${id}`)).body.item;

const BALANCED_REFUSED =
  "preset cannot be balanced when config_yaml contains one of bulk_max_size, compression_level, connection_idle_timeout, queue.mem.events, queue.mem.flush.min_events, queue.mem.flush.timeout, worker";

describe("kafka partition group_events", () => {
  it("is not filled by an update that switches an existing kafka output to round_robin", async () => {
    await create("k", kafka());
    expect((await update("k", kafka({ partition: "round_robin" }))).status).toBe(200);
    expect((await read("k")).round_robin ?? null).toBeNull();
  });
});

describe("elasticsearch output preset", () => {
  it("is custom on create when config_yaml sets a performance key in nested form", async () => {
    const item = await create("o", es({ config_yaml: "queue:\n  mem:\n    flush:\n      timeout: 5s\n" }));
    expect(item.preset).toBe("custom");
  });

  it("is refused as balanced on create when config_yaml sets a performance key", async () => {
    const res = await call(
      h.api,
      "POST",
      "/api/fleet/outputs",
      es({ preset: "balanced", config_yaml: "worker: 4" }),
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(BALANCED_REFUSED);
  });

  it("is refused as balanced on update when the body's config_yaml sets a performance key", async () => {
    await create("o", es());
    const res = await update("o", { preset: "balanced", config_yaml: "compression_level: 3" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(BALANCED_REFUSED);
  });
});

describe("output secrets on update", () => {
  it("keeps the reference of a kafka password the update no longer sends, although auth_type is none", async () => {
    await create("k", kafka({ auth_type: "user_pass", username: "u", secrets: { password: "pw" } }));
    expect((await update("k", kafka())).status).toBe(200);
    expect((await read("k")).secrets?.password).toEqual({ id: expect.any(String) });
  });

  it("drops every secret reference when the update sends secrets as an empty object", async () => {
    await create("o", es({ secrets: { ssl: { key: "KEY" } } }));
    expect((await update("o", { ...es(), secrets: {} })).status).toBe(200);
    expect((await read("o")).secrets ?? {}).toEqual({});
  });
});

describe("kafka fields an update names the type without", () => {
  it("clears the SASL mechanism when the body says type kafka but sends no sasl", async () => {
    await create("k", kafka({ auth_type: "user_pass", username: "u", password: "p" }));
    expect((await read("k")).sasl).toEqual({ mechanism: "PLAIN" });
    await update("k", kafka({ auth_type: "user_pass", username: "u", password: "p" }));
    expect((await read("k")).sasl ?? null).toBeNull();
  });
});
