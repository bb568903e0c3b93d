import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, ROOT, runCli } from "./run-cli.js";

const PLAN_SCHEMA = path.resolve(ROOT, "../shared/docs/plan-output.schema.json");

/** A policy in the run's space and one in "ops", in two documents of one file. */
const TWO_SPACES = `agent_policies:
  - id: home-linux
    name: Linux
    namespace: default
---
space: ops
agent_policies:
  - id: ops-linux
    name: Linux
    namespace: default
`;

let sim: RunningSimulator;
let env: Record<string, string>;
let file: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "spaces-key" });
  env = kibanaEnv({ url: sim.url, apiKey: "spaces-key" });
  file = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-spaces-")), "fleet.yaml");
  await writeFile(file, TWO_SPACES);
});
afterEach(() => sim.close());

describe("a plan over several spaces, from the command line", () => {
  it("names every space on the target line and each operation's space", async () => {
    const plan = await runCli(["plan", file], { env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^Target: Kibana \S+ at \S+, spaces "default", "ops"$/m);
    expect(plan.stdout).toContain('+ agent policy "home-linux" in space "default" (Linux) will be created');
    expect(plan.stdout).toContain('+ agent policy "ops-linux" in space "ops" (Linux) will be created');
  });

  it("names each operation's space in the Markdown plan", async () => {
    const plan = await runCli(["plan", file, "--markdown"], { env });
    expect(plan.stdout).toContain('+ agent policy "ops-linux" in space "ops" (Linux) will be created');
    expect(plan.stdout).toContain("spaces `default`, `ops`");
  });

  it.skipIf(!existsSync(PLAN_SCHEMA))(
    "gives each operation its space in --json, valid against plan-output.schema.json",
    async () => {
      const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(PLAN_SCHEMA, "utf8")));
      const plan = JSON.parse((await runCli(["plan", file, "--json"], { env })).stdout);
      expect(validate(plan), JSON.stringify(validate.errors)).toBe(true);
      expect(plan.target.spaces).toEqual(["default", "ops"]);
      expect(plan.operations.map((op: { id: string; space: string }) => `${op.id} ${op.space}`)).toEqual([
        "home-linux default",
        "ops-linux ops",
      ]);
    },
  );

  it("applies, then plans clean and finds no drift", async () => {
    const apply = await runCli(["apply", file, "--auto-approve"], { env });
    expect(apply.code).toBe(0);
    expect(apply.stderr + apply.stdout).toContain('agent policy "ops-linux" in space "ops" created');
    const plan = await runCli(["plan", file, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
    expect((await runCli(["drift", file], { env })).code).toBe(0);
  });

  it("applies a saved plan to every space it covers", async () => {
    const saved = path.join(path.dirname(file), "plan.json");
    expect((await runCli(["plan", file, "--out", saved], { env })).code).toBe(0);
    const apply = await runCli(["apply", file, "--plan", saved, "--auto-approve"], { env });
    expect(apply.code).toBe(0);
    const plan = await runCli(["plan", file, "--detailed-exitcode"], { env });
    expect(plan.code).toBe(0);
  });

  it("reports drift in a space with the object's space", async () => {
    await runCli(["apply", file, "--auto-approve"], { env });
    const ops = new KibanaClient({ url: sim.url, apiKey: "spaces-key", space: "ops" });
    await ops.request("PUT", "/api/fleet/agent_policies/ops-linux", {
      body: { name: "Linux", namespace: "default", description: "changed by hand" },
    });
    await ops.close();
    const drift = await runCli(["drift", file], { env });
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain('agent policy "ops-linux" in space "ops" differs from the manifests');
  });

  it("exports one space with its space named, so the export plans clean whatever --space says", async () => {
    await runCli(["apply", file, "--auto-approve"], { env });
    const exported = await runCli(["export", "--space", "ops", "--kinds", "agent_policies"], { env });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^space: ops$/m);
    expect(exported.stdout).toContain("id: ops-linux");
    expect(exported.stdout).not.toContain("home-linux");
    const copy = path.join(path.dirname(file), "exported.yaml");
    await writeFile(copy, exported.stdout);
    const plan = await runCli(["plan", copy, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("names the one space a plan covers when it is not the run's, in text, operations and --json", async () => {
    await writeFile(file, TWO_SPACES.split("---\n")[1]!);
    const plan = await runCli(["plan", file], { env });
    expect(plan.stdout).toMatch(/^Target: Kibana \S+ at \S+, space "ops"$/m);
    expect(plan.stdout).toContain('+ agent policy "ops-linux" in space "ops" (Linux) will be created');
    const json = JSON.parse((await runCli(["plan", file, "--json"], { env })).stdout);
    expect(json.target.spaces).toEqual(["ops"]);
  });

  it("refuses an agent policy id used in two spaces, naming both places", async () => {
    await writeFile(file, TWO_SPACES.replace("ops-linux", "home-linux"));
    const validate = await runCli(["validate", file], { env });
    expect(validate.code).toBe(1);
    expect(validate.stderr + validate.stdout).toContain(
      `fleet.yaml:8:9: error: id "home-linux" of agent_policies is in space "ops" here and in the run's space (--space) at ${file}:2:9`,
    );
  });
});
