/** The conventions Terraform, decK and kubectl users bring with them. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const ESC = "\u001b[";
const quickstart = ["plan", "examples/quickstart", "--sim"];

describe("command-line conventions", () => {
  it("prints the version with `fleetform version`, as with --version", async () => {
    const [command, flag] = await Promise.all([runCli(["version"]), runCli(["--version"])]);
    expect(command.code).toBe(0);
    expect(command.stdout.trim()).toBe(flag.stdout.trim());
  });

  it("suggests two dashes for Terraform's single-dash -auto-approve, and runs nothing", async () => {
    const result = await runCli(["apply", "examples/quickstart", "--sim", "-auto-approve"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("did you mean '--auto-approve'?");
    expect(result.stdout).toBe("");
  });

  it("prints the JSON Schema of one kind, and suggests a kind for a typo", async () => {
    const schema = await runCli(["schema", "outputs"]);
    expect(JSON.parse(schema.stdout)).toMatchObject({ $id: "outputs.schema.json" });
    const typo = await runCli(["schema", "outptus"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('did you mean "outputs"?');
  });

  it("prints the editor schema of a whole manifest file as one self-contained file", async () => {
    const schema = await runCli(["schema"]);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toBe(
      readFileSync(new URL("../../schemas/editor/manifest.schema.json", import.meta.url), "utf8"),
    );
    expect([...schema.stdout.matchAll(/"\$ref": "([^#][^"]*)"/g)].map((m) => m[1])).toEqual([]);
  });

  it("shows real examples under every command's --help", async () => {
    for (const command of ["validate", "plan", "apply", "drift", "export", "sim", "schema"]) {
      const help = await runCli([command, "--help"]);
      expect(help.stdout, command).toMatch(new RegExp(`Examples:\\n  fleetform ${command} `));
    }
  });

  it("colours a plan when FORCE_COLOR asks, even off a terminal", async () => {
    const result = await runCli(quickstart, { env: { FORCE_COLOR: "1" } });
    expect(result.stdout).toContain(ESC);
  });

  it("never colours with --no-color, TERM=dumb or NO_COLOR", async () => {
    const runs = await Promise.all([
      runCli([...quickstart, "--no-color"], { env: { FORCE_COLOR: "1" } }),
      runCli(["--no-color", ...quickstart], { env: { FORCE_COLOR: "1" } }),
      runCli(quickstart, { env: { TERM: "dumb" } }),
      runCli(quickstart, { env: { NO_COLOR: "1" } }),
    ]);
    for (const result of runs) {
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain(ESC);
    }
  });
});
