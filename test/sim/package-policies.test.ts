import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await h.api.request("POST", "/api/fleet/agent_policies", {
    body: { id: "ap", name: "ap", namespace: "default" },
  });
});
afterEach(() => h.close());

const nginx = (extra: object = {}) => ({
  id: "nginx-1",
  name: "nginx-1",
  policy_ids: ["ap"],
  package: { name: "nginx", version: "1.5.0" },
  inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["test"] } } } } },
  ...extra,
});

describe("package policies", () => {
  it("creates from the simplified format and returns the legacy shape with server fields", async () => {
    const res = await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const item = res.body.item;
    expect(item).toMatchObject({ id: "nginx-1", revision: 1, policy_ids: ["ap"], enabled: true });
    expect(Array.isArray(item.inputs)).toBe(true);
    const access = item.inputs
      .flatMap((i: any) => i.streams)
      .find((s: any) => s.data_stream.dataset === "nginx.access");
    expect(access.vars.tags.value).toEqual(["test"]);
    expect(access.id).toEqual(expect.any(String));
    expect(item.version).toEqual(expect.any(String));
  });

  it("returns simplified inputs keyed by policy template and input type with format=simplified", async () => {
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const res = await h.api.request("GET", "/api/fleet/package_policies/nginx-1", {
      query: { format: "simplified" },
    });
    expect(res.body.item.inputs["nginx-logfile"].streams["nginx.access"].vars.tags).toEqual(["test"]);
  });

  it("bumps the parent agent policy revision on create, update and delete", async () => {
    const rev = async () => (await h.api.request("GET", "/api/fleet/agent_policies/ap")).body.item.revision;
    expect(await rev()).toBe(1);
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    expect(await rev()).toBe(2);
    await h.api.request("PUT", "/api/fleet/package_policies/nginx-1", { body: nginx({ id: undefined }) });
    expect(await rev()).toBe(3);
    await h.api.request("DELETE", "/api/fleet/package_policies/nginx-1");
    expect(await rev()).toBe(4);
  });

  it("bumps no agent policy revision on a forced delete (skipUnassignFromAgentPolicies: force)", async () => {
    const rev = async () => (await h.api.request("GET", "/api/fleet/agent_policies/ap")).body.item.revision;
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const before = await rev();
    await h.api.request("DELETE", "/api/fleet/package_policies/nginx-1", { query: { force: true } });
    expect(await rev()).toBe(before);
  });

  it("refuses an unknown simplified input with 400", async () => {
    const res = await call(
      h.api,
      "POST",
      "/api/fleet/package_policies",
      nginx({ inputs: { "nope-logfile": {} } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/Input not found/);
  });

  it("refuses a policy that leaves a required var without a default empty", async () => {
    const res = await call(h.api, "POST", "/api/fleet/package_policies", {
      name: "okta-no-url",
      policy_ids: ["ap"],
      package: { name: "okta", version: "2.12.0" },
      inputs: {},
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Package policy is invalid: inputs.okta-httpjson.vars.url: Okta System Log API URL is required",
    );
  });

  it("refuses a var value of the wrong form with Kibana's message", async () => {
    const res = await call(
      h.api,
      "POST",
      "/api/fleet/package_policies",
      nginx({
        inputs: {
          "nginx-logfile": { streams: { "nginx.access": { vars: { preserve_original_event: "yes" } } } },
        },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Package policy is invalid: inputs.nginx-logfile.streams.nginx.access.vars.preserve_original_event: Boolean values must be either true or false",
    );
  });

  it("refuses an invalid namespace but accepts a blank one (inherit the agent policy's)", async () => {
    const bad = await call(h.api, "POST", "/api/fleet/package_policies", nginx({ namespace: "Bad-NS" }));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("[request body.namespace]: Namespace must be lowercase");
    const blank = await call(h.api, "POST", "/api/fleet/package_policies", nginx({ namespace: "" }));
    expect(blank.status).toBe(200);
  });

  it("answers 409 for a name already used", async () => {
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const res = await call(
      h.api,
      "POST",
      "/api/fleet/package_policies",
      nginx({ id: "other", name: " nginx-1 " }),
    );
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      "An integration policy with the name nginx-1 already exists. Please rename it or choose a different name.",
    );
  });

  it("answers 409 for a stale version on a legacy update", async () => {
    const created = await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const v1 = created.body.item.version;
    await h.api.request("PUT", "/api/fleet/package_policies/nginx-1", {
      body: { name: "nginx-1", version: v1 },
    });
    const stale = await call(h.api, "PUT", "/api/fleet/package_policies/nginx-1", {
      name: "nginx-1",
      version: v1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/^\[fleet-package-policies:nginx-1\]: version conflict/);
  });

  it("answers 404 with the agent-policy saved-object type on PUT of an unknown id", async () => {
    const res = await call(h.api, "PUT", "/api/fleet/package_policies/ghost", { name: "x" });
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("Saved object [fleet-agent-policies/ghost] not found");
  });

  it("answers 200 on DELETE of an unknown id and [] on bulk delete of unknown ids", async () => {
    expect((await h.api.request("DELETE", "/api/fleet/package_policies/ghost")).body).toEqual({
      id: "ghost",
    });
    const bulk = await h.api.request("POST", "/api/fleet/package_policies/delete", {
      body: { packagePolicyIds: ["ghost"] },
    });
    expect(bulk.body).toEqual([]);
  });

  it("reports per-item failures in a bulk delete", async () => {
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const bulk = await h.api.request("POST", "/api/fleet/package_policies/delete", {
      body: { packagePolicyIds: ["nginx-1", "ghost"] },
    });
    expect(bulk.body).toEqual([
      expect.objectContaining({ id: "nginx-1", success: true }),
      expect.objectContaining({ id: "ghost", success: false, statusCode: 404 }),
    ]);
  });

  it("filters the list with a package-name kuery", async () => {
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const res = await h.api.request("GET", "/api/fleet/package_policies", {
      query: { kuery: "ingest-package-policies.package.name:nginx" },
    });
    expect(res.body.items.map((p: any) => p.id)).toEqual(["nginx-1"]);
    expect(res.body).toMatchObject({ total: 1, page: 1, perPage: 20 });
  });

  it("refuses a kuery key without the saved-object type", async () => {
    const res = await call(h.api, "GET", "/api/fleet/package_policies", undefined, { kuery: "name:nginx-1" });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "This key 'name' need to be wrapped by a saved object type like ingest-package-policies",
    );
  });

  it("shows package policies on GET agent policy and deletes those only attached to a deleted policy", async () => {
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const ap = await h.api.request("GET", "/api/fleet/agent_policies/ap");
    expect(ap.body.item.package_policies.map((p: any) => p.id)).toEqual(["nginx-1"]);
    await h.api.request("POST", "/api/fleet/agent_policies/delete", { body: { agentPolicyId: "ap" } });
    expect((await call(h.api, "GET", "/api/fleet/package_policies/nginx-1")).status).toBe(404);
  });

  it("refuses to remove the integration of a hosted (managed) Fleet Server policy without force", async () => {
    const hosted = await startHarness({ profile: "hosted-fleet-server" });
    try {
      const fsp = await hosted.api.request("GET", "/api/fleet/agent_policies/fleet-server-policy");
      const pp = fsp.body.item.package_policies[0];
      expect(pp.package.name).toBe("fleet_server");
      const res = await call(hosted.api, "DELETE", `/api/fleet/package_policies/${pp.id}`);
      expect(res.status).toBe(400);
      // Kibana's delete names no policy here (package_policy.ts delete: HostedAgentPolicyRestrictionRelatedError).
      expect(res.body.message).toMatch(/^Cannot remove integrations of hosted agent policy in Fleet because/);
    } finally {
      await hosted.close();
    }
  });

  it("creates the system integration with sys_monitoring=true, named after the ones the space has", async () => {
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "mon", name: "mon", namespace: "default" },
      query: { sys_monitoring: true },
    });
    const ap = await h.api.request("GET", "/api/fleet/agent_policies/mon");
    // The Fleet Server setup already made system-1 (FLEET/server/services/package_policies: incrementPackageName).
    expect(ap.body.item.package_policies.map((p: any) => p.name)).toEqual(["system-2"]);
  });

  it("puts the integrations an agent-policy create adds in the agent policy's namespace", async () => {
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "mon-ns", name: "mon-ns", namespace: "prod" },
      query: { sys_monitoring: true },
    });
    // FLEET/server/services/agent_policy_create.ts (createPackagePolicy): namespace = agentPolicy.namespace.
    const ap = await h.api.request("GET", "/api/fleet/agent_policies/mon-ns");
    expect(ap.body.item.package_policies.map((p: any) => p.namespace)).toEqual(["prod"]);
  });

  it("stores secret vars and returns references", async () => {
    // okta 2.12.0: `api_key` is a secret var of the httpjson input; `url` is required.
    const res = await h.api.request("POST", "/api/fleet/package_policies", {
      body: {
        id: "sec",
        name: "sec",
        policy_ids: ["ap"],
        package: { name: "okta", version: "2.12.0" },
        inputs: {
          "okta-httpjson": { vars: { url: "https://okta.example.com/api/v1/logs", api_key: "TOPSECRET" } },
        },
      },
    });
    const input = res.body.item.inputs.find((i: any) => i.type === "httpjson");
    expect(input.vars.api_key.value).toEqual({ id: expect.any(String), isSecretRef: true });
    expect(res.body.item.secret_references).toEqual([{ id: input.vars.api_key.value.id }]);
    expect(JSON.stringify(res.body)).not.toContain("TOPSECRET");
  });
});

// Kibana's create and update handlers run alignInputsAndStreams on every body, simplified or legacy:
// x-pack/platform/plugins/shared/fleet/server/routes/package_policy/handlers.ts and
// .../fleet/server/routes/package_policy/utils/index.ts (alignInputsAndStreams).
describe("an input whose streams are all disabled", () => {
  const allStreamsOff = {
    "nginx-logfile": {
      streams: { "nginx.access": { enabled: false }, "nginx.error": { enabled: false } },
    },
  };
  const logfile = (item: any) => item.inputs.find((i: any) => i.type === "logfile");

  it("is turned off on a simplified create that mentions it without enabled: false", async () => {
    const res = await h.api.request("POST", "/api/fleet/package_policies", {
      body: nginx({ inputs: allStreamsOff }),
    });
    expect(logfile(res.body.item).enabled).toBe(false);
  });

  it("is turned off on a legacy update that sends it enabled", async () => {
    const created = (await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() })).body.item;
    const inputs = created.inputs.map(({ compiled_input: _c, ...i }: any) => ({
      ...i,
      enabled: i.type === "logfile" ? true : i.enabled,
      streams: i.streams.map((s: any) => ({ ...s, enabled: i.type === "logfile" ? false : s.enabled })),
    }));
    const { name, namespace, policy_ids, package: pkg, vars, version } = created;
    const body = { name, namespace, policy_ids, package: pkg, vars, version, inputs };
    const res = await call(h.api, "PUT", "/api/fleet/package_policies/nginx-1", body);
    expect(res.status).toBe(200);
    expect(logfile(res.body.item).enabled).toBe(false);
  });
});

describe("epm", () => {
  it("installs on package policy create and refuses to remove a package in use", async () => {
    await h.api.request("POST", "/api/fleet/package_policies", { body: nginx() });
    const info = await h.api.request("GET", "/api/fleet/epm/packages/nginx/1.5.0");
    expect(info.body.item.status).toBe("installed");
    const res = await call(h.api, "DELETE", "/api/fleet/epm/packages/nginx/1.5.0");
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Unable to remove package nginx:1.5.0 with existing package policy(s) in use by agent(s)",
    );
  });

  it("refuses to remove a package that is not installed", async () => {
    const res = await call(h.api, "DELETE", "/api/fleet/epm/packages/nginx/1.5.0");
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("nginx is not installed");
  });

  it("answers 404 for an unknown package", async () => {
    expect((await call(h.api, "GET", "/api/fleet/epm/packages/nope/1.0.0")).status).toBe(404);
  });
});
