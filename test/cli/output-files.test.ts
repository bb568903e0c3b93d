import { lstat, mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, runCli } from "./run-cli.js";

/** What a link planted in a shared checkout points at: it must come through every write unchanged. */
const VICTIM = "# the user's own file\n";

let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "files-key" });
  env = kibanaEnv({ url: sim.url, apiKey: "files-key" });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-out-"));
  await writeFile(path.join(dir, "victim"), VICTIM);
});
afterEach(() => sim.close());

describe("files fleetform writes", () => {
  it("plan --out replaces a symlink with the plan and leaves the link's target alone", async () => {
    const manifest = path.join(dir, "m.yaml");
    await writeFile(manifest, "proxies:\n  - { id: p, name: P, url: 'http://p:3128' }\n");
    const out = path.join(dir, "reviewed.plan");
    await symlink(path.join(dir, "victim"), out);
    const plan = await runCli(["plan", manifest, "--out", out], { env });
    expect(plan.code).toBe(0);
    expect(await readFile(path.join(dir, "victim"), "utf8")).toBe(VICTIM);
    expect((await lstat(out)).isSymbolicLink()).toBe(false);
    expect(JSON.parse(await readFile(out, "utf8")).format).toBe("fleetform-plan/3");
  });

  it("export --out replaces a symlinked <kind>.yaml and leaves the link's target alone", async () => {
    await fetch(`${sim.url}/api/fleet/proxies`, {
      method: "POST",
      headers: { authorization: "ApiKey files-key", "kbn-xsrf": "x", "content-type": "application/json" },
      body: JSON.stringify({ id: "p", name: "P", url: "http://p:3128" }),
    });
    const out = path.join(dir, "export");
    await mkdir(out);
    await symlink(path.join(dir, "victim"), path.join(out, "proxies.yaml"));
    const exported = await runCli(["export", "--out", out, "--kinds", "proxies"], { env });
    expect(exported.code).toBe(0);
    expect(await readFile(path.join(dir, "victim"), "utf8")).toBe(VICTIM);
    expect((await lstat(path.join(out, "proxies.yaml"))).isSymbolicLink()).toBe(false);
    expect(await readFile(path.join(out, "proxies.yaml"), "utf8")).toContain("id: p");
  });
});
