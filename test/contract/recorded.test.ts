/**
 * The recorded-traffic contract check, as tests:
 * 1. the simulator writes the request log the global check reads (so that check cannot pass vacuously),
 *    and what fleetform's client sent and the simulator answered there matches the contract;
 * 2. when the global setup (test/support/global-setup.ts) is wired, the log of the whole run so far
 *    (FLEETFORM_SIM_RECORD) is checked here too, so a violation shows up as a failing test, not only in
 *    the teardown. Files still running in parallel are checked by the teardown.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { describeContract } from "../support/contract-suite.js";
import { checkRecordFile, formatViolations, parseRecordLines } from "../support/recorded.js";

describeContract("contract: the simulator's request log", () => {
  let dir: string;
  let file: string;
  let sim: RunningSimulator;
  let api: KibanaClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "fleetform-record-"));
    file = join(dir, "requests.jsonl");
    sim = await startSimulator({ port: 0, recordFile: file });
    api = new KibanaClient({ url: sim.url, username: "elastic", password: "changeme", maxAttempts: 1 });
  });
  afterAll(async () => {
    await api?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records one line per /api request with the contract template, query, bodies and status", async () => {
    await api.request("POST", "/api/fleet/proxies", {
      body: { id: "rec-proxy", name: "Recorded proxy", url: "http://proxy.example.com:3128" },
    });
    await api.request("GET", "/api/fleet/proxies/rec-proxy", { query: { x: undefined } });
    const team = new KibanaClient({
      url: sim.url,
      username: "elastic",
      password: "changeme",
      space: "team-b",
    });
    try {
      await team.request("GET", "/api/fleet/agent_policies", { query: { perPage: 5 } });
    } finally {
      await team.close();
    }
    const lines = parseRecordLines(readFileSync(file, "utf8")).map((l) => l.record);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      method: "POST",
      path: "/api/fleet/proxies",
      requestBody: { id: "rec-proxy", name: "Recorded proxy", url: "http://proxy.example.com:3128" },
      status: 200,
      responseBody: { item: { id: "rec-proxy" } },
    });
    expect(lines[1]).toMatchObject({ method: "GET", path: "/api/fleet/proxies/{itemId}", status: 200 });
    expect(lines[2]).toMatchObject({
      method: "GET",
      path: "/api/fleet/agent_policies",
      query: { perPage: "5" },
    });
  });

  it("records the request body as the client sent it (before the simulator fills defaults)", async () => {
    const sent = { name: "Recorded proxy", url: "http://proxy2.example.com:3128" };
    await api.request("PUT", "/api/fleet/proxies/rec-proxy", {
      body: { ...sent, certificate_authorities: null, certificate: null, certificate_key: null },
    });
    const last = parseRecordLines(readFileSync(file, "utf8")).at(-1)!.record!;
    expect(last.requestBody).toEqual({
      ...sent,
      certificate_authorities: null,
      certificate: null,
      certificate_key: null,
    });
  });

  it("everything recorded by this simulator matches the contract", () => {
    const check = checkRecordFile(file);
    expect(check.records).toBeGreaterThan(0);
    expect(check.violations, formatViolations(check)).toEqual([]);
  });

  it("the run's shared log so far (FLEETFORM_SIM_RECORD from the global setup) matches the contract", (ctx) => {
    const shared = process.env.FLEETFORM_SIM_RECORD;
    if (!shared || !existsSync(shared)) {
      ctx.skip("FLEETFORM_SIM_RECORD is not set: wire test/support/global-setup.ts in vitest.config.ts");
      return;
    }
    const check = checkRecordFile(shared);
    expect(check.violations, formatViolations(check)).toEqual([]);
    // The shared log grows with the run (over 11,000 requests when this file runs late): validating it
    // took 33 s on a loaded 2-core machine, past the ordinary 30 s timeout.
  }, 120_000);
});
