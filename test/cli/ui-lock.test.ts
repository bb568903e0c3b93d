/**
 * The UI lock through the command line (examples/ui-lock): a policy the manifest locks with
 * `is_managed: true` is applied, shows no drift, refuses Jane's edit made the UI's way, and has a
 * change made elsewhere with force (another tool) taken back by the next apply.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { example, kibanaEnv, runCli } from "./run-cli.js";

const DIR = example("ui-lock");

let sim: RunningSimulator;
let env: Record<string, string>;
/** Someone else, with Kibana's API. */
let jane: KibanaClient;

beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "ci-key", username: "jane", password: "jane-pw" });
  env = kibanaEnv({ url: sim.url, apiKey: "ci-key" });
  jane = new KibanaClient({ url: sim.url, username: "jane", password: "jane-pw" });
  const applied = await runCli(["apply", DIR, "--auto-approve"], { env });
  expect(applied.code).toBe(0);
});
afterEach(async () => {
  await jane.close();
  await sim.close();
});

const edit = (extra: object = {}) =>
  jane.request("PUT", "/api/fleet/agent_policies/payments", {
    body: { name: "Payments servers", namespace: "payments", description: "edited by Jane", ...extra },
    allowErrors: true,
  });

describe("a locked policy applied from the CLI", () => {
  it("shows no drift after apply", async () => {
    const drift = await runCli(["drift", DIR], { env });
    expect(drift.stdout).toContain("No drift");
    expect(drift.code).toBe(0);
  });

  it("refuses an edit without force with Kibana's message, so there is still no drift", async () => {
    const res = await edit();
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^Cannot update description in Fleet because the agent policy is managed/,
    );
    expect((await runCli(["drift", DIR], { env })).code).toBe(0);
  });

  it("takes back, with force, a change someone forced through the API", async () => {
    expect((await edit({ force: true })).status).toBe(200);
    const drift = await runCli(["drift", DIR], { env });
    expect(drift.code).toBe(2);
    const apply = await runCli(["apply", DIR, "--auto-approve"], { env });
    expect(apply.stdout).toContain("1 updated");
    expect((await runCli(["drift", DIR], { env })).code).toBe(0);
  });
});
