/**
 * `fleetform plan | head`: a reader that stops reading closes the pipe under the CLI. That ends the
 * output quietly (no EPIPE stack trace, nothing on stderr) with the command's usual exit code.
 */
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, ROOT } from "./run-cli.js";

const API_KEY = "pipe-key";
let sim: RunningSimulator;
let manifest: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
  // 2000 policies to create: a plan of over 500 KB, many times what a pipe holds (64 KB on Linux).
  const lines = ["agent_policies:"];
  for (let i = 0; i < 2000; i++) {
    lines.push(
      `  - id: policy-${i}`,
      `    name: Policy number ${i}, named at length so that the plan needs many pipe buffers`,
      "    namespace: default",
      "    description: a description that makes every block of the plan a few hundred bytes long",
    );
  }
  manifest = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-pipe-")), "big.yaml");
  await writeFile(manifest, `${lines.join("\n")}\n`);
});
afterAll(async () => {
  await sim.close();
});

/** Runs the CLI with its stdout a pipe that the reader closes after the first bytes, like `| head -c`. */
function runAndCloseStdout(args: string[]) {
  return new Promise<{ code: number | null; stderr: string; received: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin", "fleetform.js"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...kibanaEnv({ url: sim.url, apiKey: API_KEY }) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let received = 0;
    child.stdout.once("data", (chunk: Buffer) => {
      received = chunk.length;
      child.stdout.destroy();
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, received }));
  });
}

describe("a stdout pipe closed by its reader", () => {
  const FORMATS: Record<string, string[]> = { text: [], "--json": ["--json"], "--markdown": ["--markdown"] };
  it.each(Object.keys(FORMATS))(
    "ends a %s plan quietly, with nothing on stderr and plan's usual exit code",
    async (format) => {
      const result = await runAndCloseStdout(["plan", manifest, ...FORMATS[format]!]);
      expect(result.received).toBeGreaterThan(0);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    },
  );
});
