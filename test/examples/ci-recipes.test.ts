/**
 * The CI recipes under examples/ci are files users copy: each must parse, and every fleetform command
 * it runs must exist with the flags it passes (a renamed flag would break every pipeline that copied it).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderPlanMarkdown } from "../../src/render/markdown.js";
import { ROOT, runCli } from "../cli/run-cli.js";

const EMPTY_PLAN = {
  operations: [],
  unchanged: 0,
  packages: [],
  blocked: [],
  unmanaged: [],
  notDeletable: [],
  problems: [],
  warnings: [],
};

const RECIPES = ["github-actions.yml", "gitlab-ci.yml"];

/** Every shell script a recipe runs: `run:` steps (GitHub) and `script:` lists (GitLab). */
function scripts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(scripts);
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    (key === "run" || key === "script" || key === "before_script") && typeof value === "string"
      ? [value]
      : (key === "script" || key === "before_script") && Array.isArray(value)
        ? value.map(String)
        : scripts(value),
  );
}

/** `fleetform plan fleet --out x --markdown` → { command: "plan", flags: ["--out", "--markdown"] }. */
function fleetformCalls(script: string): { command: string; flags: string[] }[] {
  return [...script.matchAll(/(?:^|[\s;(|&])fleetform\s+([a-z]+)([^\n;|>&]*)/g)].map((m) => ({
    command: m[1]!,
    flags: [...m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((f) => f[1]!),
  }));
}

const helpOf = new Map<string, Promise<string>>();
const help = (command: string) => {
  if (!helpOf.has(command))
    helpOf.set(
      command,
      runCli([command, "--help"]).then((r) => r.stdout),
    );
  return helpOf.get(command)!;
};

describe.each(RECIPES)("the CI recipe %s", (recipe) => {
  const text = readFileSync(path.join(ROOT, "examples", "ci", recipe), "utf8");

  it("parses as YAML", () => {
    expect(() => parse(text)).not.toThrow();
  });

  it("runs plan, apply from a saved plan, and drift", () => {
    const commands = scripts(parse(text)).flatMap(fleetformCalls);
    expect(commands).toEqual(
      expect.arrayContaining([
        { command: "plan", flags: expect.arrayContaining(["--out", "--markdown"]) },
        { command: "apply", flags: expect.arrayContaining(["--plan"]) },
        { command: "drift", flags: expect.arrayContaining(["--markdown"]) },
      ]),
    );
  });

  it("uses only commands and flags fleetform has", async () => {
    const calls = scripts(parse(text)).flatMap(fleetformCalls);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const usage = await help(call.command);
      expect(usage, `fleetform ${call.command}`).toContain(`Usage: fleetform ${call.command}`);
      for (const flag of call.flags)
        expect(usage, `fleetform ${call.command} ${flag}`).toMatch(new RegExp(`${flag}\\b`));
    }
  });

  it("finds its plan comment by the marker fleetform's Markdown starts with", () => {
    const marker = /marker='([^']+)'/.exec(text)?.[1];
    expect(renderPlanMarkdown(EMPTY_PLAN).split("\n")[0]).toBe(marker);
  });

  it("never echoes a secret it is given", () => {
    expect(text).not.toMatch(/echo\s+["']?\$\{?(KIBANA_API_KEY|KIBANA_PASSWORD|GITLAB_API_TOKEN)/);
    expect(text).not.toMatch(/set -x/);
  });
});
