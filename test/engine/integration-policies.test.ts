import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { planToJson } from "../../src/render/json.js";
import { renderPlanText } from "../../src/render/text.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

const AGENT_POLICIES = [
  { id: "web", name: "Web servers", namespace: "default" },
  { id: "edge", name: "Edge servers", namespace: "default" },
];

/** The body of Kibana's Fleet API guide example, as a manifest entry. */
const nginx = (extra: Record<string, unknown> = {}) => ({
  id: "nginx-web",
  name: "nginx-web",
  policy_ids: ["web"],
  package: { name: "nginx", version: "1.5.0" },
  inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["test"] } } } } },
  ...extra,
});

const manifest = (...policies: Record<string, unknown>[]) =>
  stringify({ agent_policies: AGENT_POLICIES, integration_policies: policies });

const rawPolicy = async (h: EngineHarness, id: string) =>
  (await h.client.request("GET", `/api/fleet/package_policies/${id}`, { query: { format: "simplified" } }))
    .body.item;

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

// What a manifest may say for a package version (names, var types, required vars) is checked in
// memory: test/core/packages.test.ts.
describe("integration policies", () => {
  it("plans clean after applying a policy that sets only some vars", async () => {
    await h.apply(manifest(nginx()));
    expect(changedPaths((await h.plan(manifest(nginx()))).plan)).toEqual([]);
  });

  it("accepts the full body Kibana's Preview API request shows, and plans it clean", async () => {
    // What the Integrations UI previews for nginx 1.5.0 with every default spelled out.
    const preview = {
      id: "nginx-preview",
      name: "nginx-1",
      description: "",
      namespace: "default",
      policy_id: "web",
      package: { name: "nginx", version: "1.5.0" },
      inputs: {
        "nginx-logfile": {
          enabled: true,
          streams: {
            "nginx.access": {
              enabled: true,
              vars: {
                paths: ["/var/log/nginx/access.log*"],
                tags: ["nginx-access"],
                preserve_original_event: false,
                ignore_older: "72h",
              },
            },
            "nginx.error": {
              enabled: true,
              vars: {
                paths: ["/var/log/nginx/error.log*"],
                tags: ["nginx-error"],
                preserve_original_event: false,
                ignore_older: "72h",
              },
            },
          },
        },
        "nginx-httpjson": { enabled: false },
        "nginx-nginx/metrics": {
          enabled: true,
          vars: { hosts: ["http://127.0.0.1:80"] },
          streams: {
            "nginx.stubstatus": {
              enabled: true,
              vars: { period: "10s", server_status_path: "/nginx_status" },
            },
          },
        },
      },
    };
    await h.apply(manifest(preview));
    expect(changedPaths((await h.plan(manifest(preview))).plan)).toEqual([]);
    expect(changedPaths((await h.plan(manifest({ ...preview, inputs: undefined }))).plan)).toEqual([]);
  });

  it("resets a var the manifest no longer sets to the package default", async () => {
    await h.apply(manifest(nginx()));
    const { plan } = await h.plan(manifest(nginx({ inputs: undefined })));
    expect(changedPaths(plan)).toEqual([
      "update nginx-web replace /inputs/nginx-logfile/streams/nginx.access/vars/tags",
    ]);
    await h.apply(manifest(nginx({ inputs: undefined })));
    const live = await rawPolicy(h, "nginx-web");
    expect(live.inputs["nginx-logfile"].streams["nginx.access"].vars.tags).toEqual(["nginx-access"]);
    expect(changedPaths((await h.plan(manifest(nginx({ inputs: undefined })))).plan)).toEqual([]);
  });

  it("disables a stream with one small update", async () => {
    await h.apply(manifest(nginx()));
    const disabled = nginx({
      inputs: { "nginx-logfile": { streams: { "nginx.error": { enabled: false } } } },
    });
    const { plan } = await h.plan(manifest(disabled));
    expect(changedPaths(plan)).toEqual(
      expect.arrayContaining(["update nginx-web replace /inputs/nginx-logfile/streams/nginx.error/enabled"]),
    );
    expect(changedPaths(plan).every((p) => p.includes("/inputs/nginx-logfile/streams/"))).toBe(true);
    await h.apply(manifest(disabled));
    const live = await rawPolicy(h, "nginx-web");
    expect(live.inputs["nginx-logfile"].streams["nginx.error"].enabled).toBe(false);
    expect(changedPaths((await h.plan(manifest(disabled))).plan)).toEqual([]);
  });

  it("upgrades the package version in place and lists what the new version adds and drops", async () => {
    await h.apply(manifest(nginx()));
    const upgraded = nginx({ package: { name: "nginx", version: "3.2.2" } });
    const { plan } = await h.plan(manifest(upgraded));
    expect(plan.packages).toMatchObject([{ name: "nginx", version: "3.2.2" }]);
    const op = plan.operations.find((o) => o.id === "nginx-web")!;
    expect(op.action).toBe("update");
    expect(op.notes).toEqual(
      expect.arrayContaining([
        "package nginx 1.5.0 → 3.2.2",
        "3.2.2 drops inputs: nginx-httpjson",
        expect.stringMatching(/^3\.2\.2 adds vars: .*nginx-logfile\/condition/),
      ]),
    );
    expect(renderPlanText(plan)).toContain("# 3.2.2 drops inputs: nginx-httpjson");
    // The dropped input's streams and vars go with it: not listed one by one.
    expect(op.notes!.join("\n")).not.toContain("nginx-httpjson/");
    await h.apply(manifest(upgraded));
    expect((await rawPolicy(h, "nginx-web")).package.version).toBe("3.2.2");
    expect(changedPaths((await h.plan(manifest(upgraded))).plan)).toEqual([]);
  });

  it("attaches one policy to two agent policies and plans clean", async () => {
    const shared = nginx({ policy_ids: ["web", "edge"] });
    await h.apply(manifest(shared));
    expect((await rawPolicy(h, "nginx-web")).policy_ids.sort()).toEqual(["edge", "web"]);
    expect(changedPaths((await h.plan(manifest(shared))).plan)).toEqual([]);
    await h.apply(manifest(nginx()));
    expect((await rawPolicy(h, "nginx-web")).policy_ids).toEqual(["web"]);
  });

  it("reports a change made after the plan read the policy as a concurrent change, never overwriting it", async () => {
    await h.apply(manifest(nginx()));
    const result = await h.plan(manifest(nginx({ description: "from the manifest" })));
    const current = await rawPolicy(h, "nginx-web");
    await h.client.request("PUT", "/api/fleet/package_policies/nginx-web", {
      body: { name: current.name, package: current.package, description: "changed by a person" },
    });
    const { applyPlan } = await import("../../src/apply/apply-plan.js");
    const report = await applyPlan(result.plan, {
      client: h.client,
      kinds: result.kinds,
      concurrency: 2,
    });
    const outcome = report.results.find((r) => r.operation.id === "nginx-web")!;
    expect(outcome).toMatchObject({ status: "failed", concurrentChange: true });
    expect((await rawPolicy(h, "nginx-web")).description).toBe("changed by a person");
  });
});

describe("secret package vars", () => {
  const SECRET = "okta-api-key-5f1e2d";
  const okta = (extra: Record<string, unknown> = {}) => ({
    id: "okta",
    name: "okta",
    policy_ids: ["web"],
    package: { name: "okta", version: "2.12.0" },
    inputs: { "okta-httpjson": { vars: { url: "https://okta.example.com", api_key: SECRET } } },
    ...extra,
  });

  it("never shows a secret var in the plan, in text or JSON, even when written literally", async () => {
    const { plan } = await h.plan(manifest(okta()));
    const rendered = renderPlanText(plan) + JSON.stringify(planToJson(plan));
    expect(rendered).not.toContain(SECRET);
    expect(rendered).toContain("(sensitive)");
  });

  it("sends the secret once and does not diff it while Kibana returns only a reference", async () => {
    await h.apply(manifest(okta()));
    const live = await rawPolicy(h, "okta");
    expect(live.inputs["okta-httpjson"].vars.api_key).toEqual({ id: expect.any(String), isSecretRef: true });
    expect(changedPaths((await h.plan(manifest(okta()))).plan)).toEqual([]);
  });

  it("sends the secret again with --rotate-secrets", async () => {
    await h.apply(manifest(okta()));
    const before = (await rawPolicy(h, "okta")).inputs["okta-httpjson"].vars.api_key.id;
    const { plan } = await h.plan(manifest(okta()), { rotateSecrets: true });
    expect(changedPaths(plan)).toEqual(["update okta replace /inputs/okta-httpjson/vars/api_key"]);
    expect(JSON.stringify(planToJson(plan))).not.toContain(SECRET);
    await h.apply(manifest(okta()), { rotateSecrets: true });
    const after = (await rawPolicy(h, "okta")).inputs["okta-httpjson"].vars.api_key.id;
    expect(after).not.toBe(before);
  });
});
