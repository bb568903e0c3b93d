/**
 * Every-operation contract suite (../operations.test.ts), last topics: Cases settings, then agent policies,
 * package policies, outputs and Cases settings under /s/{space_id}.
 */
import { describe, expect, it } from "vitest";
import { expectValidated } from "../../support/sim-contract.js";
import { NGINX_SIMPLIFIED, type SuiteHarness } from "./fixtures.js";

export function describeCasesAndSpaces(h: SuiteHarness): void {
  describe("Cases settings", () => {
    let configurationId = "";
    let version = "";

    it("GET /api/cases/configure (none yet)", async () => {
      const res = await h().call("GET", "/api/cases/configure", { query: { owner: "securitySolution" } });
      expect(res.body).toEqual([]);
    });

    it("POST /api/cases/configure", async () => {
      const res = await h().call("POST", "/api/cases/configure", {
        body: {
          owner: "securitySolution",
          closure_type: "close-by-user",
          connector: { id: "none", name: "none", type: ".none", fields: null },
          customFields: [{ key: "ticket", label: "Ticket", type: "text", required: false }],
        },
      });
      configurationId = res.body.id;
      version = res.body.version;
      expect(configurationId).toBeTruthy();
    });

    it("GET /api/cases/configure", async () => {
      const res = await h().call("GET", "/api/cases/configure", { query: { owner: "securitySolution" } });
      expect(res.body.map((c: any) => c.id)).toEqual([configurationId]);
    });

    it("PATCH /api/cases/configure/{configurationId}", async () => {
      const res = await h().call("PATCH", `/api/cases/configure/${configurationId}`, {
        body: { version, closure_type: "close-by-pushing" },
      });
      expect(res.body.closure_type).toBe("close-by-pushing");
    });

    it("GET /api/cases/configure/connectors/_find", async () => {
      const res = await h().call("GET", "/api/cases/configure/connectors/_find");
      expect(Array.isArray(res.body)).toBe(true);
    });

    it("GET /api/cases/configure without credentials → 401 (validated)", async () => {
      const res = await h().call("GET", "/api/cases/configure", { noAuth: true, status: 401 });
      expectValidated(res);
    });
  });

  describe("under /s/{space_id}", () => {
    it("agent policies, package policies and outputs in space team-a", async () => {
      const team = h().client("team-a");
      await h().call("POST", "/api/fleet/agent_policies", {
        client: team,
        body: { id: "team-a-linux", name: "Team A Linux", namespace: "team_a" },
      });
      await h().call("GET", "/api/fleet/agent_policies/team-a-linux", { client: team });
      const list = await h().call("GET", "/api/fleet/agent_policies", { client: team });
      expect(list.body.items.map((p: any) => p.id)).toContain("team-a-linux");
      await h().call("POST", "/api/fleet/package_policies", {
        client: team,
        body: { ...NGINX_SIMPLIFIED, id: "team-a-nginx", name: "team-a-nginx", policy_ids: ["team-a-linux"] },
      });
      await h().call("GET", "/api/fleet/package_policies", { client: team, query: { format: "simplified" } });
      await h().call("GET", "/api/fleet/outputs", { client: team });
    });

    it("Cases settings in space team-a", async () => {
      const team = h().client("team-a");
      await h().call("POST", "/api/cases/configure", {
        client: team,
        body: {
          owner: "cases",
          closure_type: "close-by-user",
          connector: { id: "none", name: "none", type: ".none", fields: null },
        },
      });
      const res = await h().call("GET", "/api/cases/configure", { client: team, query: { owner: "cases" } });
      expect(res.body).toHaveLength(1);
    });
  });
}
