/**
 * Kibana's own package policy API tests, ported: x-pack/platform/test/fleet_api_integration/apis/
 * package_policy/create.ts (describe 'Package Policy - create'), and the hosted-policy cases of
 * update.ts and delete.ts. Kibana's fixture package `filetest`
 * (and `with_required_variables`) is replaced by the real `nginx` package, whose access-log stream
 * plays the fixture's one stream.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ profile: "no-fleet-server" });
  for (const id of ["ap1", "ap2"]) {
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id, name: `Test policy ${id}`, namespace: "default" },
    });
  }
});
afterEach(() => h.close());

const nginx = (extra: object = {}) => ({
  name: "filetest-2",
  description: "",
  namespace: "default",
  policy_id: "ap1",
  enabled: true,
  inputs: [],
  package: { name: "nginx", title: "Nginx", version: "3.2.2" },
  ...extra,
});
const create = (body: object) => call(h.api, "POST", "/api/fleet/package_policies", body);

describe("Kibana package_policy/create.ts", () => {
  it("can only add to hosted agent policies using the force parameter", async () => {
    await h.api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "hosted", name: "Hosted policy", namespace: "default", is_managed: true },
    });
    const without = await create(nginx({ name: "filetest", policy_id: "hosted" }));
    expect(without.status).toBe(400);
    expect(without.body.message).toContain("Cannot update integrations of hosted agent policy");
    const withForce = await create(nginx({ name: "filetest-1", policy_id: "hosted", force: true }));
    expect(withForce.body.item.name).toBe("filetest-1");
  });

  it("should work with valid values", async () => {
    expect((await create(nginx())).status).toBe(200);
  });

  it("should work with multiple policy ids", async () => {
    const { policy_id: _p, ...body } = nginx({ name: "filetest-6", policy_ids: ["ap1", "ap2"] });
    const res = await create(body);
    expect(res.body.item.policy_ids).toEqual(["ap1", "ap2"]);
  });

  it("should work with no policy ids", async () => {
    const { policy_id: _p, ...body } = nginx({ name: "filetest-no-policies", policy_ids: [] });
    const res = await create(body);
    expect(res.status).toBe(200);
    expect(res.body.item).not.toHaveProperty("policy_id");
    expect(res.body.item.policy_ids).toEqual([]);
  });

  it("should allow to pass an empty namespace", async () => {
    expect((await create(nginx({ name: "filetest-5", namespace: "" }))).status).toBe(200);
  });

  it("should return a 400 with an invalid namespace", async () => {
    expect((await create(nginx({ namespace: "InvalidNamespace" }))).status).toBe(400);
    expect(
      (await create(nginx({ name: "filetest-1", namespace: `testlength${"😀".repeat(46)}` }))).status,
    ).toBe(400);
  });

  it("should return a 409 if there is another package policy with the same name", async () => {
    await create(nginx({ name: "same-name-test-1" }));
    expect((await create(nginx({ name: "same-name-test-1" }))).status).toBe(409);
  });

  it("should return a 409 if there is a package policy with the same name on a different policy", async () => {
    await create(nginx({ name: "same-name-test-2", policy_id: "ap2" }));
    expect((await create(nginx({ name: "same-name-test-2" }))).status).toBe(409);
  });

  // Kibana's legacy streams carry no compiled_stream: it is `schema.maybe(schema.any())`
  it("should work with required variables provided (a legacy stream without compiled_stream)", async () => {
    const res = await create(
      nginx({
        name: "pacakge-policy-required-variables-test-123",
        inputs: [
          {
            type: "logfile",
            policy_template: "nginx",
            enabled: true,
            streams: [
              {
                data_stream: { dataset: "nginx.access", type: "logs" },
                enabled: true,
                vars: { paths: { value: ["/var/log/nginx/access.log*"] } },
              },
            ],
          },
        ],
      }),
    );
    expect(res.status).toBe(200);
  });

  it("should trim whitespace from policy name", async () => {
    const res = await create(nginx({ name: "  package-policy-with-whitespace-prefix-and-suffix  " }));
    const got = await h.api.request("GET", `/api/fleet/package_policies/${res.body.item.id}`);
    expect(got.body.item.name).toBe("package-policy-with-whitespace-prefix-and-suffix");
  });
});

/** update.ts and delete.ts make the hosted agent policy with a PUT of is_managed: true, no force needed. */
async function makeHosted(id: string): Promise<void> {
  const res = await call(h.api, "PUT", `/api/fleet/agent_policies/${id}`, {
    name: `Test policy ${id}`,
    namespace: "default",
    is_managed: true,
  });
  expect(res.status).toBe(200);
}

describe("Kibana package_policy/update.ts", () => {
  it("should work with multiple policy ids (one of them hosted, without force)", async () => {
    const created = await create(nginx({ name: "filetest-1" }));
    await makeHosted("ap2");
    const res = await call(h.api, "PUT", `/api/fleet/package_policies/${created.body.item.id}`, {
      ...nginx({ name: "filetest-1", namespace: "updated_namespace" }),
      policy_id: undefined,
      policy_ids: ["ap1", "ap2"],
    });
    expect(res.status).toBe(200);
    expect(res.body.item.policy_ids).toEqual(["ap1", "ap2"]);
  });
});

describe("Kibana package_policy/delete.ts: should fail on hosted agent policies", () => {
  const HOSTED_REFUSAL =
    "Cannot remove integrations of hosted agent policy in Fleet because the agent policy is managed by an external orchestration solution, such as Elastic Cloud, Kubernetes, etc. Please make changes using your orchestration solution.";

  it("DELETE /package_policies/{id}: 400, then 200 with force=true", async () => {
    const created = await create(nginx());
    await makeHosted("ap1");
    const path = `/api/fleet/package_policies/${created.body.item.id}`;
    const without = await call(h.api, "DELETE", path);
    expect(without.status).toBe(400);
    expect(without.body.message).toBe(HOSTED_REFUSAL);
    expect((await call(h.api, "DELETE", path, undefined, { force: true })).status).toBe(200);
  });

  it("POST /package_policies/delete: a failed item, then success with force", async () => {
    const created = await create(nginx());
    await makeHosted("ap1");
    const ids = { packagePolicyIds: [created.body.item.id] };
    const without = await call(h.api, "POST", "/api/fleet/package_policies/delete", ids);
    expect(without.status).toBe(200);
    expect(without.body[0]).toMatchObject({
      success: false,
      statusCode: 400,
      body: { message: HOSTED_REFUSAL },
    });
    const forced = await call(h.api, "POST", "/api/fleet/package_policies/delete", { ...ids, force: true });
    expect(forced.body[0].success).toBe(true);
  });
});
