/**
 * Tests of the contract harness itself (test/support/openapi.ts, recorded.ts) on hand-made bodies against
 * the contract: it must reject invalid bodies, so the contract suite cannot pass vacuously. The schema
 * conversion underneath is tested in openapi-schema.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeContract } from "../support/contract-suite.js";
import {
  matchPath,
  operations,
  responseStatuses,
  validateRequestBody,
  validateResponse,
} from "../support/openapi.js";
import { checkRecord, checkRecordFile, formatViolations } from "../support/recorded.js";

/** Every operation fleetform and the simulator rely on (issue 2). */
const EXPECTED_OPERATIONS = [
  "GET /api/cases/configure",
  "POST /api/cases/configure",
  "GET /api/cases/configure/connectors/_find",
  "PATCH /api/cases/configure/{configurationId}",
  "GET /api/fleet/agent_download_sources",
  "POST /api/fleet/agent_download_sources",
  "GET /api/fleet/agent_download_sources/{sourceId}",
  "PUT /api/fleet/agent_download_sources/{sourceId}",
  "DELETE /api/fleet/agent_download_sources/{sourceId}",
  "GET /api/fleet/agent_policies",
  "POST /api/fleet/agent_policies",
  "POST /api/fleet/agent_policies/_bulk_get",
  "POST /api/fleet/agent_policies/delete",
  "GET /api/fleet/agent_policies/{agentPolicyId}",
  "PUT /api/fleet/agent_policies/{agentPolicyId}",
  "GET /api/fleet/enrollment_api_keys",
  "POST /api/fleet/enrollment_api_keys",
  "GET /api/fleet/enrollment_api_keys/{keyId}",
  "DELETE /api/fleet/enrollment_api_keys/{keyId}",
  "GET /api/fleet/epm/packages",
  "GET /api/fleet/epm/packages/{pkgName}/{pkgVersion}",
  "POST /api/fleet/epm/packages/{pkgName}/{pkgVersion}",
  "DELETE /api/fleet/epm/packages/{pkgName}/{pkgVersion}",
  "GET /api/fleet/fleet_server_hosts",
  "POST /api/fleet/fleet_server_hosts",
  "GET /api/fleet/fleet_server_hosts/{itemId}",
  "PUT /api/fleet/fleet_server_hosts/{itemId}",
  "DELETE /api/fleet/fleet_server_hosts/{itemId}",
  "GET /api/fleet/outputs",
  "POST /api/fleet/outputs",
  "GET /api/fleet/outputs/{outputId}",
  "PUT /api/fleet/outputs/{outputId}",
  "DELETE /api/fleet/outputs/{outputId}",
  "GET /api/fleet/package_policies",
  "POST /api/fleet/package_policies",
  "POST /api/fleet/package_policies/_bulk_get",
  "POST /api/fleet/package_policies/delete",
  "GET /api/fleet/package_policies/{packagePolicyId}",
  "PUT /api/fleet/package_policies/{packagePolicyId}",
  "DELETE /api/fleet/package_policies/{packagePolicyId}",
  "GET /api/fleet/proxies",
  "POST /api/fleet/proxies",
  "GET /api/fleet/proxies/{itemId}",
  "PUT /api/fleet/proxies/{itemId}",
  "DELETE /api/fleet/proxies/{itemId}",
  "GET /api/fleet/settings",
  "PUT /api/fleet/settings",
  "GET /api/status",
];

const proxy = (over: Record<string, unknown> = {}) => ({
  id: "corp-proxy",
  name: "Corporate proxy",
  url: "http://proxy.corp.example.com:3128",
  is_preconfigured: false,
  ...over,
});
describeContract("OpenAPI contract harness", () => {
  it("lists every operation fleetform uses, and nothing is missing from the contract", () => {
    const ops = operations().map((o) => `${o.method} ${o.template}`);
    for (const expected of EXPECTED_OPERATIONS) expect(ops).toContain(expected);
  });

  it("compiles every request and response schema of every operation", () => {
    for (const op of operations()) {
      for (const status of responseStatuses(op.method, op.template)) {
        expect(() => validateResponse(op.method, op.template, Number(status), {})).not.toThrow();
      }
      expect(() => validateRequestBody(op.method, op.template, {})).not.toThrow();
    }
  });

  describe("matchPath", () => {
    it("maps concrete paths, with or without a space prefix and query, to templates", () => {
      expect(matchPath("GET", "/s/space/api/fleet/outputs/x")).toBe("/api/fleet/outputs/{outputId}");
      expect(matchPath("get", "/api/fleet/outputs?perPage=10")).toBe("/api/fleet/outputs");
      expect(matchPath("PATCH", "/s/team-a/api/cases/configure/abc")).toBe(
        "/api/cases/configure/{configurationId}",
      );
      expect(matchPath("GET", "/api/fleet/epm/packages/nginx/1.5.0")).toBe(
        "/api/fleet/epm/packages/{pkgName}/{pkgVersion}",
      );
    });

    it("prefers literal segments and respects the method", () => {
      expect(matchPath("POST", "/api/fleet/agent_policies/delete")).toBe("/api/fleet/agent_policies/delete");
      expect(matchPath("POST", "/api/fleet/package_policies/_bulk_get")).toBe(
        "/api/fleet/package_policies/_bulk_get",
      );
      expect(matchPath("GET", "/api/fleet/agent_policies/delete")).toBe(
        "/api/fleet/agent_policies/{agentPolicyId}",
      );
      expect(matchPath("DELETE", "/api/fleet/agent_policies/x")).toBeUndefined();
      expect(matchPath("GET", "/api/fleet/nope")).toBeUndefined();
      expect(matchPath("GET", "/api/fleet/outputs/")).toBeUndefined();
    });
  });

  describe("validateResponse", () => {
    it("accepts a valid proxy and rejects a wrong type, a missing required field and an unknown key", () => {
      const t = "/api/fleet/proxies/{itemId}";
      expect(validateResponse("GET", t, 200, { item: proxy() })).toEqual([]);
      expect(validateResponse("GET", t, 200, { item: proxy({ url: 42 }) }).join("\n")).toMatch(/\/item\/url/);
      const { name: _n, ...noName } = proxy();
      expect(validateResponse("GET", t, 200, { item: noName }).join("\n")).toMatch(/name/);
      expect(validateResponse("GET", t, 200, { item: proxy(), extra: 1 }).join("\n")).toMatch(/additional/);
    });

    it("accepts null only where the contract says nullable", () => {
      const t = "/api/fleet/proxies/{itemId}";
      expect(
        validateResponse("GET", t, 200, { item: proxy({ proxy_headers: null, certificate: null }) }),
      ).toEqual([]);
      expect(validateResponse("GET", t, 200, { item: proxy({ name: null }) })).not.toEqual([]);
    });

    it("validates list envelopes and the items inside them", () => {
      const t = "/api/fleet/proxies";
      expect(
        validateResponse("GET", t, 200, { items: [proxy()], total: 1, page: 1, perPage: 10000 }),
      ).toEqual([]);
      expect(validateResponse("GET", t, 200, { items: [proxy()], total: 1 })).not.toEqual([]);
      expect(
        validateResponse("GET", t, 200, { items: [{ id: "x" }], total: 1, page: 1, perPage: 1 }),
      ).not.toEqual([]);
    });

    it("validates inlined $refs (Cases closure_type enum)", () => {
      const config = {
        closure_type: "close-by-user",
        connector: { id: "none", name: "none", type: ".none", fields: null },
        owner: "securitySolution",
        id: "c1",
        version: "WzEsMV0=",
        error: null,
        mappings: [],
        customFields: [],
        templates: [],
        created_at: "2026-01-01T00:00:00.000Z",
        created_by: { username: "elastic", full_name: null, email: null },
        updated_at: null,
        updated_by: null,
      };
      expect(validateResponse("GET", "/api/cases/configure", 200, [config])).toEqual([]);
      expect(
        validateResponse("GET", "/api/cases/configure", 200, [{ ...config, closure_type: "never" }]).join(
          "\n",
        ),
      ).toMatch(/closure_type/);
      expect(
        validateResponse("GET", "/api/cases/configure", 200, [{ ...config, created_at: "yesterday" }]).join(
          "\n",
        ),
      ).toMatch(/created_at.*format/);
    });

    it("validates error bodies where the contract defines them, with the Boom quirk only", () => {
      const t = "/api/fleet/proxies/{itemId}";
      const boom = { statusCode: 400, error: "Bad Request", message: "nope" };
      expect(validateResponse("GET", t, 400, boom)).toEqual([]);
      expect(validateResponse("GET", t, 400, { ...boom, attributes: { type: "x" } })).toEqual([]);
      expect(validateResponse("GET", t, 400, { statusCode: 400, error: "Bad Request" }).join("\n")).toMatch(
        /message/,
      );
      expect(validateResponse("GET", t, 400, { ...boom, statusCode: "400" })).not.toEqual([]);
      expect(validateResponse("GET", t, 400, { ...boom, stack: "…" })).not.toEqual([]);
      const pp = "/api/fleet/package_policies/{packagePolicyId}";
      expect(validateResponse("GET", pp, 404, { statusCode: 404, error: "Not Found", message: "x" })).toEqual(
        [],
      );
      expect(validateResponse("GET", pp, 404, { msg: "x" })).not.toEqual([]);
    });

    it("rejects a 2xx status the contract does not declare, but leaves undescribed errors alone", () => {
      expect(validateResponse("POST", "/api/fleet/proxies", 201, { item: proxy() }).join("\n")).toMatch(
        /status 201 is not a contract response/,
      );
      expect(validateResponse("GET", "/api/fleet/proxies/{itemId}", 404, { anything: true })).toEqual([]);
      expect(validateResponse("GET", "/api/fleet/nowhere", 200, {})).not.toEqual([]);
      expect(validateResponse("GET", "/api/fleet/proxies/{itemId}", 200, undefined)).not.toEqual([]);
    });
  });

  describe("validateRequestBody", () => {
    it("rejects unknown keys and read-only fields echoed back (additionalProperties: false)", () => {
      const t = "/api/fleet/agent_policies";
      expect(validateRequestBody("POST", t, { id: "linux", name: "Linux", namespace: "prod" })).toEqual([]);
      expect(
        validateRequestBody("POST", t, { name: "Linux", namespace: "prod", revision: 2 }).join("\n"),
      ).toMatch(/additional/);
      expect(validateRequestBody("POST", t, { name: "Linux" }).join("\n")).toMatch(/namespace/);
    });

    it("accepts a body that omits a required nullable field, which Kibana defaults to null", () => {
      expect(
        validateRequestBody("PUT", "/api/fleet/proxies/{itemId}", { name: "p", url: "http://p:3128" }),
      ).toEqual([]);
      expect(
        validateRequestBody("PUT", "/api/fleet/proxies/{itemId}", { name: "p", certificate: 7 }),
      ).not.toEqual([]);
    });

    it("accepts a kafka output without the four conditionally required fields, but still needs auth_type", () => {
      const kafka = {
        id: "k",
        name: "Kafka",
        type: "kafka",
        hosts: ["kafka:9092"],
        auth_type: "none",
        topic: "t",
      };
      expect(validateRequestBody("POST", "/api/fleet/outputs", kafka)).toEqual([]);
      const { auth_type: _a, ...noAuth } = kafka;
      expect(validateRequestBody("POST", "/api/fleet/outputs", noAuth)).not.toEqual([]);
      expect(
        validateRequestBody("PUT", "/api/fleet/outputs/{outputId}", { ...kafka, id: undefined }),
      ).toEqual([]);
    });

    it("rejects a body on an operation that takes none (no requestBody in the contract is `required`)", () => {
      expect(validateRequestBody("GET", "/api/fleet/proxies", { a: 1 })).not.toEqual([]);
      expect(validateRequestBody("POST", "/api/fleet/proxies", undefined)).toEqual([]);
      expect(validateRequestBody("POST", "/api/fleet/proxies", null)).not.toEqual([]);
    });

    it("accepts the simplified package-policy body from the design doc", () => {
      const body = {
        id: "nginx-linux",
        name: "nginx-linux",
        policy_ids: ["linux-servers"],
        package: { name: "nginx", version: "1.5.0" },
        inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["test"] } } } } },
      };
      expect(validateRequestBody("POST", "/api/fleet/package_policies", body)).toEqual([]);
      expect(
        validateRequestBody("POST", "/api/fleet/package_policies", { ...body, package: "nginx" }),
      ).not.toEqual([]);
    });
  });

  describe("recorded-traffic check", () => {
    const good = {
      method: "GET",
      path: "/api/fleet/proxies/{itemId}",
      query: {},
      status: 200,
      responseBody: { item: proxy() },
    };

    it("passes a valid record and flags an invalid response", () => {
      expect(checkRecord(good, 1).violations).toEqual([]);
      const bad = checkRecord({ ...good, responseBody: { item: { id: 1 } } }, 2).violations;
      expect(bad).toHaveLength(1);
      expect(bad[0]!.part).toBe("response");
    });

    it("skips request bodies the simulator rejected with 400/401 and flags those it accepted", () => {
      const invalid = {
        method: "POST",
        path: "/api/fleet/agent_policies",
        requestBody: { name: "x", namespace: "default", revision: 3 },
      };
      const rejected = { statusCode: 400, error: "Bad Request", message: "[request body.revision]: …" };
      expect(checkRecord({ ...invalid, status: 400, responseBody: rejected }, 1).violations).toEqual([]);
      const accepted = checkRecord({ ...invalid, status: 200, responseBody: { item: {} } }, 1).violations;
      expect(accepted.map((v) => v.part)).toContain("request");
    });

    it("flags a concrete path recorded instead of the template, and counts paths outside the contract", () => {
      const concrete = checkRecord({ ...good, path: "/api/fleet/proxies/corp" }, 1).violations;
      expect(concrete.map((v) => v.errors.join())).toEqual([expect.stringMatching(/contract template/)]);
      expect(checkRecord({ ...good, path: "/api/fleet/test/agents" }, 1).inContract).toBe(false);
    });

    it("reads a JSONL log, reports malformed lines and formats at most N violations", () => {
      const dir = mkdtempSync(join(tmpdir(), "fleetform-record-test-"));
      try {
        const file = join(dir, "r.jsonl");
        const bad = { ...good, responseBody: { item: { id: 1 } } };
        writeFileSync(file, `${[good, bad, bad, bad].map((r) => JSON.stringify(r)).join("\n")}\n{oops\n`);
        const check = checkRecordFile(file);
        expect(check.records).toBe(5);
        expect(check.violations).toHaveLength(4);
        const text = formatViolations(check, 2);
        expect(text).toMatch(/^4 OpenAPI contract violation\(s\) in 5 recorded/);
        expect(text).toContain("line 2: GET /api/fleet/proxies/{itemId} → 200 (response body)");
        expect(text).toContain("… and 2 more");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
