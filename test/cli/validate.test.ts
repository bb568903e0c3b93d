/**
 * `validate` reports every problem of every file in one run, and an unknown reference id gets a
 * did-you-mean from the ids the manifests (and, at plan, Kibana) have.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "./run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-validate-"));
});

async function manifest(name: string, yaml: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, yaml);
  return file;
}

const ES_PROD =
  "  - id: es-prod\n    name: Production\n    type: elasticsearch\n    hosts: [https://es:9200]\n";

describe("validate", () => {
  it("reports a duplicate id and the schema errors of the same file in one run", async () => {
    const file = await manifest(
      "dup.yaml",
      "proxies:\n  - id: px\n    name: Proxy\n    url: http://p:3128\n  - id: px\n    url: http://q:3128\n",
    );
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/dup\.yaml:5:9: error: duplicate id "px" in proxies/);
    expect(result.stderr).toMatch(/dup\.yaml:5:5: error: missing required field "name" in proxies "px"/);
    expect(result.stderr).toContain("2 errors in the manifests");
  });

  it("suggests the closest id the manifests have for an unknown reference", async () => {
    const file = await manifest(
      "typo.yaml",
      `outputs:\n${ES_PROD}agent_policies:\n  - id: web\n    name: Web\n    namespace: default\n    data_output_id: es-prdo\n`,
    );
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /typo\.yaml:10:21: warning: data_output_id refers to outputs "es-prdo", .*; did you mean "es-prod"\?/,
    );
    expect(result.stderr).toContain('change it to "es-prod"');
  });
});

describe("plan", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, apiKey: "validate-key" });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("suggests the closest id Kibana has for an unknown reference", async () => {
    const file = await manifest(
      "live-typo.yaml",
      "agent_policies:\n  - id: web\n    name: Web\n    namespace: default\n    data_output_id: fleet-default-ouptut\n",
    );
    const result = await runCli(["plan", file], { env: kibanaEnv({ url: sim.url, apiKey: "validate-key" }) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('did you mean "fleet-default-output"?');
  });
});
