/**
 * Kibana's own API tests of Fleet Server hosts, agent binary download sources and proxies, ported:
 * x-pack/platform/test/fleet_api_integration/apis/fleet_server_hosts/crud.ts ('fleet_fleet_server_hosts_crud'),
 * .../download_sources/crud.ts ('fleet_download_sources_crud'), .../fleet_proxies/crud.ts ('fleet_proxies_crud').
 * The download-source `auth` tests are Kibana main (9.4) and not in the 9.x schema: not ported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";

let h: Harness;
afterEach(() => h.close());

const hosts = ["https://test.fr:8080", "https://test.fr:8081"];
const fshSsl = {
  certificate_authorities: ["cert authorities"],
  certificate: "path/to/cert",
  es_certificate: "path/to/EScert",
  es_certificate_authorities: ["ES cert authorities"],
};

describe("Kibana fleet_server_hosts/crud.ts", () => {
  let defaultId: string;
  beforeEach(async () => {
    h = await startHarness({ profile: "no-fleet-server" });
    const res = await h.api.request("POST", "/api/fleet/fleet_server_hosts", {
      body: { name: "Default", is_default: true, host_urls: hosts },
    });
    defaultId = res.body.item.id;
  });
  const post = (body: object) => call(h.api, "POST", "/api/fleet/fleet_server_hosts", body);

  it("should return the requested fleet server host", async () => {
    const res = await h.api.request("GET", `/api/fleet/fleet_server_hosts/${defaultId}`);
    expect(res.body).toEqual({
      item: { id: defaultId, name: "Default", is_default: true, host_urls: hosts, is_preconfigured: false },
    });
  });

  it("should return a 404 when retrieving a non existing fleet server host", async () => {
    expect((await call(h.api, "GET", "/api/fleet/fleet_server_hosts/idonotexists")).status).toBe(404);
  });

  it("should not unset default fleet server host on id conflict", async () => {
    await post({ id: "test-1", name: "Default 1", host_urls: hosts, is_default: true });
    expect((await post({ id: "test-1", name: "Default 2", host_urls: hosts, is_default: true })).status).toBe(
      409,
    );
    const res = await h.api.request("GET", "/api/fleet/fleet_server_hosts/test-1");
    expect(res.body.item.is_default).toBe(true);
  });

  it("should not allow ssl.key and secrets.ssl.key to be set at the same time", async () => {
    const res = await post({
      name: "Default 3",
      host_urls: hosts,
      ssl: { ...fshSsl, key: "KEY" },
      secrets: { ssl: { key: "KEY" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Cannot specify both ssl.key and secrets.ssl.key");
  });

  it("should not allow ssl.es_key and secrets.ssl.es_key to be set at the same time", async () => {
    const res = await post({
      name: "Default 4",
      host_urls: hosts,
      ssl: { ...fshSsl, es_key: "KEY" },
      secrets: { ssl: { es_key: "KEY" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Cannot specify both ssl.es_key and secrets.ssl.es_key");
  });

  it("should not store secrets if fleet server does not meet minimum version", async () => {
    const res = await post({
      name: "Default 5",
      host_urls: hosts,
      ssl: fshSsl,
      secrets: { ssl: { key: "KEY1", es_key: "KEY2" } },
    });
    expect(Object.keys(res.body.item)).not.toContain("secrets");
    expect(res.body.item.ssl.key).toBe("KEY1");
  });

  it("should allow to update an existing fleet server host with SSL options", async () => {
    await h.api.request("PUT", `/api/fleet/fleet_server_hosts/${defaultId}`, {
      body: { name: "Default", ssl: fshSsl },
    });
    const res = await h.api.request("GET", `/api/fleet/fleet_server_hosts/${defaultId}`);
    expect(res.body.item.ssl).toMatchObject(fshSsl);
  });

  it("should return a 404 when updating a non existing fleet server host", async () => {
    expect(
      (await call(h.api, "PUT", "/api/fleet/fleet_server_hosts/idonotexists", { name: "new host1" })).status,
    ).toBe(404);
  });
});

describe("Kibana fleet_server_hosts/crud.ts with Fleet Server set up", () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it("should store secrets if fleet server meets minimum version", async () => {
    const res = await h.api.request("POST", "/api/fleet/fleet_server_hosts", {
      body: {
        name: "Default 6",
        host_urls: hosts,
        ssl: fshSsl,
        secrets: { ssl: { key: "KEY1", es_key: "KEY2" } },
      },
    });
    expect(res.body.item.secrets.ssl.key.id).toEqual(expect.any(String));
    expect(res.body.item.secrets.ssl.es_key.id).toEqual(expect.any(String));
  });
});

describe("Kibana download_sources/crud.ts", () => {
  beforeEach(async () => {
    h = await startHarness({ profile: "no-fleet-server" });
  });
  const post = (body: object) => call(h.api, "POST", "/api/fleet/agent_download_sources", body);
  const DEFAULT = "fleet-default-download-source";

  it("should list the default download source host", async () => {
    const res = await h.api.request("GET", "/api/fleet/agent_download_sources");
    expect(res.body.items[0]).toEqual({
      id: DEFAULT,
      name: "Elastic Artifacts",
      is_default: true,
      host: "https://artifacts.elastic.co/downloads/",
    });
  });

  it("should allow to create a new download source host", async () => {
    const res = await post({ name: "My download source", host: "http://test.fr:443", is_default: false });
    const { id: _id, ...rest } = res.body.item;
    expect(rest).toEqual({ name: "My download source", host: "http://test.fr:443", is_default: false });
  });

  it("should return a 400 when passing a host that is not a valid uri", async () => {
    expect((await post({ name: "new host1", host: "not a valid uri", is_default: true })).status).toBe(400);
  });

  it("should not allow ssl.key and secrets.ssl.key to be set at the same time", async () => {
    const res = await post({
      name: "My download source",
      host: "http://test.fr:443",
      ssl: { certificate_authorities: ["/path/to/cert-authority"], certificate: "/path/to/cert", key: "KEY" },
      secrets: { ssl: { key: "KEY" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Cannot specify both ssl.key and secrets.ssl.key");
  });

  it("should not store SSL secrets if fleet server does not meet minimum version", async () => {
    const res = await post({ name: "ds", host: "http://test.fr:443", secrets: { ssl: { key: "KEY1" } } });
    expect(Object.keys(res.body.item)).not.toContain("secrets");
    expect(res.body.item.ssl.key).toBe("KEY1");
  });

  it("should allow to update an existing download source", async () => {
    await h.api.request("PUT", `/api/fleet/agent_download_sources/${DEFAULT}`, {
      body: { name: "new host1", host: "https://test.co:403", is_default: false },
    });
    const res = await h.api.request("GET", `/api/fleet/agent_download_sources/${DEFAULT}`);
    expect(res.body.item.host).toBe("https://test.co:403");
  });

  it("should return a 404 when updating a non existing download source", async () => {
    const res = await call(h.api, "PUT", "/api/fleet/agent_download_sources/idonotexists", {
      name: "new host1",
      host: "https://test.co",
      is_default: true,
    });
    expect(res.status).toBe(404);
  });
});

describe("Kibana download_sources/crud.ts with Fleet Server set up", () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it("should allow to resave ssl.key as secret if already existing", async () => {
    const ssl = { certificate_authorities: ["/path/to/cert-authority"], certificate: "path/to/cert" };
    const created = await h.api.request("POST", "/api/fleet/agent_download_sources", {
      body: { name: "ds", host: "http://test.fr:443", ssl: { ...ssl, key: "KEY1" } },
    });
    const res = await h.api.request("PUT", `/api/fleet/agent_download_sources/${created.body.item.id}`, {
      body: { name: "ds", host: "http://test.fr:443", ssl, secrets: { ssl: { key: "NEW_KEY" } } },
    });
    expect(res.body.item.secrets.ssl.key.id).toEqual(expect.any(String));
  });
});

describe("Kibana fleet_proxies/crud.ts", () => {
  beforeEach(async () => {
    h = await startHarness({ profile: "no-fleet-server" });
    await h.api.request("POST", "/api/fleet/proxies", {
      body: { id: "test-default-123", name: "Test 123", url: "https://test.fr:3232" },
    });
  });

  it("should return the requested fleet proxy", async () => {
    const res = await h.api.request("GET", "/api/fleet/proxies/test-default-123");
    expect(res.body).toEqual({
      item: {
        id: "test-default-123",
        name: "Test 123",
        url: "https://test.fr:3232",
        is_preconfigured: false,
      },
    });
  });

  it("should allow to update an existing fleet proxy (and redeploy the policies using it)", async () => {
    await h.api.request("POST", "/api/fleet/outputs", {
      body: {
        id: "test-output-123",
        name: "Test 123",
        type: "elasticsearch",
        hosts: ["http://es:9200"],
        proxy_id: "test-default-123",
      },
    });
    const ap = await h.api.request("POST", "/api/fleet/agent_policies", {
      body: {
        id: "test-policy-123",
        name: "Test 123",
        namespace: "default",
        data_output_id: "test-output-123",
      },
    });
    await h.api.request("PUT", "/api/fleet/proxies/test-default-123", {
      body: { name: "Test 123 updated", url: "https://testupdated.fr:3232" },
    });
    expect((await h.api.request("GET", "/api/fleet/proxies/test-default-123")).body.item.name).toBe(
      "Test 123 updated",
    );
    const after = await h.api.request("GET", "/api/fleet/agent_policies/test-policy-123");
    expect(after.body.item.revision).toBeGreaterThan(ap.body.item.revision);
  });

  it("should return a 404 when updating a non existing fleet proxy", async () => {
    expect((await call(h.api, "PUT", "/api/fleet/proxies/idonotexists", { name: "new name" })).status).toBe(
      404,
    );
  });
});
