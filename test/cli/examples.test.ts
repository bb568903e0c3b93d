import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { EXAMPLE_ENV, kibanaEnv, ROOT, runCli } from "./run-cli.js";

/** Every example of manifests (examples/ci holds CI recipes, tested in test/examples). */
const examples = readdirSync(path.join(ROOT, "examples"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "ci")
  .map((d) => d.name);

let sim: RunningSimulator;
let env: Record<string, string>;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "examples-key" });
  env = { ...kibanaEnv({ url: sim.url, apiKey: "examples-key" }), ...EXAMPLE_ENV };
});
afterEach(() => sim.close());

describe.each(examples)("example %s", (name) => {
  const dir = path.join("examples", name);

  it("applies to an empty Kibana and then plans clean", async () => {
    const apply = await runCli(["apply", dir, "--auto-approve"], { env });
    expect(apply.stderr + apply.stdout).not.toContain("✗");
    expect(apply.code).toBe(0);
    const plan = await runCli(["plan", dir, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("never prints the secret values it sends", async () => {
    const apply = await runCli(["apply", dir, "--auto-approve", "--json"], { env });
    for (const secret of Object.values(EXAMPLE_ENV)) {
      expect(apply.stdout).not.toContain(secret);
      expect(apply.stderr).not.toContain(secret);
    }
  });
});

describe("the README's main command", () => {
  it("converges the quickstart against the embedded simulator", async () => {
    const result = await runCli(["apply", "examples/quickstart", "--sim", "--auto-approve"]);
    expect(result.stdout).toContain("Apply complete");
    expect(result.code).toBe(0);
  });
});
