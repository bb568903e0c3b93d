/**
 * `fleetform token POLICY_ID` for bootstrap scripts: the secret of the active token on stdout alone,
 * and never anywhere else (plans, JSON plans, drift). Kibana returns `api_key` in clear in every list
 * (FLEET/server/services/api_keys/enrollment_api_key.ts, esDocToEnrollmentApiKey).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "./run-cli.js";

let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
let api: KibanaClient;

const MANIFEST = {
  agent_policies: [
    { id: "ap", name: "AP", namespace: "default", enrollment_tokens: [{ name: "bootstrap" }] },
  ],
};

beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "ci-key" });
  env = kibanaEnv({ url: sim.url, apiKey: "ci-key" });
  api = new KibanaClient({ url: sim.url, apiKey: "ci-key" });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-token-"));
  await writeFile(path.join(dir, "fleet.yaml"), stringify(MANIFEST));
});
afterEach(async () => {
  await api.close();
  await sim.close();
});

async function secretOf(name: string): Promise<string> {
  const res = await api.request("GET", "/api/fleet/enrollment_api_keys", {
    query: { kuery: 'policy_id:"ap"' },
  });
  return res.body.items.find((k: any) => k.active && k.name.startsWith(`${name} `)).api_key;
}

describe("fleetform token", () => {
  it("prints the declared token's secret, and nothing else, on stdout", async () => {
    expect((await runCli(["apply", dir, "--auto-approve"], { env })).code).toBe(0);
    const result = await runCli(["token", "ap", "--name", "bootstrap"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${await secretOf("bootstrap")}\n`);
  });

  it("without --name, picks the one active token besides Kibana's Default", async () => {
    await runCli(["apply", dir, "--auto-approve"], { env });
    const result = await runCli(["token", "ap", "--json"], { env });
    expect(JSON.parse(result.stdout)).toMatchObject({
      policy_id: "ap",
      name: "bootstrap",
      token: await secretOf("bootstrap"),
    });
  });

  it("names the tokens there are when the one asked for is missing, without any secret", async () => {
    await runCli(["apply", dir, "--auto-approve"], { env });
    const result = await runCli(["token", "ap", "--name", "ci"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'no active enrollment token named "ci"; its active tokens: "bootstrap", "Default"',
    );
    expect(result.stderr + result.stdout).not.toContain(await secretOf("bootstrap"));
  });

  it("plans, JSON plans and drift say a token is missing, never a secret", async () => {
    await runCli(["apply", dir, "--auto-approve"], { env });
    const secret = await secretOf("bootstrap");
    const [old] = (await api.request("GET", "/api/fleet/enrollment_api_keys")).body.items.filter((k: any) =>
      k.name.startsWith("bootstrap "),
    );
    await api.request("DELETE", `/api/fleet/enrollment_api_keys/${old.id}`);
    const drift = await runCli(["drift", dir], { env });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('enrollment token "bootstrap" of agent policy "ap" has no active token');
    const plan = await runCli(["plan", dir, "--json", "--rotate-tokens"], { env });
    expect(JSON.parse(plan.stdout).enrollment_tokens).toMatchObject([{ action: "create", policy_id: "ap" }]);
    for (const out of [drift, plan]) expect(out.stdout + out.stderr).not.toContain(secret);
  });

  it("Kibana's Default token is not drift", async () => {
    await runCli(["apply", dir, "--auto-approve"], { env });
    const drift = await runCli(["drift", dir], { env });
    expect(drift.stdout).toContain("No drift");
    expect(drift.code).toBe(0);
  });
});
