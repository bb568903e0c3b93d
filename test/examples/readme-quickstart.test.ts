/**
 * The README's quickstart shows the plan made after the quickstart apply: it must be what fleetform
 * prints, word for word (the simulator's port aside).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { example, kibanaEnv, ROOT, runCli } from "../cli/run-cli.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: "fleetform-sim" });
});
afterAll(async () => {
  await sim.close();
});

/** The README block that starts with `$ npx fleetform plan examples/quickstart`. */
function readmeSecondPlan(): string {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = /```\n\$ npx fleetform plan examples\/quickstart\n([\s\S]*?)```/.exec(readme);
  expect(block, "the README shows the second plan").not.toBeNull();
  return block![1]!;
}

describe("the README quickstart", () => {
  it("shows the clean plan fleetform prints after the quickstart apply", async () => {
    const env = kibanaEnv({ url: sim.url, apiKey: "fleetform-sim" });
    const apply = await runCli(["apply", example("quickstart"), "--auto-approve"], { env });
    expect(apply.code).toBe(0);
    const plan = await runCli(["plan", "examples/quickstart"], { env });
    expect(plan.stdout.replace(sim.url, "http://127.0.0.1:5601")).toBe(readmeSecondPlan());
  });
});
