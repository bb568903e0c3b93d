/**
 * The install story outside a clone: `npm pack` makes a tarball that installs globally and runs from any
 * directory, with its schemas and the simulator's built-in catalog inside (README, Install).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const run = promisify(execFile);
let dir: string;
let bin: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-install-"));
  // dist/ is built by the test setup; the tarball is what `npm pack` publishes.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: ROOT,
  });
  const tarball = path.join(dir, JSON.parse(stdout)[0].filename);
  const prefix = path.join(dir, "global");
  await run(
    "npm",
    ["install", "--global", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", tarball],
    {
      cwd: dir,
    },
  );
  bin = path.join(prefix, "bin", "fleetform");
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the packed tarball, installed globally", () => {
  it("prints its version", async () => {
    const { stdout } = await run(bin, ["--version"], { cwd: dir });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("validates and applies a manifest against the embedded simulator from another directory", async () => {
    const manifest = path.join(ROOT, "examples", "quickstart");
    await run(bin, ["validate", manifest], { cwd: dir });
    const { stdout } = await run(bin, ["apply", manifest, "--sim", "--auto-approve"], { cwd: dir });
    expect(stdout).toContain("Apply complete: 4 created");
  }, 30_000);
});
