// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/**
 * Text in Kibana may contain `${`: export must write it so that the next apply sends it back as it
 * is, never interpolating the CI's own environment (its Kibana API key) into a readable field.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "./run-cli.js";

const KEY = "placeholder-key";
let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: KEY });
  env = kibanaEnv({ url: sim.url, apiKey: KEY });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-placeholders-"));
});
afterEach(() => sim.close());

describe("placeholders in exported text", () => {
  it("export writes ${ in live text as $${, and the export still plans clean", async () => {
    const created = await fetch(`${sim.url}/api/fleet/agent_policies`, {
      method: "POST",
      headers: { authorization: `ApiKey ${KEY}`, "kbn-xsrf": "x", "content-type": "application/json" },
      body: JSON.stringify({
        id: "docs",
        name: "Docs",
        namespace: "default",
        description: "enroll with ${env:KIBANA_API_KEY} and $${literal}",
      }),
    });
    expect(created.status).toBe(200);
    const out = path.join(dir, "export");
    expect((await runCli(["export", "--out", out, "--kinds", "agent_policies"], { env })).code).toBe(0);
    const text = await readFile(path.join(out, "agent_policies.yaml"), "utf8");
    expect(text).toContain("enroll with $${env:KIBANA_API_KEY} and $$${literal}");
    const plan = await runCli(["plan", out, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("plan warns when a credential-named variable fills a field that is not write-only", async () => {
    const manifest = path.join(dir, "m.yaml");
    await writeFile(
      manifest,
      [
        "agent_policies:",
        "  - id: docs",
        "    name: Docs",
        "    namespace: default",
        '    description: "enroll with ${env:KIBANA_API_KEY}"',
        "outputs:",
        "  - id: es",
        "    name: ES",
        "    type: elasticsearch",
        '    hosts: ["https://es:9200"]',
        "    secrets: { ssl: { key: '${env:ES_SSL_KEY}' } }",
        "",
      ].join("\n"),
    );
    const plan = await runCli(["plan", manifest], { env: { ...env, ES_SSL_KEY: "ssl-key-value" } });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `${manifest}:5:18: \${env:KIBANA_API_KEY} looks like a credential, and description is not a write-only field`,
    );
    expect(plan.stdout).not.toContain("ES_SSL_KEY");
    expect(plan.stdout).not.toContain(KEY);
  });
});
