/**
 * Soak: 200 objects of every kind applied through a Kibana that answers ~20% of requests with
 * 429/503 and drops ~5% of connections, half of them after the request was handled (the answer is
 * lost, so a retried create meets its own object). Faults are seeded, so a failure reproduces.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import {
  API_KEY,
  FORTY,
  liveObjects,
  manyObjectsYaml,
  type ObjectCounts,
  ownObjects,
  sortedDesired,
  writeManifest,
} from "./helpers.js";

const COUNTS: ObjectCounts = {
  proxies: 20,
  outputs: 30,
  download_sources: 20,
  fleet_server_hosts: 20,
  agent_policies: 50,
  integration_policies: 60,
};

const FAULTS = {
  seed: 12345,
  failRate: 0.2,
  // Half the failures are 429 (with Retry-After: 1), half 503.
  failStatus: [429, 503] as (429 | 503)[],
  resetRate: 0.05,
  // Half the drops lose the answer of a request that was handled: retried creates meet 409.
  lostResponseShare: 0.5,
};

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("applying under faults", () => {
  it("converges 200 objects through 20% 429/503 answers and 5% dropped connections, creating none twice", async () => {
    expect(Object.values(COUNTS).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
    const dir = await writeManifest(manyObjectsYaml(COUNTS));
    sim = await startSimulator({ port: 0, apiKey: API_KEY, ...FAULTS });
    const env = kibanaEnv({ url: sim.url, apiKey: API_KEY });

    const apply = await runCli(["apply", dir, "--auto-approve", "--concurrency", "16"], { env });
    expect(apply.stderr).not.toMatch(/✗|not started|skipped/);
    expect(apply.stdout).toContain("Apply complete: 200 created, 0 updated, 0 deleted.");
    expect(apply.code).toBe(0);
    // The faults really happened, at about the rates asked for.
    const { requests, faults } = sim.stats();
    expect(faults.fail / requests).toBeGreaterThan(0.15);
    expect((faults.reset + faults.lost) / requests).toBeGreaterThan(0.03);
    expect(faults.lost).toBeGreaterThan(0);
    expect(apply.stderr).toContain("already created by an earlier attempt");

    expect(ownObjects(await liveObjects(sim))).toEqual(sortedDesired(COUNTS));

    const plan = await runCli(["plan", dir, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  }, 60_000);

  it("converges updates and pruning deletes through the same faults, none reported falsely as failed", async () => {
    const before: ObjectCounts = { ...FORTY, agent_policies: 20, integration_policies: 30 };
    const after: ObjectCounts = { ...FORTY, agent_policies: 15, integration_policies: 15 };
    const first = await writeManifest(manyObjectsYaml(before));
    // A hosted Fleet Server policy: its integrations are managed, so pruning takes only this test's.
    sim = await startSimulator({ port: 0, apiKey: API_KEY, profile: "hosted-fleet-server" });
    const env = kibanaEnv({ url: sim.url, apiKey: API_KEY });
    const seeded = await runCli(["apply", first, "--auto-approve", "--concurrency", "16"], { env });
    expect(seeded.code).toBe(0);

    // 15 integration policies and 5 agent policies (with their integration policies) go, and every
    // remaining integration policy changes its tags.
    const second = await writeManifest(manyObjectsYaml(after, "rel", "soak-v2"));
    sim.setFaults({ ...FAULTS, seed: 8 });
    const apply = await runCli(
      [
        "apply",
        second,
        "--auto-approve",
        "--concurrency",
        "16",
        "--prune",
        "--prune-kinds",
        "agent_policies,integration_policies",
      ],
      { env },
    );
    expect(apply.stderr).not.toMatch(/✗|not started|skipped/);
    expect(apply.stdout).toContain("Apply complete: 0 created, 15 updated, 20 deleted.");
    expect(apply.code).toBe(0);
    // Some answers were lost (lost-answers.test.ts makes sure it is a write's, one by one).
    expect(sim.stats().faults.lost).toBeGreaterThan(0);

    expect(ownObjects(await liveObjects(sim))).toEqual(sortedDesired(after));
    const plan = await runCli(["plan", second, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  }, 60_000);
});
