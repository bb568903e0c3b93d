/**
 * Kibana's own Fleet settings API tests, ported: x-pack/platform/test/fleet_api_integration/apis/settings/
 * get.ts ('Settings - get') and global_settings.ts ('Global Settings'), and the older
 * x-pack/test/fleet_api_integration/apis/settings/get.ts and update.ts (Kibana 8.x), with what the
 * handler does that those tests leave out (FLEET/server/services/settings.ts `saveSettings`).
 *
 * Not ported: update.ts's assertions are `describe.skip` since Fleet Server hosts left the settings
 * (elastic/kibana#137785), except the revision bump (below); global_settings.ts's "should reindex
 * knowledge base" is Kibana main (`integration_knowledge_enabled`), which 9.x's PUT schema does not
 * define: 9.x is followed and refuses the key; enrollment.ts and enrollment_privileges.ts test
 * `/internal/fleet/settings/enrollment`, an internal route no client of the public API calls.
 */
import { afterEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";

let h: Harness;
afterEach(() => h.close());

const getSettings = async () => (await h.api.request("GET", "/api/fleet/settings")).body.item;
const putSettings = (body: object) => call(h.api, "PUT", "/api/fleet/settings", body);
const revisionOf = async (id: string) =>
  (await h.api.request("GET", `/api/fleet/agent_policies/${id}`)).body.item.revision as number;
const createPolicy = async (name: string) =>
  (await h.api.request("POST", "/api/fleet/agent_policies", { body: { name, namespace: "default" } })).body
    .item.id as string;

describe("Kibana settings/get.ts and global_settings.ts", () => {
  it("should respond return settings", async () => {
    h = await startHarness();
    const res = await call(h.api, "GET", "/api/fleet/settings");
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({
      id: "fleet-default-settings",
      version: expect.any(String),
      prerelease_integrations_enabled: false,
      preconfigured_fields: [],
    });
  });

  it("should allow to save settings", async () => {
    h = await startHarness();
    expect((await putSettings({ prerelease_integrations_enabled: true })).status).toBe(200);
    expect((await getSettings()).prerelease_integrations_enabled).toBe(true);
  });

  // Kibana 9.3 (elastic/kibana#239977); 8.x before 8.19.7, 9.0, 9.1 before 9.1.7 and 9.2 still bump (below)
  it("should not bump revision", async () => {
    h = await startHarness();
    const id = await createPolicy("test policy");
    const before = await revisionOf(id);
    await putSettings({ prerelease_integrations_enabled: true });
    expect(await revisionOf(id)).toBe(before);
  });
});

describe("Kibana saveSettings: the PUT merges and answers what it wrote", () => {
  it("keeps the settings the body leaves out", async () => {
    h = await startHarness();
    await putSettings({ prerelease_integrations_enabled: true });
    await putSettings({ delete_unenrolled_agents: { enabled: true, is_preconfigured: false } });
    expect(await getSettings()).toMatchObject({
      prerelease_integrations_enabled: true,
      delete_unenrolled_agents: { enabled: true, is_preconfigured: false },
    });
  });

  it("answers only the id and the fields sent (the saved-object update's attributes)", async () => {
    h = await startHarness();
    const res = await putSettings({ prerelease_integrations_enabled: true });
    expect(res.body).toEqual({
      item: { id: "fleet-default-settings", prerelease_integrations_enabled: true },
    });
  });

  it("gives the settings a new version on each update", async () => {
    h = await startHarness();
    const before = (await getSettings()).version;
    await putSettings({ prerelease_integrations_enabled: true });
    expect((await getSettings()).version).not.toBe(before);
  });

  it("refuses a change to delete_unenrolled_agents once it is preconfigured, with Kibana's text", async () => {
    h = await startHarness();
    // the body schema lets a request mark it preconfigured, as kibana.yml's enableDeleteUnenrolledAgents does
    await putSettings({ delete_unenrolled_agents: { enabled: true, is_preconfigured: true } });
    const res = await putSettings({ delete_unenrolled_agents: { enabled: false, is_preconfigured: false } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Setting delete_unenrolled_agents is preconfigured as 'enableDeleteUnenrolledAgents' and cannot be updated outside of kibana config file.",
    );
    expect((await getSettings()).delete_unenrolled_agents).toEqual({ enabled: true, is_preconfigured: true });
  });

  it("still updates the other settings while delete_unenrolled_agents is preconfigured", async () => {
    h = await startHarness();
    await putSettings({ delete_unenrolled_agents: { enabled: true, is_preconfigured: true } });
    expect((await putSettings({ prerelease_integrations_enabled: true })).status).toBe(200);
  });

  it("refuses a key the 9.x body schema does not define (integration_knowledge_enabled is Kibana main)", async () => {
    h = await startHarness();
    const res = await putSettings({ integration_knowledge_enabled: true });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "[request body.integration_knowledge_enabled]: definition for this key is missing",
    );
  });
});

describe("Kibana 8.x: settings/get.ts and update.ts of x-pack/test", () => {
  it("should respond with fleet_server_hosts (8.x lists every Fleet Server host's URLs)", async () => {
    h = await startHarness({ kibanaVersion: "8.15.2", profile: "no-fleet-server" });
    await h.api.request("POST", "/api/fleet/fleet_server_hosts", {
      body: {
        id: "test-default-123",
        name: "Default",
        is_default: true,
        host_urls: ["https://test.com:8080", "https://test.com:8081"],
      },
    });
    expect((await getSettings()).fleet_server_hosts).toEqual([
      "https://test.com:8080",
      "https://test.com:8081",
    ]);
  });

  it("should bump all agent policy's revision (before 8.19.7)", async () => {
    h = await startHarness({ kibanaVersion: "8.19.0" });
    const ids = [await createPolicy("test 1"), await createPolicy("test2")];
    const before = await Promise.all(ids.map(revisionOf));
    await putSettings({ prerelease_integrations_enabled: true });
    expect(await Promise.all(ids.map(revisionOf))).toEqual(before.map((r) => r + 1));
  });

  it("accepts fleet_server_hosts in the body, normalized in the answer, without changing the Fleet Server hosts", async () => {
    h = await startHarness({ kibanaVersion: "8.12.2" });
    const hostsBefore = (await getSettings()).fleet_server_hosts;
    const res = await putSettings({ fleet_server_hosts: ["https://test.fr"] });
    expect(res.status).toBe(200);
    expect(res.body.item.fleet_server_hosts).toEqual(["https://test.fr:443"]);
    expect((await getSettings()).fleet_server_hosts).toEqual(hostsBefore);
  });

  it("has no delete_unenrolled_agents before 8.16: neither answered nor accepted", async () => {
    h = await startHarness({ kibanaVersion: "8.15.2" });
    expect(Object.keys(await getSettings())).not.toContain("delete_unenrolled_agents");
    const res = await putSettings({ delete_unenrolled_agents: { enabled: true, is_preconfigured: false } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "[request body.delete_unenrolled_agents]: definition for this key is missing",
    );
  });

  it("9.x neither lists nor accepts fleet_server_hosts (elastic/kibana#198799)", async () => {
    h = await startHarness({ kibanaVersion: "9.0.0" });
    expect(Object.keys(await getSettings())).not.toContain("fleet_server_hosts");
    const res = await putSettings({ fleet_server_hosts: ["https://test.fr"] });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("[request body.fleet_server_hosts]: definition for this key is missing");
  });
});

/**
 * The bump was removed in 9.3.0 and backported to 9.1 and 8.19 (src/sim/resources/settings.ts says
 * why 8.19.7 and 9.1.7 are the patch boundaries); the 9.0 and 9.2 lines keep it.
 */
describe.each([
  ["8.12.2", 1],
  ["8.19.6", 1],
  ["8.19.7", 0],
  ["9.0.8", 1],
  ["9.1.6", 1],
  ["9.1.7", 0],
  ["9.2.3", 1],
  ["9.3.0", 0],
])("a settings update on Kibana %s", (version, bump) => {
  it(`adds ${bump} to every agent policy's revision`, async () => {
    h = await startHarness({ kibanaVersion: version });
    const id = await createPolicy("test 1");
    const before = await revisionOf(id);
    await putSettings({ has_seen_add_data_notice: true });
    expect(await revisionOf(id)).toBe(before + bump);
  });
});
