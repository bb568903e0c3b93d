import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { EXAMPLE_ENV, example, kibanaEnv, runCli } from "./run-cli.js";

let sim: RunningSimulator;
let env: Record<string, string>;
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: "export-key" });
  env = { ...kibanaEnv({ url: sim.url, apiKey: "export-key" }), ...EXAMPLE_ENV };
  // Seed Kibana with objects of every kind, including secrets and integration policies with many vars.
  const seeded = await runCli(["apply", example("complete"), "--auto-approve"], { env });
  expect(seeded.code).toBe(0);
});
afterEach(() => sim.close());

async function exportTo(extraArgs: string[] = []) {
  const dir = await mkdtemp(path.join(tmpdir(), "fleetform-export-"));
  const result = await runCli(["export", "--out", dir, ...extraArgs], { env });
  expect(result.code).toBe(0);
  return { dir, result };
}

describe("export", () => {
  it("writes one file per kind that plans clean against the Kibana it came from", async () => {
    const { dir, result } = await exportTo();
    const files = (await readdir(dir)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "agent_policies.yaml",
        "integration_policies.yaml",
        "outputs.yaml",
        "proxies.yaml",
      ]),
    );
    const secretEnv = Object.fromEntries(
      [...result.stderr.matchAll(/^ {2}([A-Z0-9_]+)$/gm)].map((m) => [
        m[1]!,
        "any-value-kibana-keeps-the-stored-secret",
      ]),
    );
    const plan = await runCli(["plan", dir, "--detailed-exitcode"], { env: { ...env, ...secretEnv } });
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("starts every file with the yaml-language-server line naming the editor schema it writes beside them", async () => {
    const { dir } = await exportTo();
    const manifests = (await readdir(dir)).filter((f) => f.endsWith(".yaml"));
    expect(manifests.length).toBeGreaterThan(0);
    for (const file of manifests) {
      const text = await readFile(path.join(dir, file), "utf8");
      expect(text.split("\n")[0], file).toBe("# yaml-language-server: $schema=manifest.schema.json");
    }
    expect(await readFile(path.join(dir, "manifest.schema.json"), "utf8")).toBe(
      await readFile(new URL("../../schemas/editor/manifest.schema.json", import.meta.url), "utf8"),
    );
  });

  it("starts every document it prints on stdout with the yaml-language-server line", async () => {
    const result = await runCli(["export", "--out", "-", "--kinds", "outputs,proxies"], { env });
    expect(result.code).toBe(0);
    const documents = result.stdout.split(/^---\n/m);
    expect(documents).toHaveLength(2);
    for (const d of documents)
      expect(d).toMatch(/^# yaml-language-server: \$schema=manifest\.schema\.json\n/);
  });

  it("replaces secrets with env placeholders and lists their names", async () => {
    const { dir, result } = await exportTo();
    const outputs = await readFile(path.join(dir, "outputs.yaml"), "utf8");
    expect(outputs).toMatch(/\$\{env:OUTPUTS_ES_PROD_SECRETS_SSL_KEY\}/);
    expect(result.stderr).toContain("OUTPUTS_ES_PROD_SECRETS_SSL_KEY");
    for (const secret of Object.values(EXAMPLE_ENV)) expect(outputs).not.toContain(secret);
    // A secret package var (okta api_key) becomes a placeholder too.
    const integrations = await readFile(path.join(dir, "integration_policies.yaml"), "utf8");
    expect(integrations).toMatch(/api_key: \$\{env:INTEGRATION_POLICIES_OKTA_SYSTEM_LOG_[A-Z0-9_]*API_KEY\}/);
    expect(integrations).not.toContain(EXAMPLE_ENV.OKTA_API_KEY);
  });

  it("leaves out managed objects unless asked, and marks them read-only when included", async () => {
    await sim.close();
    sim = await startSimulator({ port: 0, apiKey: "export-key", profile: "hosted-fleet-server" });
    env = { ...kibanaEnv({ url: sim.url, apiKey: "export-key" }), ...EXAMPLE_ENV };
    const plain = await runCli(["export", "--out", "-", "--kinds", "agent_policies"], { env });
    expect(plain.stdout).not.toContain("fleet-server-policy");
    const all = await runCli(["export", "--out", "-", "--kinds", "agent_policies", "--include-managed"], {
      env,
    });
    expect(all.stdout).toContain("id: fleet-server-policy");
    expect(all.stdout).toMatch(/# read-only: managed/);
    // Stated in a manifest, is_managed would claim someone else's lock for fleetform (README "Locking policies against edits in Fleet's UI").
    expect(all.stdout).not.toMatch(/^\s+is_managed:/m);
  });

  it("strips server-computed fields and server defaults", async () => {
    const result = await runCli(["export", "--out", "-", "--kinds", "agent_policies"], { env });
    expect(result.stdout).not.toMatch(/revision|updated_at|inactivity_timeout|is_protected|status:/);
    expect(result.stdout).toContain("id: linux-servers");
  });

  it("writes integration policies in simplified format with only what differs from the package defaults", async () => {
    const result = await runCli(["export", "--out", "-", "--kinds", "integration_policies"], { env });
    const exported = parse(result.stdout).integration_policies;
    const nginx = exported.find((p: { id: string }) => p.id === "nginx-linux");
    expect(nginx.inputs).toEqual({
      "nginx-logfile": {
        streams: { "nginx.access": { vars: { tags: ["test", "prod"] } }, "nginx.error": { enabled: false } },
      },
    });
    const system = exported.find((p: { id: string }) => p.id === "system-linux");
    expect(system.inputs).toBeUndefined();
    expect(system.vars).toBeUndefined();
  });
});
