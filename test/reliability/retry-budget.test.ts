/**
 * Retries stop at the `--timeout` budget with a message naming Kibana's URL, whatever the way
 * Kibana fails; and an error answer, which a retry cannot change, is not retried at all. (Refused
 * connections are covered by test/cli/connection.test.ts.)
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { example, kibanaEnv, runCli } from "../cli/run-cli.js";
import { API_KEY } from "./helpers.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Runs `plan --timeout N` (2 s by default) and returns the result with its wall time. */
async function planWithBudget(url: string, apiKey = API_KEY, seconds = 2) {
  const started = Date.now();
  const result = await runCli(["plan", example("quickstart"), "--timeout", String(seconds)], {
    env: kibanaEnv({ url, apiKey }),
  });
  return { ...result, ms: Date.now() - started };
}

/** CLI start-up and plan work on a busy 2-core machine, on top of the 2 s budget (default: 60 s). */
const BUDGET_MS = 2_000;
const SLACK_MS = 5_000;

describe("the retry budget", () => {
  it.each([503, 429] as const)(
    "gives up on a Kibana answering %i to everything within --timeout",
    async (status) => {
      sim = await startSimulator({ port: 0, apiKey: API_KEY, seed: 1, failRate: 1, failStatus: status });
      const result = await planWithBudget(sim.url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot reach Kibana at ${sim.url}: HTTP ${status}; gave up after`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
      // It did retry: more than one attempt per request.
      // (The first request of a run is now GET /api/status, read beside the lists: any of them may spend the budget.)
      expect(Math.max(...Object.values(sim.stats().byRoute))).toBeGreaterThan(1);
    },
  );

  it("keeps retrying a 429 storm until the time budget is spent, not for a fixed number of attempts, and says how many over how long", async () => {
    // Kibana asks for 1 s between attempts (Retry-After: 1): an 8 s budget holds 8 attempts.
    sim = await startSimulator({ port: 0, apiKey: API_KEY, seed: 1, failRate: 1, failStatus: 429 });
    const result = await planWithBudget(sim.url, API_KEY, 8);
    expect(result.code).toBe(1);
    const gaveUp = /HTTP 429; gave up after (\d+) attempts over ([\d.]+) s/.exec(result.stderr);
    expect(gaveUp, result.stderr).not.toBeNull();
    const [attempts, seconds] = [Number(gaveUp![1]), Number(gaveUp![2])];
    expect(attempts).toBeGreaterThan(6);
    expect(sim.stats().byRoute["GET /api/fleet/outputs"]).toBeGreaterThan(6);
    // Stopped near the budget: the next 1 s wait would have overrun it.
    expect(seconds).toBeGreaterThanOrEqual(6);
    expect(seconds).toBeLessThanOrEqual(8);
    expect(result.ms).toBeLessThan(8_000 + SLACK_MS);
  });

  it("gives up on a Kibana that accepts connections and never answers within --timeout", async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const result = await planWithBudget(url);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`cannot reach Kibana at ${url}`);
      expect(result.stderr).toMatch(/timeout/i);
      expect(result.ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("does not retry an error answer, and does not call it unreachable", async () => {
    sim = await startSimulator({ port: 0, apiKey: API_KEY });
    const result = await planWithBudget(sim.url, "not-the-api-key");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/→ 401: Unauthorized/);
    expect(result.stderr).not.toContain("cannot reach Kibana");
    // One request per route: a 401 stays a 401 however often it is asked.
    const { byRoute } = sim.stats();
    expect(Object.values(byRoute).every((n) => n === 1)).toBe(true);
    expect(result.ms).toBeLessThan(SLACK_MS);
  });
});
