/**
 * Every-operation contract suite (../operations.test.ts): packages (EPM) and package (integration)
 * policies, in the legacy and the simplified format, on the agent policy "linux-servers" of the
 * outputs-and-agent-policies topic.
 */
import { describe, expect, it } from "vitest";
import { expectValidated } from "../../support/sim-contract.js";
import { NGINX_SIMPLIFIED, type SuiteHarness } from "./fixtures.js";

/** Read-only fields of a legacy package policy GET that a PUT must not echo (behaviours doc §5). */
function legacyUpdateBody(item: Record<string, any>): Record<string, any> {
  const {
    id: _id,
    revision: _revision,
    created_at: _ca,
    created_by: _cb,
    updated_at: _ua,
    updated_by: _ub,
    secret_references: _sr,
    elasticsearch: _es,
    agents: _agents,
    spaceIds: _spaceIds,
    ...rest
  } = item;
  const { requires_root: _rr, fips_compatible: _fc, ...pkg } = rest.package ?? {};
  return {
    ...rest,
    package: pkg,
    inputs: (rest.inputs ?? []).map((input: Record<string, any>) => {
      const { id: _iid, compiled_input: _ci, ...i } = input;
      return {
        ...i,
        streams: (i.streams ?? []).map((stream: Record<string, any>) => {
          // compiled_stream stays: the legacy PUT schema requires it (Kibana recompiles it anyway).
          const { id: _sid, ...s } = stream;
          return s;
        }),
      };
    }),
  };
}

export function describeIntegrations(h: SuiteHarness): void {
  describe("packages (EPM)", () => {
    let nginxLatest = "";
    let secretPkg: { name: string; version: string } | undefined;

    it("GET /api/fleet/epm/packages", async () => {
      const res = await h().call("GET", "/api/fleet/epm/packages", { query: { prerelease: false } });
      const names = res.body.items.map((p: any) => p.name);
      expect(names).toEqual(expect.arrayContaining(["nginx", "system"]));
      nginxLatest = res.body.items.find((p: any) => p.name === "nginx").version;
      const other = res.body.items.find(
        (p: any) => !["nginx", "system", "fleet_server", "elastic_agent"].includes(p.name),
      );
      if (other) secretPkg = { name: other.name, version: other.version };
    });

    it("GET /api/fleet/epm/packages/{pkgName}/{pkgVersion}", async () => {
      const res = await h().call("GET", "/api/fleet/epm/packages/nginx/1.5.0");
      expect(res.body.item).toMatchObject({ name: "nginx", version: "1.5.0" });
    });

    it("POST /api/fleet/epm/packages/{pkgName}/{pkgVersion}", async () => {
      expect(nginxLatest).not.toBe("");
      const res = await h().call("POST", `/api/fleet/epm/packages/nginx/${nginxLatest}`, {
        body: { force: false },
      });
      expect(Array.isArray(res.body.items)).toBe(true);
    });

    it("DELETE /api/fleet/epm/packages/{pkgName}/{pkgVersion}", async () => {
      expect(
        secretPkg,
        "the catalog has a package besides nginx, system, fleet_server, elastic_agent",
      ).toBeDefined();
      await h().call("POST", `/api/fleet/epm/packages/${secretPkg!.name}/${secretPkg!.version}`);
      const res = await h().call(
        "DELETE",
        `/api/fleet/epm/packages/${secretPkg!.name}/${secretPkg!.version}`,
      );
      expect(Array.isArray(res.body.items)).toBe(true);
    });

    it("DELETE of a package that is not installed → 400 (validated)", async () => {
      const res = await h().call(
        "DELETE",
        `/api/fleet/epm/packages/${secretPkg!.name}/${secretPkg!.version}`,
        {
          status: 400,
        },
      );
      expectValidated(res);
    });
  });

  describe("package (integration) policies", () => {
    it("POST /api/fleet/package_policies (simplified body)", async () => {
      const res = await h().call("POST", "/api/fleet/package_policies", { body: NGINX_SIMPLIFIED });
      expect(res.body.item).toMatchObject({ id: "nginx-linux", revision: 1 });
    });

    it("POST /api/fleet/package_policies?format=simplified", async () => {
      const res = await h().call("POST", "/api/fleet/package_policies", {
        query: { format: "simplified" },
        body: { ...NGINX_SIMPLIFIED, id: "nginx-spare", name: "nginx-spare" },
      });
      expect(res.body.item.inputs["nginx-logfile"]).toBeDefined();
      await h().call("POST", "/api/fleet/package_policies", {
        body: { ...NGINX_SIMPLIFIED, id: "nginx-spare-2", name: "nginx-spare-2" },
      });
    });

    it("POST /api/fleet/package_policies with a taken name → 409 (validated)", async () => {
      const res = await h().call("POST", "/api/fleet/package_policies", {
        body: { ...NGINX_SIMPLIFIED, id: "nginx-dup" },
        status: 409,
      });
      expectValidated(res);
    });

    it("GET /api/fleet/package_policies (legacy and simplified)", async () => {
      const res = await h().call("GET", "/api/fleet/package_policies", { query: { perPage: 50 } });
      expect(res.body.items.map((p: any) => p.id)).toContain("nginx-linux");
      const simplified = await h().call("GET", "/api/fleet/package_policies", {
        query: { format: "simplified", kuery: "ingest-package-policies.package.name:nginx" },
      });
      expect(simplified.body.items.length).toBeGreaterThan(0);
    });

    it("GET /api/fleet/package_policies/{packagePolicyId} (legacy and simplified)", async () => {
      const res = await h().call("GET", "/api/fleet/package_policies/nginx-linux");
      expect(Array.isArray(res.body.item.inputs)).toBe(true);
      const simplified = await h().call("GET", "/api/fleet/package_policies/nginx-linux", {
        query: { format: "simplified" },
      });
      expect(simplified.body.item.inputs["nginx-logfile"].streams["nginx.access"].vars.tags).toEqual([
        "test",
      ]);
    });

    it("GET /api/fleet/package_policies/{packagePolicyId} unknown → 404 (validated)", async () => {
      const res = await h().call("GET", "/api/fleet/package_policies/no-such-policy", { status: 404 });
      expectValidated(res);
    });

    it("PUT /api/fleet/package_policies/{packagePolicyId} (simplified body)", async () => {
      const { id: _id, ...body } = NGINX_SIMPLIFIED;
      const res = await h().call("PUT", "/api/fleet/package_policies/nginx-linux", {
        query: { format: "simplified" },
        body: {
          ...body,
          description: "updated through the simplified format",
          inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["test", "prod"] } } } } },
        },
      });
      expect(res.body.item.revision).toBe(2);
    });

    it("PUT /api/fleet/package_policies/{packagePolicyId} (legacy body with version)", async () => {
      const current = await h().call("GET", "/api/fleet/package_policies/nginx-linux");
      const body = {
        ...legacyUpdateBody(current.body.item),
        description: "updated through the legacy format",
      };
      const res = await h().call("PUT", "/api/fleet/package_policies/nginx-linux", { body });
      expect(res.body.item.description).toBe("updated through the legacy format");
    });

    it("PUT /api/fleet/package_policies/{packagePolicyId} with an unknown key → 400 (validated)", async () => {
      const { id: _id, ...body } = NGINX_SIMPLIFIED;
      const res = await h().call("PUT", "/api/fleet/package_policies/nginx-linux", {
        body: { ...body, revision: 7 },
        status: 400,
        invalidBody: true,
      });
      expectValidated(res);
    });

    it("POST /api/fleet/package_policies/_bulk_get", async () => {
      const res = await h().call("POST", "/api/fleet/package_policies/_bulk_get", {
        body: { ids: ["nginx-linux", "nginx-spare"] },
      });
      expect(res.body.items).toHaveLength(2);
      await h().call("POST", "/api/fleet/package_policies/_bulk_get", {
        query: { format: "simplified" },
        body: { ids: ["nginx-linux", "no-such-policy"], ignoreMissing: true },
      });
    });

    it("POST /api/fleet/package_policies/_bulk_get with an unknown id → 404 (validated)", async () => {
      const res = await h().call("POST", "/api/fleet/package_policies/_bulk_get", {
        body: { ids: ["no-such-policy"] },
        status: 404,
      });
      expectValidated(res);
    });

    it("DELETE /api/fleet/package_policies/{packagePolicyId}", async () => {
      const res = await h().call("DELETE", "/api/fleet/package_policies/nginx-spare");
      expect(res.body.id).toBe("nginx-spare");
    });

    it("POST /api/fleet/package_policies/delete", async () => {
      const res = await h().call("POST", "/api/fleet/package_policies/delete", {
        body: { packagePolicyIds: ["nginx-spare-2", "no-such-policy"] },
      });
      expect(res.body.map((r: any) => [r.id, r.success])).toEqual([
        ["nginx-spare-2", true],
        ["no-such-policy", false],
      ]);
    });
  });
}
