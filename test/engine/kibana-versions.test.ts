/**
 * Kibana versions: fleetform reads the version once per run (GET /api/status) and refuses at plan
 * time what that version lacks; the simulator plays 8.x and 9.x. The versions are cited in
 * src/kinds/versions.ts (Fleet release notes in elastic/ingest-docs, elastic/kibana pull requests,
 * the minimum versions elastic/terraform-provider-elasticstack enforces).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { compareVersions } from "../../src/kinds/versions.js";
import { loadManifests } from "../../src/load/index.js";
import { buildPlan } from "../../src/pipeline.js";
import { validateManifest } from "../../src/validate/index.js";
import { EXAMPLE_ENV, ROOT } from "../cli/run-cli.js";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const POLICY = `
agent_policies:
  - id: ap1
    name: AP 1
    namespace: default
`;

describe("the Kibana version", () => {
  it("is read with one GET /api/status per run, beside the live read", async () => {
    h = await engineHarness({ kibanaVersion: "8.15.2" });
    const result = await h.plan(POLICY);
    expect(result.kibanaVersion).toBe("8.15.2");
    expect(result.ctx.kibanaVersion).toBe("8.15.2");
    await h.plan(POLICY);
    expect(h.sim.stats().byRoute["GET /api/status"]).toBe(1);
  });

  it("refuses at plan time, at the field, a field the Kibana does not have yet, naming both versions", async () => {
    h = await engineHarness({ kibanaVersion: "8.12.2" });
    const result = await h.plan(`${POLICY}    monitoring_http: { enabled: true, port: 6791 }\n`);
    expect(result.plan.problems).toHaveLength(1);
    const [problem] = result.plan.problems;
    expect(problem!.message).toBe(
      'agent policy "ap1": monitoring_http needs Kibana 8.16.0 or newer; this Kibana is 8.12.2',
    );
    expect(problem!.location).toMatchObject({ line: 6, column: 5 });
    expect(problem!.hint).toContain("upgrade Kibana");
  });

  it("refuses secrets in an output before Kibana 8.12, which has no output secret storage", async () => {
    h = await engineHarness({ kibanaVersion: "8.11.4" });
    const result = await h.plan(`
outputs:
  - id: es
    name: ES
    type: elasticsearch
    hosts: [https://es.example.com:9200]
    secrets: { ssl: { key: abc } }
`);
    expect(result.plan.problems.map((p) => p.message)).toEqual([
      'output "es": secrets needs Kibana 8.12.0 or newer; this Kibana is 8.11.4',
    ]);
  });

  it("refuses a remote_elasticsearch output before 8.12 and accepts it from 8.12", async () => {
    const yaml = `
outputs:
  - id: remote
    name: Remote
    type: remote_elasticsearch
    hosts: [https://remote.example.com:9200]
`;
    h = await engineHarness({ kibanaVersion: "8.11.4" });
    expect((await h.plan(yaml)).plan.problems.map((p) => p.message)).toEqual([
      'output "remote": remote_elasticsearch outputs needs Kibana 8.12.0 or newer; this Kibana is 8.11.4',
    ]);
    await h.close();
    h = await engineHarness({ kibanaVersion: "8.12.0" });
    await h.apply(yaml);
    expect((await h.plan(yaml)).plan.operations).toEqual([]);
  });

  it("sends a one-policy policy_ids as policy_id to a Kibana before 8.15, and plans clean after", async () => {
    h = await engineHarness({ kibanaVersion: "8.12.2" });
    const yaml = `${POLICY}
integration_policies:
  - id: nginx-1
    name: nginx-1
    policy_ids: [ap1]
    package: { name: nginx, version: 1.5.0 }
`;
    const planned = await h.plan(yaml);
    const create = planned.plan.operations.find((op) => op.key === "integration_policies/nginx-1")!;
    expect(create.request.body).toMatchObject({ policy_id: "ap1" });
    expect(create.request.body).not.toHaveProperty("policy_ids");
    await h.apply(yaml);
    expect((await h.plan(yaml)).plan.operations).toEqual([]);
  });

  it("refuses policy_ids with more than one agent policy before 8.16 (reusable integration policies)", async () => {
    h = await engineHarness({ kibanaVersion: "8.15.2" });
    const result = await h.plan(`${POLICY}
  - id: ap2
    name: AP 2
    namespace: default
integration_policies:
  - id: nginx-1
    name: nginx-1
    policy_ids: [ap1, ap2]
    package: { name: nginx, version: 1.5.0 }
`);
    expect(result.plan.problems.map((p) => p.message)).toEqual([
      'integration policy "nginx-1": policy_ids with more than one agent policy needs Kibana 8.16.0 or newer; this Kibana is 8.15.2',
    ]);
  });

  it("refuses delete_unenrolled_agents in the Fleet settings before 8.16, where the setting does not exist", async () => {
    h = await engineHarness({ kibanaVersion: "8.15.2" });
    const result = await h.plan(
      "fleet_settings:\n  delete_unenrolled_agents: { enabled: true, is_preconfigured: false }\n",
    );
    expect(result.plan.problems.map((p) => p.message)).toEqual([
      'Fleet settings "settings": delete_unenrolled_agents needs Kibana 8.16.0 or newer; this Kibana is 8.15.2',
    ]);
  });

  it("does not send the not-set values of fields the Kibana lacks (an update to 8.12 leaves out supports_agentless)", async () => {
    h = await engineHarness({ kibanaVersion: "8.12.2" });
    await h.apply(POLICY);
    const result = await h.plan(`${POLICY}    description: changed\n`);
    const [update] = result.plan.operations;
    expect(update!.request.body).toMatchObject({ description: "changed" });
    expect(update!.request.body).not.toHaveProperty("supports_agentless");
    await h.apply(`${POLICY}    description: changed\n`);
  });
});

/**
 * Every example of manifests (examples/ci holds CI recipes) on each simulated version. An example
 * applies and then plans clean on every version, unless it is named below with the Kibana version it
 * needs and says so in its own header; on an older Kibana such an example is refused at plan time,
 * before anything is applied, each problem at a field of the example, naming the version it needs
 * and the version Kibana has.
 */
const VERSIONS = ["8.12.2", "8.15.2", "8.19.0", "9.3.0"];
const EXAMPLES = readdirSync(path.join(ROOT, "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "ci")
  .map((d) => d.name);
/** Examples that need a newer Kibana than the oldest simulated, and the fields that need it. */
const NEEDS: Record<string, { version: string; refused: Record<string, string[]> }> = {
  "shared-integrations": {
    version: "8.16.0",
    refused: {
      "8.12.2": ["policy_ids", "policy_ids with more than one agent policy", "output_id"],
      "8.15.2": ["policy_ids with more than one agent policy", "output_id"],
    },
  },
};

it("names only examples that exist, and leaves at least one that works on every version", () => {
  expect(EXAMPLES.filter((name) => !NEEDS[name]).length).toBeGreaterThan(0);
  for (const name of Object.keys(NEEDS)) expect(EXAMPLES).toContain(name);
});

describe.each(VERSIONS)("examples on Kibana %s", (version) => {
  it.each(EXAMPLES)("%s", async (name) => {
    h = await engineHarness({ kibanaVersion: version });
    const loaded = await loadManifests([path.join(ROOT, "examples", name)], { env: EXAMPLE_ENV, cwd: ROOT });
    expect([...loaded.errors, ...validateManifest(loaded)]).toEqual([]);
    const result = await buildPlan(h.client, loaded, { prune: false });
    const needs = NEEDS[name];
    if (needs && compareVersions(version, needs.version) < 0) {
      const expected = needs.refused[version]!.map((what) => {
        const since = what === "policy_ids" ? "8.15.0" : needs.version;
        return `integration policy "nginx-web": ${what} needs Kibana ${since} or newer; this Kibana is ${version}`;
      });
      expect(result.plan.problems.map((p) => p.message).sort()).toEqual(expected.sort());
      for (const problem of result.plan.problems)
        expect(problem.location?.file).toBe(path.join(ROOT, "examples", name, "fleet.yaml"));
      return;
    }
    expect(result.plan.problems).toEqual([]);
    const report = await applyPlan(result.plan, { client: h.client, kinds: result.kinds, concurrency: 4 });
    expect(report.results.filter((r) => r.status !== "done").map((r) => r.message)).toEqual([]);
    const again = await buildPlan(h.client, loaded, { prune: false });
    expect(again.plan.operations.map((op) => op.key)).toEqual([]);
  });
});
