import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "./run-cli.js";

const MANIFEST = {
  agent_policies: [{ id: "web", name: "Web servers", namespace: "prod", description: "nginx fleet" }],
  proxies: [{ id: "px", name: "Proxy", url: "http://proxy.example.com:3128" }],
};

let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
/** Someone else, changing Kibana by hand. */
let jane: KibanaClient;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "ci-key", username: "jane", password: "jane-pw" });
  env = kibanaEnv({ url: sim.url, apiKey: "ci-key" });
  jane = new KibanaClient({ url: sim.url, username: "jane", password: "jane-pw" });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-drift-"));
  await writeFile(path.join(dir, "fleet.yaml"), stringify(MANIFEST));
  const applied = await runCli(["apply", dir, "--auto-approve"], { env });
  expect(applied.code).toBe(0);
});
afterEach(async () => {
  await jane.close();
  await sim.close();
});

async function changeDescriptionByHand() {
  await jane.request("PUT", "/api/fleet/agent_policies/web", {
    body: { name: "Web servers", namespace: "prod", description: "edited in the UI" },
  });
}

describe("drift", () => {
  it("exits 0 when Kibana matches the manifests", async () => {
    const result = await runCli(["drift", dir], { env });
    expect(result.stdout).toContain("No drift");
    expect(result.code).toBe(0);
  });

  it("exits 2 after an object is changed behind fleetform's back, naming the field, both values and who", async () => {
    await changeDescriptionByHand();
    const result = await runCli(["drift", dir], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('agent policy "web"');
    expect(result.stdout).toContain(
      'description: Kibana has "edited in the UI", manifest says "nginx fleet"',
    );
    expect(result.stdout).toContain("by jane");
  });

  it("exits 2 for a field set by hand that the manifest leaves out", async () => {
    await jane.request("PUT", "/api/fleet/agent_policies/web", {
      body: { name: "Web servers", namespace: "prod", description: "nginx fleet", unenroll_timeout: 600 },
    });
    const result = await runCli(["drift", dir], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("unenroll_timeout: Kibana has 600, manifest leaves it to the default 0");
  });

  it("reports drift as JSON with who changed it and when", async () => {
    await changeDescriptionByHand();
    const result = await runCli(["drift", dir, "--json"], { env });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.in_sync).toBe(false);
    expect(report.operations).toEqual([
      expect.objectContaining({
        action: "update",
        kind: "agent_policies",
        id: "web",
        updated_by: "jane",
        updated_at: expect.any(String),
      }),
    ]);
  });

  it("writes a Markdown report with the summary first and the details folded", async () => {
    await changeDescriptionByHand();
    const result = await runCli(["drift", dir, "--markdown"], { env });
    expect(result.code).toBe(2);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe("<!-- fleetform-drift -->");
    expect(lines[1]).toBe("### fleetform drift report");
    expect(result.stdout).toContain("**1 object** drifted");
    expect(result.stdout).toContain("<details><summary>");
    expect(result.stdout.indexOf("drifted")).toBeLessThan(result.stdout.indexOf("<details>"));
  });

  it("counts live objects the manifests do not mention as unmanaged, without failing", async () => {
    await jane.request("POST", "/api/fleet/proxies", {
      body: { id: "hand-made", name: "Hand made", url: "http://h.example.com:3128" },
    });
    const result = await runCli(["drift", dir], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Unmanaged (in Kibana, not in the manifests): 1 proxy, 1 agent policy (--show-unmanaged lists them).",
    );
    expect(result.stdout).not.toContain("hand-made");
  });

  it("lists live objects the manifests do not mention with --show-unmanaged", async () => {
    await jane.request("POST", "/api/fleet/proxies", {
      body: { id: "hand-made", name: "Hand made", url: "http://h.example.com:3128" },
    });
    const result = await runCli(["drift", dir, "--show-unmanaged"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('proxy "hand-made" (Hand made)');
  });

  it("counts unmanaged objects as drift with --prune", async () => {
    await jane.request("POST", "/api/fleet/proxies", {
      body: { id: "hand-made", name: "Hand made", url: "http://h.example.com:3128" },
    });
    const result = await runCli(["drift", dir, "--prune"], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('proxy "hand-made" exists in Kibana but not in the manifests');
  });

  describe("a plan problem", () => {
    /** A manifest whose agent policy refers to an output nobody has. */
    async function brokenReference(): Promise<string> {
      const broken = path.join(dir, "broken");
      await mkdir(broken);
      const policy = { ...MANIFEST.agent_policies[0], data_output_id: "es-typo" };
      await writeFile(path.join(broken, "fleet.yaml"), stringify({ agent_policies: [policy] }));
      return broken;
    }
    const PROBLEM = /✗ .*fleet\.yaml:\d+:\d+: data_output_id refers to outputs "es-typo"/;
    const HINT = 'add outputs "es-typo" to a manifest, or fix the id';

    it("is reported with its file:line:column and hint, as plan reports it", async () => {
      const broken = await brokenReference();
      const plan = await runCli(["plan", broken], { env });
      const drift = await runCli(["drift", broken], { env });
      expect(drift.code).toBe(1);
      const planLine = plan.stdout.split("\n").find((line) => PROBLEM.test(line));
      expect(planLine).toBeDefined();
      expect(drift.stderr).toContain(`${planLine}\n      ${HINT}`);
    });

    it("is reported in the Markdown report with its file:line:column and hint", async () => {
      const result = await runCli(["drift", await brokenReference(), "--markdown"], { env });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /- `[^`]*fleet\.yaml:\d+:\d+`: data_output_id refers to outputs "es-typo"/,
      );
      expect(result.stdout).toContain(HINT);
    });
  });
});
