/**
 * Paged lists are read whole or not at all. Kibana echoes the `perPage` it used and counts every
 * object in `total` (docs/kibana-fleet-behaviours.md "Response: {items,total,page,perPage}, where
 * page/perPage echo the request"; x-pack/platform/plugins/shared/fleet/server/routes/package_policy/
 * handlers.ts, getPackagePoliciesHandler): a proxy or a Kibana that caps perPage makes pages shorter,
 * and a read that does not reach `total` must stop the plan, never plan creates or prunes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import { API_KEY, manyObjectsYaml, type ObjectCounts, writeManifest } from "./helpers.js";

/** More integration and agent policies than the cap lets through in one page. */
const COUNTS: ObjectCounts = {
  proxies: 0,
  outputs: 0,
  download_sources: 0,
  fleet_server_hosts: 0,
  agent_policies: 25,
  integration_policies: 30,
};
const CAP = 20;

let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
  env = kibanaEnv({ url: sim.url, apiKey: API_KEY });
  dir = await writeManifest(manyObjectsYaml(COUNTS));
  const seeded = await runCli(["apply", dir, "--auto-approve", "--concurrency", "16"], { env });
  expect(seeded.code, seeded.stderr).toBe(0);
});
afterEach(() => sim.close());

const writes = () =>
  Object.entries(sim.stats().byRoute)
    .filter(([route]) => !route.startsWith("GET "))
    .reduce((n, [, count]) => n + count, 0);

describe("lists whose pages are shorter than fleetform asked", () => {
  it("a converged Kibana behind a proxy capping perPage plans no changes", async () => {
    sim.setFaults({ capPerPage: CAP });
    const plan = await runCli(["plan", dir, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
    // It read the lists in pages of the capped size.
    expect(sim.stats().byRoute["GET /api/fleet/package_policies"]).toBeGreaterThanOrEqual(2);
  });

  it("a short page that does not say so stops apply --prune before any write, naming what was read", async () => {
    sim.setFaults({ capPerPage: CAP, capPerPageEcho: "asked" });
    const before = writes();
    const apply = await runCli(
      [
        "apply",
        await writeManifest(manyObjectsYaml({ ...COUNTS, agent_policies: 5, integration_policies: 5 })),
        "--auto-approve",
        "--prune",
      ],
      { env },
    );
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(
      /is not a whole list: read 20 distinct (agent|integration) policy objects of the \d+ Kibana counts/,
    );
    expect(apply.stderr).toContain("Nothing was planned");
    expect(apply.stdout).not.toMatch(/deleted|created/);
    expect(writes()).toBe(before);
  });
});
