import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, ROOT, runCli } from "./run-cli.js";

const PLAN_SCHEMA = path.resolve(ROOT, "../shared/docs/plan-output.schema.json");

let sim: RunningSimulator;
let api: KibanaClient;
let env: Record<string, string>;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "plan-key" });
  env = kibanaEnv({ url: sim.url, apiKey: "plan-key" });
  api = new KibanaClient({ url: sim.url, apiKey: "plan-key" });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-plan-"));
});
afterEach(async () => {
  await api.close();
  await sim.close();
});

async function manifest(content: Record<string, unknown>, name = "fleet.yaml"): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, stringify(content));
  return file;
}

const POLICY = { id: "web", name: "Web servers", namespace: "default" };

describe("plan and apply from the command line", () => {
  it("exits 2 with --detailed-exitcode when there are changes, and 0 once applied", async () => {
    const file = await manifest({ agent_policies: [POLICY] });
    expect((await runCli(["plan", file, "--detailed-exitcode"], { env })).code).toBe(2);
    expect((await runCli(["plan", file], { env })).code).toBe(0);
    expect((await runCli(["apply", file, "--auto-approve"], { env })).code).toBe(0);
    const again = await runCli(["plan", file, "--detailed-exitcode"], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("No changes.");
  });

  it.skipIf(!existsSync(PLAN_SCHEMA))(
    "prints --json documents valid against plan-output.schema.json",
    async () => {
      const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(PLAN_SCHEMA, "utf8")));
      const file = await manifest({
        agent_policies: [POLICY],
        integration_policies: [
          {
            id: "nginx-web",
            name: "nginx-web",
            policy_ids: ["web"],
            package: { name: "nginx", version: "1.5.0" },
          },
        ],
      });
      const plan = await runCli(["plan", file, "--json"], { env });
      const planDoc = JSON.parse(plan.stdout);
      expect(validate(planDoc), JSON.stringify(validate.errors)).toBe(true);
      expect(planDoc.summary).toEqual({ create: 2, update: 0, delete: 0, unchanged: 0 });
      expect(planDoc.packages).toEqual([{ name: "nginx", version: "1.5.0" }]);
      expect(planDoc.operations.map((o: { id: string }) => o.id)).toEqual(["web", "nginx-web"]);
      const apply = await runCli(["apply", file, "--auto-approve", "--json"], { env });
      expect(validate(JSON.parse(apply.stdout)), JSON.stringify(validate.errors)).toBe(true);
      const drift = await runCli(["drift", file, "--json"], { env });
      expect(drift.code).toBe(0);
      expect(validate(JSON.parse(drift.stdout)), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it("shows with -v the request each operation sends, its write-only values masked", async () => {
    const file = await manifest({
      outputs: [
        {
          id: "es-verbose",
          name: "ES",
          type: "elasticsearch",
          hosts: ["https://es.example.com:9200"],
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a manifest placeholder
          secrets: { ssl: { key: "${env:VERBOSE_SSL_KEY}" } },
        },
      ],
    });
    const result = await runCli(["plan", file, "-v"], {
      env: { ...env, VERBOSE_SSL_KEY: "verbose-key-3c2b1a" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("# request: POST /api/fleet/outputs");
    expect(result.stdout).toContain('#         "key": "(sensitive)"');
    expect(result.stdout).toContain("#   /secrets/ssl/key: the manifest's value at /secrets/ssl/key");
    expect(result.stdout + result.stderr).not.toContain("verbose-key-3c2b1a");
  });

  it("refuses --prune-kinds without --prune instead of ignoring it", async () => {
    const file = await manifest({ agent_policies: [POLICY] });
    const result = await runCli(["plan", file, "--prune-kinds", "agent_policies"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--prune-kinds narrows --prune, which is not given");
  });

  it("refuses a reference to an id that neither the manifests nor Kibana have, naming the place", async () => {
    const file = await manifest({ agent_policies: [{ ...POLICY, data_output_id: "es-typo" }] });
    const result = await runCli(["plan", file], { env });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(
      /fleet\.yaml:\d+:\d+: data_output_id refers to outputs "es-typo", which neither the manifests nor Kibana have/,
    );
  });

  it("refuses a new id whose name another live object has, and names the id to adopt", async () => {
    await api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "made-by-hand", name: "Web servers", namespace: "default" },
    });
    const file = await manifest({ agent_policies: [POLICY] });
    const result = await runCli(["apply", file, "--auto-approve"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain("set `id: made-by-hand` in the manifest");
    expect((await api.request("GET", "/api/fleet/agent_policies")).body.items).toHaveLength(2);
  });

  it("refuses to change a managed object before applying anything", async () => {
    await api.close();
    await sim.close();
    sim = await startSimulator({ port: 0, apiKey: "plan-key", profile: "hosted-fleet-server" });
    env = kibanaEnv({ url: sim.url, apiKey: "plan-key" });
    api = new KibanaClient({ url: sim.url, apiKey: "plan-key" });
    const file = await manifest({
      proxies: [{ id: "px", name: "Proxy", url: "http://proxy.example.com:3128" }],
      agent_policies: [{ id: "fleet-server-policy", name: "Renamed", namespace: "default" }],
    });
    const result = await runCli(["apply", file, "--auto-approve"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/managed .*fleetform never changes it/);
    expect((await api.request("GET", "/api/fleet/proxies")).body.items).toEqual([]);
  });

  it("applies a saved plan file when Kibana has not changed since", async () => {
    const file = await manifest({ agent_policies: [POLICY] });
    const planFile = path.join(dir, "reviewed.plan");
    expect((await runCli(["plan", file, "--out", planFile], { env })).code).toBe(0);
    const applied = await runCli(["apply", "--plan", planFile], { env });
    expect(applied.code).toBe(0);
    expect((await api.request("GET", "/api/fleet/agent_policies/web")).body.item.name).toBe("Web servers");
  });

  it("applies a saved plan from another checkout of the same manifests", async () => {
    const checkoutA = path.join(dir, "a");
    const checkoutB = path.join(dir, "b");
    for (const checkout of [checkoutA, checkoutB]) {
      await mkdir(path.join(checkout, "fleet"), { recursive: true });
      await writeFile(path.join(checkout, "fleet", "policies.yaml"), stringify({ agent_policies: [POLICY] }));
    }
    const planFile = path.join(dir, "shared.plan");
    expect((await runCli(["plan", "fleet", "--out", planFile], { env, cwd: checkoutA })).code).toBe(0);
    const applied = await runCli(["apply", "--plan", planFile], { env, cwd: checkoutB });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(readFileSync(planFile, "utf8")).paths).toEqual(["fleet"]);
  });

  it("applies a saved plan in the space it was made for, and refuses another", async () => {
    const file = await manifest({ agent_policies: [POLICY] });
    const planFile = path.join(dir, "team.plan");
    expect((await runCli(["plan", file, "--space", "team-a", "--out", planFile], { env })).code).toBe(0);
    const wrong = await runCli(["apply", "--plan", planFile, "--space", "team-b"], { env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('was made for space "team-a", not "team-b"');
    expect((await runCli(["apply", "--plan", planFile], { env })).code).toBe(0);
    const teamA = new KibanaClient({ url: sim.url, apiKey: "plan-key", space: "team-a" });
    expect((await teamA.request("GET", "/api/fleet/agent_policies/web")).body.item.name).toBe("Web servers");
    await teamA.close();
  });

  it("refuses a saved plan file once Kibana changed since, naming the object, and applies nothing", async () => {
    const file = await manifest({ agent_policies: [POLICY] });
    const planFile = path.join(dir, "reviewed.plan");
    expect((await runCli(["plan", file, "--out", planFile], { env })).code).toBe(0);
    await api.request("POST", "/api/fleet/agent_policies", {
      body: { id: "other", name: "Other", namespace: "default" },
    });
    const stale = await runCli(["apply", "--plan", planFile], { env });
    expect(stale.code).toBe(1);
    expect(stale.stderr + stale.stdout).toContain("other");
    const web = await api.request("GET", "/api/fleet/agent_policies/web", { allowErrors: true });
    expect(web.status).toBe(404);
  });
});
