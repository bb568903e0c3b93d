import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { buildPlan } from "../../src/pipeline.js";
import { API_KEY, type EngineHarness, engineHarness } from "./harness.js";

const CASES = `case_settings:
  - owner: cases
    closure_type: close-by-user
    connector: { id: none, name: none, type: .none, fields: null }
`;

/** Global objects and a policy in the default space, a policy and its integration in "ops", Cases in both. */
const TWO_SPACES = `outputs:
  - id: shared-es
    name: Shared Elasticsearch
    type: elasticsearch
    hosts: [https://es.example.com:9200]
agent_policies:
  - id: home-linux
    name: Linux
    namespace: default
    data_output_id: shared-es
${CASES}---
space: ops
agent_policies:
  - id: ops-linux
    name: Linux
    namespace: ops
    data_output_id: shared-es
integration_policies:
  - id: ops-nginx
    name: ops-nginx
    policy_ids: [ops-linux]
    package: { name: nginx, version: 1.5.0 }
${CASES}`;

let h: EngineHarness;
beforeEach(async () => {
  // A hosted Fleet Server policy: its integrations count as managed, so only this file's objects prune.
  h = await engineHarness({ profile: "hosted-fleet-server" });
});
afterEach(() => h.close());

const status = async (path: string) => (await h.client.request("GET", path, { allowErrors: true })).status;
const where = (ops: { action: string; kind: string; id: string; space?: string }[]) =>
  ops.map((op) => `${op.action} ${op.kind}/${op.id}${op.space ? ` in ${op.space}` : ""}`);

describe("several spaces in one run", () => {
  it("applies objects to the spaces the manifests name, and then plans clean", async () => {
    await h.apply(TWO_SPACES);
    expect(await status("/s/ops/api/fleet/agent_policies/ops-linux")).toBe(200);
    expect(await status("/api/fleet/agent_policies/ops-linux")).toBe(404);
    expect(await status("/s/ops/api/fleet/package_policies/ops-nginx")).toBe(200);
    expect(await status("/api/fleet/agent_policies/home-linux")).toBe(200);
    const opsCases = await h.client.request("GET", "/s/ops/api/cases/configure");
    expect(opsCases.body.map((c: { owner: string }) => c.owner)).toEqual(["cases"]);
    const { plan } = await h.plan(TWO_SPACES);
    expect(plan.operations).toEqual([]);
    expect(plan.problems).toEqual([]);
  });

  it("names the space of every operation of a kind that lives in one, and of none that is global", async () => {
    const { plan } = await h.plan(TWO_SPACES);
    expect(plan.spaces).toEqual(["default", "ops"]);
    expect(where(plan.operations).sort()).toEqual([
      "create agent_policies/home-linux in default",
      "create agent_policies/ops-linux in ops",
      "create case_settings/cases in default",
      "create case_settings/cases in ops",
      "create integration_policies/ops-nginx in ops",
      "create outputs/shared-es",
    ]);
  });

  it("reads each space once, and the global kinds once", async () => {
    await h.apply(TWO_SPACES);
    const before = h.sim.stats().bySpace;
    await h.plan(TWO_SPACES);
    const after = h.sim.stats().bySpace;
    const reads = (space: string, route: string) =>
      (after[space]?.[route] ?? 0) - (before[space]?.[route] ?? 0);
    expect(reads("default", "GET /api/fleet/agent_policies")).toBe(1);
    expect(reads("ops", "GET /api/fleet/agent_policies")).toBe(1);
    expect(reads("ops", "GET /api/cases/configure")).toBe(1);
    expect(reads("default", "GET /api/fleet/outputs") + reads("ops", "GET /api/fleet/outputs")).toBe(1);
  });

  it("prunes only in the spaces the manifests name", async () => {
    await h.apply(TWO_SPACES);
    for (const [space, id] of [
      ["ops", "ops-stray"],
      ["web", "web-stray"],
    ]) {
      await h.client.request("POST", `/s/${space}/api/fleet/agent_policies`, {
        body: { id, name: id, namespace: "default" },
      });
    }
    const { plan } = await h.plan(TWO_SPACES, { prune: true });
    expect(where(plan.operations)).toEqual(["delete agent_policies/ops-stray in ops"]);
    await h.apply(TWO_SPACES, { prune: true });
    expect(await status("/s/ops/api/fleet/agent_policies/ops-stray")).toBe(404);
    expect(await status("/s/web/api/fleet/agent_policies/web-stray")).toBe(200);
  });

  it("refuses an integration policy whose agent policy the manifests put in another space", async () => {
    const { plan } = await h.plan(TWO_SPACES.replace("policy_ids: [ops-linux]", "policy_ids: [home-linux]"));
    expect(plan.problems.map((p) => `${p.location?.line} ${p.message}`)).toEqual([
      '25 policy_ids refers to agent_policies "home-linux", which the manifests put in the run\'s space, while this object is in space "ops": Kibana finds it only in its own space',
    ]);
  });

  it("refuses to plan an agent policy into a space while Kibana has it in another", async () => {
    await h.apply(TWO_SPACES);
    const moved = `agent_policies: []
---
space: ops
agent_policies:
  - id: home-linux
    name: Linux
    namespace: default
`;
    const { plan } = await h.plan(moved);
    expect(plan.problems.map((p) => `${p.location?.line} ${p.message}`)).toEqual([
      '5 agent policy "home-linux" is in the run\'s space (--space) in Kibana, not in space "ops" where the manifests put it, and Kibana keeps its id unique across spaces',
    ]);
  });

  it("refuses an agent policy Kibana has in the run's space when the manifests name only another", async () => {
    await h.client.request("POST", "/api/fleet/agent_policies", {
      body: { id: "home-only", name: "Home only", namespace: "default" },
    });
    const { plan } = await h.plan(`space: ops
agent_policies:
  - id: home-only
    name: Home only
    namespace: default
`);
    expect(plan.operations).toEqual([]);
    expect(plan.problems.map((p) => `${p.location?.line} ${p.message}`)).toEqual([
      '3 agent policy "home-only" is in the run\'s space (--space) in Kibana, not in space "ops" where the manifests put it, and Kibana keeps its id unique across spaces',
    ]);
  });

  it("creates a declared enrollment token in its agent policy's space, and then plans clean", async () => {
    const manifest = `space: ops
agent_policies:
  - id: ops-bootstrap
    name: Bootstrap
    namespace: default
    enrollment_tokens: [{ name: bootstrap }]
`;
    await h.apply(manifest);
    const keys = await h.client.request("GET", "/s/ops/api/fleet/enrollment_api_keys", {
      query: { kuery: 'policy_id:"ops-bootstrap"' },
    });
    expect(keys.body.items.map((k: { name: string }) => k.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^bootstrap/)]),
    );
    const { plan } = await h.plan(manifest);
    expect(plan.tokens ?? []).toEqual([]);
    expect(plan.operations).toEqual([]);
  });

  it("refuses Cases settings declared without a space and again in the run's space, as a plan error", async () => {
    const { plan } = await h.plan(`${CASES}---\nspace: default\n${CASES}`);
    expect(
      plan.problems.map(
        (p) => `${p.severity} ${p.subject.kind}/${p.subject.id} ${p.location?.line} ${p.message}`,
      ),
    ).toEqual([
      expect.stringMatching(
        /^error case_settings\/cases 8 duplicate owner "cases" in case_settings in space "default": defined here and at .*m\d+\.yaml:2:12$/,
      ),
    ]);
  });

  it("refuses Cases settings declared without a space and again in --space's, as a plan error", async () => {
    const ops = new KibanaClient({ url: h.sim.url, apiKey: API_KEY, maxAttempts: 1, space: "ops" });
    try {
      const manifest = await h.manifest(`${CASES}---\nspace: ops\n${CASES}`);
      const { plan } = await buildPlan(ops, manifest, { prune: false });
      expect(plan.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(
          /^duplicate owner "cases" in case_settings in space "ops": defined here and at /,
        ),
      ]);
    } finally {
      await ops.close();
    }
  });

  it("puts what names no space in the run's --space", async () => {
    const ops = new KibanaClient({ url: h.sim.url, apiKey: API_KEY, maxAttempts: 1, space: "ops" });
    try {
      const manifest = await h.manifest(
        `agent_policies:\n  - id: plain\n    name: Plain\n    namespace: default\n`,
      );
      const { plan, kinds } = await buildPlan(ops, manifest, { prune: false });
      expect(plan.spaces).toEqual(["ops"]);
      expect(where(plan.operations)).toEqual(["create agent_policies/plain in ops"]);
      await applyPlan(plan, { client: ops, kinds, concurrency: 2 });
      expect(await status("/s/ops/api/fleet/agent_policies/plain")).toBe(200);
      expect(await status("/api/fleet/agent_policies/plain")).toBe(404);
    } finally {
      await ops.close();
    }
  });
});
