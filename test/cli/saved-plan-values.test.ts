// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/**
 * A saved plan pins the values the manifests interpolate, by place and without holding them: a value
 * changed between `plan --out` and `apply --plan` is refused, naming the place, never the value.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "./run-cli.js";

const REVIEWED = "http://reviewed.example.com:3128";
const SWITCHED = "http://switched.example.com:3128";

let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
let manifest: string;
let planFile: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "pins-key" });
  env = kibanaEnv({ url: sim.url, apiKey: "pins-key" });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-pins-"));
  manifest = path.join(dir, "m.yaml");
  await writeFile(manifest, "proxies:\n  - id: p\n    name: P\n    url: ${env:PROXY_URL}\n");
  planFile = path.join(dir, "reviewed.plan");
  const plan = await runCli(["plan", manifest, "--out", planFile], { env: { ...env, PROXY_URL: REVIEWED } });
  expect(plan.code).toBe(0);
});
afterEach(() => sim.close());

async function liveProxies(): Promise<string[]> {
  const res = await fetch(`${sim.url}/api/fleet/proxies`, { headers: { authorization: "ApiKey pins-key" } });
  const body = (await res.json()) as { items: { id: string }[] };
  return body.items.map((p) => p.id);
}

describe("a saved plan and the values it interpolates", () => {
  it("refuses a value changed since the plan, naming the place and not the value, and applies nothing", async () => {
    const apply = await runCli(["apply", "--plan", planFile], { env: { ...env, PROXY_URL: SWITCHED } });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`the saved plan ${planFile} is stale; nothing was applied`);
    // The manifest path as the plan file recorded it: relative to the working directory.
    expect(apply.stderr).toMatch(
      /the value interpolated at \S*m\.yaml:4:10 \(proxies\/p#\/url\) changed since the plan was made/,
    );
    expect(apply.stderr + apply.stdout).not.toContain("switched.example.com");
    expect(apply.stderr + apply.stdout).not.toContain("reviewed.example.com");
    expect(await liveProxies()).not.toContain("p");
  });

  it("records a keyed digest of the place in the plan file, never the value", async () => {
    const text = await readFile(planFile, "utf8");
    expect(text).not.toContain("reviewed.example.com");
    const saved = JSON.parse(text);
    expect(Object.keys(saved.values.digests)).toEqual(["proxies/p#/url"]);
    expect(saved.values.digests["proxies/p#/url"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("applies when the value is the one reviewed", async () => {
    const apply = await runCli(["apply", "--plan", planFile], { env: { ...env, PROXY_URL: REVIEWED } });
    expect(apply.code).toBe(0);
    expect(await liveProxies()).toContain("p");
  });
});
