/**
 * Ctrl-C (SIGINT) or a CI cancel (SIGTERM) during apply: no new operation starts, the ones in flight
 * finish, the report says what was and was not done, the exit code is 1, and a re-run converges.
 */
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

const CONCURRENCY = 2;

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe.each(["SIGINT", "SIGTERM"] as const)("%s during apply", (signal) => {
  it("finishes the operations in flight, starts no new one, reports both, exits 1, and a re-run converges", async () => {
    const dir = await writeManifest(manyObjectsYaml(FORTY));
    sim = await startSimulator({ port: 0, apiKey: API_KEY, latencyMs: 50 });
    const env = kibanaEnv({ url: sim.url, apiKey: API_KEY });

    const run = startCli(["apply", dir, "--auto-approve", "--concurrency", String(CONCURRENCY)], env);
    await run.waitForLines(DONE_LINE, 6);
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit).toEqual({ code: 1, signal: null });

    const stderr = run.stderr();
    const notice = stderr.indexOf(`${signal}: finishing the operations in flight, starting no new ones`);
    expect(notice).toBeGreaterThan(0);
    // Only operations already in flight complete after the signal.
    const doneAfter = stderr
      .slice(notice)
      .split("\n")
      .filter((l) => DONE_LINE.test(l));
    expect(doneAfter.length).toBeLessThanOrEqual(CONCURRENCY);

    // The report names what was not done, and the objects in Kibana are exactly the reported ones:
    // nothing in flight was abandoned half-way, unreported.
    const stdout = run.stdout();
    expect(stdout).toMatch(
      /Apply interrupted: \d+ created, 0 updated, 0 deleted; 0 failed, \d+ skipped, \d+ not started\./,
    );
    // Operations the interrupt kept from starting are a count, not a line each.
    expect(stdout).toMatch(/\d+ operations? (was|were) not started: interrupted before they began\./);
    expect(stdout + stderr).not.toMatch(/not started \(interrupted\)/);
    expect(stdout).toContain("Run apply again to converge");
    const reported = [...stderr.matchAll(/^\+ .* "([^"]+)" created \([^)]*\)$/gm)].map((m) => m[1]).sort();
    const live = Object.values(ownObjects(await liveObjects(sim)))
      .flat()
      .map((o) => o.id)
      .sort();
    expect(live).toEqual(reported);
    expect(live.length).toBeGreaterThanOrEqual(6);
    expect(live.length).toBeLessThan(40);

    const again = await runCli(["apply", dir, "--auto-approve"], { env });
    expect(again.stdout).toContain(`Apply complete: ${40 - live.length} created, 0 updated, 0 deleted.`);
    expect(again.code).toBe(0);
    expect(ownObjects(await liveObjects(sim))).toEqual(sortedDesired(FORTY));
    const plan = await runCli(["plan", dir, "--detailed-exitcode"], { env });
    expect(plan.code).toBe(0);
  });
});
