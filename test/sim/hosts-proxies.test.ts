import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("proxies", () => {
  it("sets omitted nullable fields to null on PUT", async () => {
    await h.api.request("POST", "/api/fleet/proxies", {
      body: { id: "px", name: "px", url: "http://px:3128", certificate: "CERT", proxy_headers: { a: "b" } },
    });
    const res = await h.api.request("PUT", "/api/fleet/proxies/px", { body: { name: "px2" } });
    expect(res.body.item).toMatchObject({
      name: "px2",
      certificate: null,
      certificate_authorities: null,
      certificate_key: null,
      proxy_headers: null,
    });
  });

  it("refuses a non-http(s)/socks5 url", async () => {
    const res = await call(h.api, "POST", "/api/fleet/proxies", { name: "x", url: "ftp://x" });
    expect(res.status).toBe(400);
  });

  it("deleting a proxy nulls proxy_id of outputs that use it", async () => {
    await h.api.request("POST", "/api/fleet/proxies", {
      body: { id: "px", name: "px", url: "http://px:3128" },
    });
    await h.api.request("POST", "/api/fleet/outputs", {
      body: { id: "o", name: "o", type: "elasticsearch", hosts: ["http://e:9200"], proxy_id: "px" },
    });
    expect((await h.api.request("DELETE", "/api/fleet/proxies/px")).body).toEqual({ id: "px" });
    const o = await h.api.request("GET", "/api/fleet/outputs/o");
    expect(o.body.item.proxy_id).toBeNull();
  });

  it("answers 404 with Kibana's texts for GET and PUT of an unknown proxy", async () => {
    expect((await call(h.api, "GET", "/api/fleet/proxies/none")).body.message).toBe(
      "Fleet proxy none not found",
    );
    expect((await call(h.api, "PUT", "/api/fleet/proxies/none", { name: "n" })).body.message).toBe(
      "Proxy none not found",
    );
  });
});

describe("download sources", () => {
  it("seeds the default Elastic Artifacts source", async () => {
    const res = await h.api.request("GET", "/api/fleet/agent_download_sources/fleet-default-download-source");
    expect(res.body.item).toMatchObject({
      name: "Elastic Artifacts",
      host: "https://artifacts.elastic.co/downloads/",
      is_default: true,
    });
  });

  it("refuses a duplicate name with 400", async () => {
    const res = await call(h.api, "POST", "/api/fleet/agent_download_sources", {
      name: "Elastic Artifacts",
      host: "https://mirror.example.com/",
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Download Source 'fleet-default-download-source' already exists with name 'Elastic Artifacts'",
    );
  });

  it("un-defaults the default source on a PUT that omits is_default", async () => {
    const res = await h.api.request(
      "PUT",
      "/api/fleet/agent_download_sources/fleet-default-download-source",
      {
        body: { name: "Elastic Artifacts", host: "https://artifacts.elastic.co/downloads/" },
      },
    );
    expect(res.body.item.is_default).toBe(false);
  });

  it("refuses to delete the default source", async () => {
    const res = await call(
      h.api,
      "DELETE",
      "/api/fleet/agent_download_sources/fleet-default-download-source",
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Default Download source fleet-default-download-source cannot be deleted.");
  });

  it("refuses to delete a source a hosted agent policy uses, as the policy update it makes is refused", async () => {
    // download_source.ts delete → agentPolicyService.removeDefaultSourceFromAll: a normal update
    // without force, which a hosted (is_managed) policy answers with HostedAgentPolicyRestrictionRelatedError.
    await h.api.request("POST", "/api/fleet/agent_download_sources", {
      body: { id: "m", name: "m", host: "https://m.example.com/" },
    });
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "hosted", name: "hosted", namespace: "default", is_managed: true, download_source_id: "m" },
    });
    const res = await call(h.api, "DELETE", "/api/fleet/agent_download_sources/m");
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^Cannot update download_source_id in Fleet because the agent policy is managed/,
    );
    expect((await call(h.api, "GET", "/api/fleet/agent_download_sources/m")).status).toBe(200);
  });

  it("refuses an unknown proxy_id", async () => {
    const res = await call(h.api, "POST", "/api/fleet/agent_download_sources", {
      name: "m",
      host: "https://m.example.com/",
      proxy_id: "ghost",
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Error checking proxy_id: Saved object [fleet-proxy/ghost] not found");
  });

  it("switches the default when a new default is created", async () => {
    await h.api.request("POST", "/api/fleet/agent_download_sources", {
      body: { id: "m", name: "m", host: "https://m.example.com/", is_default: true },
    });
    const list = await h.api.request("GET", "/api/fleet/agent_download_sources");
    expect(list.body.items.filter((s: any) => s.is_default).map((s: any) => s.id)).toEqual(["m"]);
  });
});

describe("fleet server hosts", () => {
  it("seeds the default Fleet Server host", async () => {
    const res = await h.api.request("GET", "/api/fleet/fleet_server_hosts");
    expect(res.body.items.map((x: any) => x.id)).toEqual(["fleet-default-fleet-server-host"]);
  });

  it("normalises host_urls with explicit ports", async () => {
    const res = await h.api.request("POST", "/api/fleet/fleet_server_hosts", {
      body: { id: "f", name: "f", host_urls: ["https://fleet.example.com"] },
    });
    expect(res.body.item.host_urls).toEqual(["https://fleet.example.com:443"]);
  });

  it("refuses to delete the default host with 403", async () => {
    const res = await call(h.api, "DELETE", "/api/fleet/fleet_server_hosts/fleet-default-fleet-server-host");
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      "Default Fleet Server hosts fleet-default-fleet-server-host cannot be deleted.",
    );
  });

  it("refuses to delete a host a hosted agent policy uses, as the policy update it makes is refused", async () => {
    // fleet_server_host.ts delete → agentPolicyService.removeFleetServerHostFromAll: a normal update
    // without force, which a hosted (is_managed) policy answers with HostedAgentPolicyRestrictionRelatedError.
    await h.api.request("POST", "/api/fleet/fleet_server_hosts", {
      body: { id: "f", name: "f", host_urls: ["https://f:8220"] },
    });
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: {
        id: "hosted",
        name: "hosted",
        namespace: "default",
        is_managed: true,
        fleet_server_host_id: "f",
      },
    });
    const res = await call(h.api, "DELETE", "/api/fleet/fleet_server_hosts/f");
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^Cannot update fleet_server_host_id in Fleet because the agent policy is managed/,
    );
    expect((await call(h.api, "GET", "/api/fleet/fleet_server_hosts/f")).status).toBe(200);
  });

  it("clears proxy_id when a PUT omits it", async () => {
    await h.api.request("POST", "/api/fleet/proxies", {
      body: { id: "px", name: "px", url: "http://px:3128" },
    });
    await h.api.request("POST", "/api/fleet/fleet_server_hosts", {
      body: { id: "f", name: "f", host_urls: ["https://f:8220"], proxy_id: "px" },
    });
    const res = await h.api.request("PUT", "/api/fleet/fleet_server_hosts/f", { body: { name: "f2" } });
    expect(res.body.item.proxy_id).toBeNull();
  });
});

describe("settings", () => {
  it("reports secret storage enabled with Fleet Server set up", async () => {
    const res = await h.api.request("GET", "/api/fleet/settings");
    expect(res.body.item).toMatchObject({
      id: "fleet-default-settings",
      secret_storage_requirements_met: true,
      output_secret_storage_requirements_met: true,
    });
  });

  it("applies PUT as a partial update and changes the version", async () => {
    const before = await h.api.request("GET", "/api/fleet/settings");
    await h.api.request("PUT", "/api/fleet/settings", { body: { prerelease_integrations_enabled: true } });
    const after = await h.api.request("GET", "/api/fleet/settings");
    expect(after.body.item.prerelease_integrations_enabled).toBe(true);
    expect(after.body.item.secret_storage_requirements_met).toBe(true);
    expect(after.body.item.version).not.toBe(before.body.item.version);
  });
});
