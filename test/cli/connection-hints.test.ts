/** Connection errors say what to do: the address, the scheme, the port, a browser path. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { example, kibanaEnv, runCli } from "./run-cli.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: "hints-key" });
});
afterAll(() => sim.close());

const plan = (url: string) =>
  runCli(["plan", example("quickstart"), "--timeout", "2"], { env: kibanaEnv({ url, apiKey: "hints-key" }) });

describe("a connection error", () => {
  it("says to use http:// when https:// meets a Kibana that answers plain HTTP", async () => {
    const result = await plan(sim.url.replace(/^http:/, "https:"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Kibana answers plain HTTP at this address: use ${sim.url}`);
  });

  it("recognises an address copied from the browser and names the base URL, sending nothing", async () => {
    const result = await plan(`${sim.url}/app/fleet/agents`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is the address of a page in Kibana's UI");
    expect(result.stderr).toContain(`use Kibana's base URL: ${sim.url}`);
    expect(sim.stats().requests).toBe(0);
  });

  it("keeps a base path before /app/ in the URL it suggests", async () => {
    const result = await plan(`${sim.url}/kibana/app/fleet`);
    expect(result.stderr).toContain(`use Kibana's base URL: ${sim.url}/kibana`);
  });

  it("says nothing listens at a port that refuses, after how long and how many attempts", async () => {
    const result = await plan("http://127.0.0.1:9");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/gave up after \d+ attempts over [\d.]+ s/);
    expect(result.stderr).toContain("nothing accepts connections at that host and port");
  });

  it("asks whether the URL is Kibana's base URL when the API is not found there", async () => {
    const result = await plan(`${sim.url}/not-kibana`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is --kibana-url Kibana's base URL");
  });
});
