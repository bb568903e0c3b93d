import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, describe, expect, it } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "../../src/sim/index.js";
import { startCli } from "../reliability/helpers.js";
import { kibanaEnv, ROOT, runCli } from "./run-cli.js";

const PLAN_SCHEMA = JSON.parse(
  readFileSync(path.resolve(ROOT, "../shared/docs/plan-output.schema.json"), "utf8"),
);
const API_KEY = "check-key";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function kibana(options: SimulatorOptions = {}) {
  sim = await startSimulator({ port: 0, apiKey: API_KEY, ...options });
  return kibanaEnv({ url: sim.url, apiKey: API_KEY });
}

/** Every space and every object whose id starts with fleetform-check-, across the spaces that exist. */
async function leftBehind(): Promise<string[]> {
  const api = new KibanaClient({ url: sim!.url, apiKey: API_KEY });
  try {
    const spaces = (await api.request("GET", "/api/spaces/space")).body.map((s: any) => s.id as string);
    const found = spaces
      .filter((s: string) => s.startsWith("fleetform-check-"))
      .map((s: string) => `space/${s}`);
    for (const list of ["outputs", "proxies", "agent_download_sources", "fleet_server_hosts"]) {
      const items = (await api.request("GET", `/api/fleet/${list}`)).body.items;
      found.push(
        ...items.filter((o: any) => o.id.startsWith("fleetform-check-")).map((o: any) => `${list}/${o.id}`),
      );
    }
    for (const list of ["agent_policies", "package_policies"]) {
      const items = (await api.request("GET", `/api/fleet/${list}`, { query: { perPage: 100 } })).body.items;
      found.push(
        ...items.filter((o: any) => o.id.startsWith("fleetform-check-")).map((o: any) => `${list}/${o.id}`),
      );
    }
    return found;
  } finally {
    await api.close();
  }
}

describe("fleetform check-kibana", () => {
  it("matches the simulator on every kind and output type (--sim), exit 0, --json valid against the schema", async () => {
    const result = await runCli(["check-kibana", "--sim", "--auto-approve", "--json"]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(new Ajv2020({ strict: false }).validate(PLAN_SCHEMA, doc)).toBe(true);
    expect(doc.result).toBe("matched");
    expect(doc.checks.map((c: any) => (c.variant ? `${c.kind} (${c.variant})` : c.kind))).toEqual([
      "outputs (elasticsearch)",
      "outputs (logstash)",
      "outputs (kafka)",
      "outputs (remote_elasticsearch)",
      "proxies",
      "download_sources",
      "fleet_server_hosts",
      "agent_policies",
      "integration_policies",
      "case_settings",
    ]);
    for (const check of doc.checks) {
      expect([check.create, check.replan, check.update].map((s: any) => s.status)).toEqual([
        "ok",
        "ok",
        "ok",
      ]);
      expect(check.delete.status).toBe(check.kind === "case_settings" ? "not-applicable" : "ok");
      if (check.kind !== "case_settings") expect(check.id).toMatch(/^fleetform-check-[0-9a-f]{6}-/);
    }
    expect(doc.summary).toEqual({ create: 10, update: 10, delete: 9, unchanged: 0 });
  });

  it("prints a table of what matched per kind and phase", async () => {
    const result = await runCli(["check-kibana", "--sim", "--auto-approve"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/outputs \(kafka\) +✓ +✓ +✓ +✓/);
    expect(result.stdout).toMatch(/case_settings +✓ +✓ +✓ +n\/a/);
    expect(result.stdout).toContain("All matched");
  });

  it("reports each field a Kibana stores otherwise, per kind and phase, exits 2, and leaves nothing behind", async () => {
    const env = await kibana({ mangleField: "description" });
    const result = await runCli(["check-kibana", "--auto-approve"], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/agent_policies +✗ +✗ +✗ +✓/);
    expect(result.stdout).toMatch(/integration_policies +✗ +✗ +✗ +✓/);
    expect(result.stdout).toMatch(/outputs \(elasticsearch\) +✓ +✓ +✓ +✓/);
    expect(result.stdout).toMatch(
      /✗ agent_policies "fleetform-check-[0-9a-f]{6}-agent-policy", re-plan: Kibana holds description otherwise than the manifest says/,
    );
    expect(await leftBehind()).toEqual([]);
  });

  it("refuses to write without a terminal unless --auto-approve is given", async () => {
    const env = await kibana();
    const result = await runCli(["check-kibana"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("pass --auto-approve to run it without asking");
    expect(sim!.stats().requests).toBe(0);
  });

  it("on SIGINT finishes the request in flight, deletes what it created and the space, and exits 130", async () => {
    const env = await kibana({ latencyMs: 40 });
    const run = startCli(["check-kibana", "--auto-approve"], env);
    await run.waitForLines(/^creating \d+ objects/, 1);
    await sleep(400);
    run.child.kill("SIGINT");
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.stderr()).toContain(
      "SIGINT: finishing the request in flight, then deleting what the check created",
    );
    expect(run.stdout()).toContain("Interrupted: what the check had created was deleted.");
    expect(await leftBehind()).toEqual([]);
  });
});
