/**
 * A CI runner can kill fleetform outright (SIGKILL, OOM, a cancelled job) in the middle of an apply:
 * nothing is cleaned up, some operations landed and some did not. The next apply must converge.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import {
  API_KEY,
  DONE_LINE,
  FORTY,
  liveObjects,
  manyObjectsYaml,
  ownObjects,
  sortedDesired,
  startCli,
  writeManifest,
} from "./helpers.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("an apply killed outright", () => {
  it("converges on the next run after SIGKILL mid-apply, with nothing created twice", async () => {
    const dir = await writeManifest(manyObjectsYaml(FORTY));
    sim = await startSimulator({ port: 0, apiKey: API_KEY, latencyMs: 50 });
    const env = kibanaEnv({ url: sim.url, apiKey: API_KEY });

    const first = startCli(["apply", dir, "--auto-approve", "--concurrency", "2"], env);
    await first.waitForLines(DONE_LINE, 6);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    // A request sent just before the kill still lands once the simulator's latency has passed.
    await sleep(200);

    // Killed mid-apply: some objects exist, not all.
    const total = (objects: Record<string, unknown[]>) =>
      Object.values(objects).reduce((n, items) => n + items.length, 0);
    const partial = total(ownObjects(await liveObjects(sim)));
    expect(partial).toBeGreaterThanOrEqual(6);
    expect(partial).toBeLessThan(40);

    const second = await runCli(["apply", dir, "--auto-approve"], { env });
    expect(second.stderr).not.toMatch(/✗|not started|skipped/);
    expect(second.stdout).toContain(`Apply complete: ${40 - partial} created, 0 updated, 0 deleted.`);
    expect(second.code).toBe(0);

    expect(ownObjects(await liveObjects(sim))).toEqual(sortedDesired(FORTY));
    const plan = await runCli(["plan", dir, "--detailed-exitcode"], { env });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });
});
