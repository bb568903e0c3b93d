/**
 * Every-operation contract suite (../operations.test.ts), first topics: status, Fleet settings, and the
 * proxies, download sources and Fleet Server hosts the later topics' outputs and agent policies use.
 */
import { describe, expect, it } from "vitest";
import { expectValidated } from "../../support/sim-contract.js";
import type { SuiteHarness } from "./fixtures.js";

export function describeSettingsAndHosts(h: SuiteHarness): void {
  describe("status", () => {
    it("GET /api/status", async () => {
      const res = await h().call("GET", "/api/status");
      expectValidated(res);
    });
  });

  describe("Fleet settings", () => {
    it("GET /api/fleet/settings", async () => {
      const res = await h().call("GET", "/api/fleet/settings");
      expect(res.body.item).toBeDefined();
    });

    it("PUT /api/fleet/settings", async () => {
      const res = await h().call("PUT", "/api/fleet/settings", {
        body: { prerelease_integrations_enabled: false, has_seen_add_data_notice: true },
      });
      expect(res.body.item.prerelease_integrations_enabled).toBe(false);
    });

    it("PUT /api/fleet/settings with an unknown key → 400 (validated)", async () => {
      const res = await h().call("PUT", "/api/fleet/settings", {
        body: { no_such: true },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });
  });

  describe("proxies", () => {
    it("POST /api/fleet/proxies", async () => {
      const res = await h().call("POST", "/api/fleet/proxies", {
        body: {
          id: "corp-proxy",
          name: "Corporate proxy",
          url: "http://proxy.corp.example.com:3128",
          proxy_headers: { "X-Fleet": "fleetform" },
        },
      });
      expect(res.body.item.id).toBe("corp-proxy");
      await h().call("POST", "/api/fleet/proxies", {
        body: { id: "spare-proxy", name: "Spare proxy", url: "https://spare.example.com:3128" },
      });
    });

    it("GET /api/fleet/proxies", async () => {
      const res = await h().call("GET", "/api/fleet/proxies");
      expect(res.body.items.map((p: any) => p.id)).toContain("corp-proxy");
    });

    it("GET /api/fleet/proxies/{itemId}", async () => {
      const res = await h().call("GET", "/api/fleet/proxies/corp-proxy");
      expect(res.body.item.url).toBe("http://proxy.corp.example.com:3128");
    });

    it("PUT /api/fleet/proxies/{itemId}", async () => {
      const res = await h().call("PUT", "/api/fleet/proxies/corp-proxy", {
        body: {
          name: "Corporate proxy (EU)",
          url: "http://proxy.eu.corp.example.com:3128",
          proxy_headers: null,
          certificate_authorities: null,
          certificate: null,
          certificate_key: null,
        },
      });
      expect(res.body.item.name).toBe("Corporate proxy (EU)");
    });

    it("POST /api/fleet/proxies with an ftp:// url → 400 (validated)", async () => {
      const res = await h().call("POST", "/api/fleet/proxies", {
        body: { id: "bad-proxy", name: "Bad", url: "ftp://proxy.example.com" },
        status: 400,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/proxies/{itemId}", async () => {
      const res = await h().call("DELETE", "/api/fleet/proxies/spare-proxy");
      expect(res.body.id).toBe("spare-proxy");
    });
  });

  describe("agent binary download sources", () => {
    it("POST /api/fleet/agent_download_sources", async () => {
      const res = await h().call("POST", "/api/fleet/agent_download_sources", {
        body: {
          id: "corp-downloads",
          name: "Corporate mirror",
          host: "https://artifacts.corp.example.com/downloads/",
          proxy_id: "corp-proxy",
        },
      });
      expect(res.body.item.id).toBe("corp-downloads");
      await h().call("POST", "/api/fleet/agent_download_sources", {
        body: { id: "spare-downloads", name: "Spare mirror", host: "https://spare.example.com/downloads/" },
      });
    });

    it("GET /api/fleet/agent_download_sources", async () => {
      const res = await h().call("GET", "/api/fleet/agent_download_sources");
      expect(res.body.items.map((s: any) => s.id)).toEqual(
        expect.arrayContaining(["fleet-default-download-source", "corp-downloads"]),
      );
    });

    it("GET /api/fleet/agent_download_sources/{sourceId}", async () => {
      const res = await h().call("GET", "/api/fleet/agent_download_sources/corp-downloads");
      expect(res.body.item.proxy_id).toBe("corp-proxy");
    });

    it("PUT /api/fleet/agent_download_sources/{sourceId}", async () => {
      const res = await h().call("PUT", "/api/fleet/agent_download_sources/corp-downloads", {
        body: {
          name: "Corporate mirror",
          host: "https://mirror.corp.example.com/downloads/",
          is_default: false,
        },
      });
      expect(res.body.item.host).toBe("https://mirror.corp.example.com/downloads/");
    });

    it("POST /api/fleet/agent_download_sources with a taken name → 400 (validated)", async () => {
      const res = await h().call("POST", "/api/fleet/agent_download_sources", {
        body: { id: "dup-downloads", name: "Corporate mirror", host: "https://dup.example.com/downloads/" },
        status: 400,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/agent_download_sources/{sourceId}", async () => {
      const res = await h().call("DELETE", "/api/fleet/agent_download_sources/spare-downloads");
      expect(res.body.id).toBe("spare-downloads");
    });

    it("DELETE of the default download source → 400 (validated)", async () => {
      const res = await h().call(
        "DELETE",
        "/api/fleet/agent_download_sources/fleet-default-download-source",
        {
          status: 400,
        },
      );
      expectValidated(res);
    });
  });

  describe("Fleet Server hosts", () => {
    it("POST /api/fleet/fleet_server_hosts", async () => {
      const res = await h().call("POST", "/api/fleet/fleet_server_hosts", {
        body: {
          id: "corp-fleet-server",
          name: "Corporate Fleet Server",
          host_urls: ["https://fleet.corp.example.com:8220"],
          is_default: false,
          proxy_id: "corp-proxy",
        },
      });
      expect(res.body.item.id).toBe("corp-fleet-server");
      await h().call("POST", "/api/fleet/fleet_server_hosts", {
        body: { id: "spare-fleet-server", name: "Spare", host_urls: ["https://spare.example.com:8220"] },
      });
    });

    it("GET /api/fleet/fleet_server_hosts", async () => {
      const res = await h().call("GET", "/api/fleet/fleet_server_hosts");
      expect(res.body.items.map((s: any) => s.id)).toContain("corp-fleet-server");
    });

    it("GET /api/fleet/fleet_server_hosts/{itemId}", async () => {
      const res = await h().call("GET", "/api/fleet/fleet_server_hosts/corp-fleet-server");
      expect(res.body.item.host_urls).toEqual(["https://fleet.corp.example.com:8220"]);
    });

    it("PUT /api/fleet/fleet_server_hosts/{itemId}", async () => {
      const res = await h().call("PUT", "/api/fleet/fleet_server_hosts/corp-fleet-server", {
        body: {
          name: "Corporate Fleet Server",
          host_urls: ["https://fleet.corp.example.com:8220", "https://fleet2.corp.example.com:8220"],
          proxy_id: null,
        },
      });
      expect(res.body.item.host_urls).toHaveLength(2);
    });

    it("PUT /api/fleet/fleet_server_hosts/{itemId} with an unknown key → 400 (validated)", async () => {
      const res = await h().call("PUT", "/api/fleet/fleet_server_hosts/corp-fleet-server", {
        body: { proxy_id: null, revision: 3 },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/fleet_server_hosts/{itemId}", async () => {
      const res = await h().call("DELETE", "/api/fleet/fleet_server_hosts/spare-fleet-server");
      expect(res.body.id).toBe("spare-fleet-server");
    });
  });
}
