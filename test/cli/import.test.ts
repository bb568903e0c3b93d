import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toSimulatorOptions } from "../../src/sim/cli.js";
import { fixture } from "../import/helpers.js";
import { runCli } from "./run-cli.js";

describe("fleetform import", () => {
  it("--sim --out DIR writes one manifest per kind, warnings on stderr at file:line:column, and validates", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fleetform-import-"));
    try {
      const file = fixture("fleet-settings-docs.yml");
      const res = await runCli(["import", file, "--sim", "--out", dir]);
      expect(res.code).toBe(0);
      expect(res.stderr).toContain(`${file}:29:17: warning: frozen: the var "system.hostfs" is locked`);
      expect(res.stderr).toContain("  OUTPUTS_MY_LOGSTASH_OUTPUT_WITH_A_SECRET_SECRETS_SSL_KEY");
      expect(res.stderr).not.toContain("securekey");
      expect((await readdir(dir)).sort()).toEqual([
        "agent_policies.yaml",
        "fleet_server_hosts.yaml",
        "integration_policies.yaml",
        "manifest.schema.json",
        "outputs.yaml",
        "proxies.yaml",
      ]);
      expect(await readFile(path.join(dir, "outputs.yaml"), "utf8")).not.toContain("securekey");
      const valid = await runCli(["validate", dir], {
        env: { OUTPUTS_MY_LOGSTASH_OUTPUT_WITH_A_SECRET_SECRETS_SSL_KEY: "k" },
      });
      expect(valid.stderr).toBe("");
      expect(valid.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("starts every manifest with the yaml-language-server line naming the editor schema written beside it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fleetform-import-"));
    try {
      const res = await runCli(["import", fixture("fleet-settings-docs.yml"), "--sim", "--out", dir]);
      expect(res.code).toBe(0);
      for (const file of (await readdir(dir)).filter((f) => f.endsWith(".yaml"))) {
        const text = await readFile(path.join(dir, file), "utf8");
        expect(text.split("\n")[0], file).toBe("# yaml-language-server: $schema=manifest.schema.json");
      }
      expect(await readFile(path.join(dir, "manifest.schema.json"), "utf8")).toBe(
        await readFile(new URL("../../schemas/editor/manifest.schema.json", import.meta.url), "utf8"),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a file that is not YAML is an error at its line, and nothing is imported", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "fleetform-import-"));
    try {
      const file = path.join(dir, "kibana.yml");
      await writeFile(file, "server.name: kibana\nxpack.fleet.outputs: [\n  - id: x\n");
      const res = await runCli(["import", file, "--sim", "--out", path.join(dir, "out")]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(new RegExp(`${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: error: `));
      expect(res.stderr).not.toContain("    at ");
      expect(await readdir(dir)).toEqual(["kibana.yml"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("fleetform sim --kibana-yml", () => {
  it("--kibana-yml-removed without --kibana-yml is a usage error", () => {
    expect(() =>
      toSimulatorOptions({
        port: 0,
        host: "127.0.0.1",
        profile: "fleet-server",
        packages: [],
        kibanaYmlRemoved: true,
      }),
    ).toThrow("--kibana-yml-removed needs --kibana-yml");
  });
});
