/**
 * Only Kibana's JSON counts as an answer. A login page, a proxy's HTML, a truncated body, a redirect
 * or a body that never ends is an error naming the URL and what came back, never a success, never
 * an empty list. Kibana always answers JSON with `{item}` for writes and `{items,total,page,perPage}`
 * for lists (docs/kibana-fleet-behaviours.md; x-pack/platform/plugins/shared/fleet/server/routes/
 * package_policy/handlers.ts, getPackagePoliciesHandler).
 */
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KibanaAnswerError } from "../../src/client/errors.js";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { Faults } from "../../src/sim/faults.js";
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "../cli/run-cli.js";
import { API_KEY, writeManifest } from "./helpers.js";
import { type InProcess, inProcess } from "./in-process.js";

const PROXY = `
proxies:
  - { id: answer-proxy, name: Answer proxy, url: "http://proxy.example.com:3128" }
`;

const sims: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function simWith(faults: SimulatorOptions) {
  const sim = await startSimulator({ port: 0, apiKey: API_KEY, ...faults });
  sims.push(sim);
  return { sim, env: kibanaEnv({ url: sim.url, apiKey: API_KEY }) };
}

describe("answers that are not Kibana's JSON", () => {
  it("an apply through a proxy answering a login page fails naming the URL and what came back, creating nothing", async () => {
    const { sim, env } = await simWith({ answerHtmlShare: 1, seed: 1 });
    const dir = await writeManifest(PROXY);
    const result = await runCli(["apply", dir, "--auto-approve"], { env });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain("created");
    expect(result.stderr).toContain(`the answer to GET ${sim.url}/api/`);
    expect(result.stderr).toContain("is not Kibana's JSON (text/html");
    expect(result.stderr).toContain('starting "<!DOCTYPE html> <html><head><title>Sign in');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("export through a proxy answering a login page fails instead of writing nothing", async () => {
    const { env } = await simWith({ answerHtmlShare: 1, seed: 1 });
    const out = await mkdtemp(path.join(tmpdir(), "fleetform-answers-"));
    const result = await runCli(["export", "--out", out], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is not Kibana's JSON (text/html");
    expect(await readdir(out)).toEqual([]);
  });

  it("a plan through a proxy redirecting to another origin fails saying where, and sends nothing there", async () => {
    const elsewhere = await simWith({});
    const { sim, env } = await simWith({ redirectTo: elsewhere.sim.url });
    const dir = await writeManifest(PROXY);
    const result = await runCli(["plan", dir], { env });
    expect(result.code).toBe(1);
    // Every kind is read at once: whichever list failed first is named.
    const named = /the answer to GET (\S+) \(HTTP 302\) is a redirect to (\S+):/.exec(result.stderr);
    expect(named, result.stderr).not.toBeNull();
    expect(named![1]!.startsWith(`${sim.url}/api/`)).toBe(true);
    expect(named![2]).toBe(`${elsewhere.sim.url}${named![1]!.slice(sim.url.length).split("?")[0]}`);
    expect(result.stderr).toContain("does not follow redirects");
    expect(elsewhere.sim.stats().requests).toBe(0);
  });

  it("a plan against a Kibana whose answer never ends stops at --timeout with a clear error", async () => {
    const { sim, env } = await simWith({ endlessBodyShare: 1, seed: 1 });
    const dir = await writeManifest(PROXY);
    const started = Date.now();
    const result = await runCli(["plan", dir, "--timeout", "2"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `cannot reach Kibana at ${sim.url}: timeout: no complete answer within 2 s`,
    );
    expect(Date.now() - started).toBeLessThan(8_000);
  }, 20_000);

  it("an answer larger than the client's limit is an error, not read to the end", async () => {
    const { sim } = await simWith({ endlessBodyShare: 1, seed: 1 });
    const client = new KibanaClient({
      url: sim.url,
      apiKey: API_KEY,
      maxBodyBytes: 1024 * 1024,
      timeoutMs: 20_000,
      retryBudgetMs: 20_000,
    });
    try {
      const error = await client.request("GET", "/api/fleet/proxies").catch((err: unknown) => err);
      expect(error).toBeInstanceOf(KibanaAnswerError);
      expect((error as Error).message).toBe(
        `the answer to GET ${sim.url}/api/fleet/proxies (HTTP 200) is larger than 1 MiB: stopped reading it`,
      );
    } finally {
      await client.close();
    }
  }, 10_000);
});

describe("writes whose answer is not Kibana's", () => {
  let h: InProcess;
  beforeEach(async () => {
    h = await inProcess();
  });
  afterEach(() => h.close());

  it("a create answered with a login page is failed, not done", async () => {
    const result = await h.plan(PROXY);
    h.sim.setFaults({ answerHtmlShare: 1, seed: 1 });
    const [outcome] = (await h.apply(result)).results;
    h.sim.setFaults({});
    expect(outcome).toMatchObject({ status: "failed" });
    expect(outcome!.message).toContain("(HTTP 200) is not Kibana's JSON (text/html");
    expect(outcome!.message).toContain("whether the change was made is unknown");
  });

  it("a create whose answer was cut short is not reported done while its outcome cannot be read back", async () => {
    const result = await h.plan(PROXY);
    h.sim.setFaults({ truncateShare: 1, seed: 1 });
    const [outcome] = (await h.apply(result)).results;
    h.sim.setFaults({});
    expect(outcome).toMatchObject({ status: "failed" });
    expect(outcome!.message).toContain("is not Kibana's JSON (application/json");
    expect(outcome!.message).toContain("whether the change was made is unknown");
  });

  it("a create whose answer was cut short is done once Kibana's state shows it landed", async () => {
    const result = await h.plan(PROXY);
    // Only the write's answer is cut: the read-back that follows gets a whole answer.
    h.sim.setFaults({ truncateShare: 0.5, seed: seedTruncatingFirstOnly() });
    const [outcome] = (await h.apply(result)).results;
    h.sim.setFaults({});
    expect(outcome).toMatchObject({ status: "done", message: "applied, although its answer was lost" });
  });
});

/** A seed under which the first /api request's answer is truncated and the next few are not. */
function seedTruncatingFirstOnly(): number {
  for (let seed = 1; ; seed++) {
    const faults = new Faults({ truncateShare: 0.5, seed });
    const kinds = Array.from({ length: 6 }, () => faults.decide().kind);
    if (kinds[0] === "truncate" && kinds.slice(1).every((k) => k === "none")) return seed;
  }
}
