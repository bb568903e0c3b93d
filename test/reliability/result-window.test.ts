/**
 * Kibana's package policy list is a saved-object find: one query answers at most 10,000 objects
 * (page × perPage ≤ Elasticsearch's index.max_result_window, else 400 "Result window is too large").
 * The list takes `sortField`, `sortOrder` and `kuery` (FLEET/server/types/rest_spec/common.ts
 * ListWithKuerySchema) and `name` is a keyword (FLEET/server/constants/mappings.ts
 * PACKAGE_POLICIES_MAPPINGS), so fleetform reads past the window in windows sorted by name, each
 * after the last name read (`ingest-package-policies.name > "…"`).
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import { API_KEY, manyObjectsYaml, writeManifest } from "./helpers.js";

const BEYOND_WINDOW = 10_050;

let sim: RunningSimulator | undefined;
afterEach(() => sim?.close());

/**
 * The state of a simulator holding BEYOND_WINDOW + 1 integration policies: copies of one applied by
 * fleetform. Built once per file (one CLI apply and 10,000 copies); each test starts its own simulator
 * from a copy of it, so neither sees the other's requests.
 */
async function stateBeyondTheWindow(): Promise<{ state: string; dir: string }> {
  const dataFile = join(await mkdtemp(join(tmpdir(), "fleetform-window-")), "state.json");
  const counts = {
    proxies: 0,
    outputs: 0,
    download_sources: 0,
    fleet_server_hosts: 0,
    agent_policies: 1,
    integration_policies: 1,
  };
  const dir = await writeManifest(manyObjectsYaml(counts));
  const first = await startSimulator({ port: 0, apiKey: API_KEY, dataFile });
  const seeded = await runCli(["apply", dir, "--auto-approve"], {
    env: kibanaEnv({ url: first.url, apiKey: API_KEY }),
  });
  expect(seeded.code, seeded.stderr).toBe(0);
  await first.close();
  const state = JSON.parse(await readFile(dataFile, "utf8"));
  const [model] = state.packagePolicies;
  for (let i = 0; i < BEYOND_WINDOW; i++) {
    // Names sort apart from the applied one's, with quotes and backslashes a KQL string must escape.
    const name = `copy "${String(i).padStart(5, "0")}" \\ ${i}`;
    state.packagePolicies.push({ ...model, id: `copy-${i}`, name, _seq: state.seq + i + 1 });
  }
  state.seq += BEYOND_WINDOW + 1;
  return { state: JSON.stringify(state), dir };
}

let beyond: { state: string; dir: string };
beforeAll(async () => {
  beyond = await stateBeyondTheWindow();
}, 120_000);

/** A simulator of its own, started from the state beyond the window. */
async function simulatorBeyondTheWindow(): Promise<{ sim: RunningSimulator; dir: string }> {
  const { state, dir } = beyond;
  const dataFile = join(await mkdtemp(join(tmpdir(), "fleetform-window-")), "state.json");
  await writeFile(dataFile, state);
  return { sim: await startSimulator({ port: 0, apiKey: API_KEY, dataFile }), dir };
}

describe("lists longer than one query of Kibana answers", () => {
  it("reads every integration policy past 10,000, in windows after the last name read", async () => {
    const started = await simulatorBeyondTheWindow();
    sim = started.sim;
    const plan = await runCli(["plan", started.dir, "--detailed-exitcode"], {
      env: kibanaEnv({ url: sim.url, apiKey: API_KEY }),
    });
    expect(plan.stderr).not.toContain("Result window");
    expect(plan.code, plan.stderr).toBe(0);
    const unmanaged = Number(/left alone\):.* (\d+) integration policies/.exec(plan.stdout)?.[1]);
    expect(unmanaged).toBeGreaterThanOrEqual(BEYOND_WINDOW);
    // One window of ten pages of 1,000, then the rest after the last name: 11 list calls.
    expect(sim.stats().byRoute["GET /api/fleet/package_policies"]).toBe(11);
  }, 120_000);

  it("the simulator refuses a page past the window with Elasticsearch's error", async () => {
    const started = await simulatorBeyondTheWindow();
    sim = started.sim;
    const res = await fetch(`${sim.url}/api/fleet/package_policies?page=11&perPage=1000`, {
      headers: { authorization: `ApiKey ${API_KEY}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      "Result window is too large, from + size must be less than or equal to: [10000] but was [11000].",
    );
  }, 120_000);
});
