/**
 * What users see from the command line: the Kibana a run talks to named in every plan, prompt and
 * report; apply's progress off and on a terminal, -q and -v; Markdown documents for comments, errors
 * included; apply --json refusing to ask for approval of a plan it does not show.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { type CliResult, kibanaEnv, ROOT, runCli } from "./run-cli.js";

const SECRET = "proxy-secret-header-8c7d";
let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
let counter = 0;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: "ux-key" });
  env = { ...kibanaEnv({ url: sim.url, apiKey: "ux-key" }), PROXY_AUTH: SECRET };
});
afterAll(async () => {
  await sim.close();
});

/** A manifest of its own for each test (fresh ids), so tests do not see each other's objects. */
async function manifest(content?: Record<string, unknown>): Promise<string> {
  dir ??= await mkdtemp(path.join(tmpdir(), "fleetform-ux-"));
  const n = ++counter;
  const file = path.join(dir, `fleet-${n}.yaml`);
  await writeFile(
    file,
    stringify(
      content ?? {
        proxies: [
          {
            id: `proxy-${n}`,
            name: `Proxy ${n}`,
            url: "http://proxy.example.com:3128",
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a manifest placeholder
            proxy_headers: { Authorization: "${env:PROXY_AUTH}" },
          },
        ],
        agent_policies: [{ id: `policy-${n}`, name: `Policy ${n}`, namespace: "default" }],
      },
    ),
  );
  return file;
}

const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;

/** Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
function runOnTerminal(args: string[], input = ""): Promise<CliResult> {
  const command = [process.execPath, path.join(ROOT, "bin", "fleetform.js"), ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", TERM: "xterm", ...env },
    });
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      // Answer the prompt once it is asked.
      if (input && stdout.includes("Only 'yes' will be accepted")) {
        child.stdin.write(input);
        input = "";
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr: "" }));
  });
}
const hasScript = spawnSync("script", ["--version"]).status === 0;

describe("the target", () => {
  it("is named in the text plan, with the Kibana version from /api/status and the space", async () => {
    const file = await manifest();
    const result = await runCli(["plan", file, "--space", "ops"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`Target: Kibana 9.3.0 at ${sim.url}, space "ops"`);
  });

  it("is in the JSON document and first in the Markdown", async () => {
    const file = await manifest();
    const json = JSON.parse((await runCli(["plan", file, "--json"], { env })).stdout);
    expect(json.target).toEqual({ kibana_url: sim.url, space: "default", kibana_version: "9.3.0" });
    const md = (await runCli(["plan", file, "--markdown"], { env })).stdout.split("\n");
    expect(md.slice(0, 4)).toEqual([
      "<!-- fleetform-plan -->",
      "### fleetform plan",
      "",
      `Kibana **9.3.0** at \`${sim.url}\`, space \`default\``,
    ]);
  });

  it.skipIf(!hasScript)("is named in the approval prompt", async () => {
    const file = await manifest();
    const result = await runOnTerminal(["apply", file], "no\n");
    expect(result.stdout).toContain(
      `Do you want to perform these actions in Kibana 9.3.0 at ${sim.url}, space "default"? Only 'yes' will be accepted:`,
    );
    expect(result.stdout).toContain("Apply cancelled; nothing was changed.");
  });
});

describe("live objects the manifests do not mention", () => {
  it("are a count in the plan, so the defaults every Fleet has do not fill it; --show-unmanaged lists them", async () => {
    const file = await manifest({ outputs: [] });
    const counted = await runCli(["plan", file], { env });
    expect(counted.stdout).toContain(
      "Live objects not in the manifests (left alone): 1 output; --show-unmanaged lists them, --prune deletes them.",
    );
    expect(counted.stdout).not.toContain("fleet-default-output");
    const listed = await runCli(["plan", file, "--show-unmanaged"], { env });
    expect(listed.stdout).toMatch(/\? output "fleet-default-output" \(default\)/);
  });
});

describe("apply --json", () => {
  it("refuses without --auto-approve instead of asking to approve a plan it does not show, and changes nothing", async () => {
    const file = await manifest();
    const result = await runCli(["apply", file, "--json"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("apply --json does not ask for approval");
    expect(JSON.parse(result.stdout).errors[0].hint).toContain("--auto-approve");
    const plan = await runCli(["plan", file, "--detailed-exitcode"], { env });
    expect(plan.code).toBe(2);
  });
});

describe("apply progress", () => {
  it("off a terminal: one line per operation with its duration, then the summary with the wall time", async () => {
    const file = await manifest();
    const result = await runCli(["apply", file, "--auto-approve"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^\+ proxy "proxy-\d+" created \(\d+ ms\)$/m);
    expect(result.stderr).toMatch(/^\+ agent policy "policy-\d+" created \(\d+ ms\)$/m);
    expect(result.stderr).not.toContain("Applying:");
    expect(result.stdout).toMatch(/Apply complete: 2 created, 0 updated, 0 deleted\. Took [\d.]+ m?s\./);
  });

  it("-q prints only the summary", async () => {
    const file = await manifest();
    const result = await runCli(["apply", file, "--auto-approve", "-q"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toMatch(
      /^Apply complete: 2 created, 0 updated, 0 deleted\. Took [\d.]+ m?s\.$/,
    );
  });

  it("-v adds one line per HTTP request with method, path, status and time, never a body or a secret", async () => {
    const file = await manifest();
    const result = await runCli(["apply", file, "--auto-approve", "-v"], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^ {2}GET \/api\/status 200 \(\d+ ms\)$/m);
    expect(result.stderr).toMatch(/^ {2}POST \/api\/fleet\/proxies 200 \(\d+ ms\)$/m);
    expect(result.stderr).toMatch(/^ {2}POST \/api\/fleet\/agent_policies 200 \(\d+ ms\)$/m);
    expect(result.stderr + result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toContain("proxy_headers");
  });

  it.skipIf(!hasScript)(
    "on a terminal: a live line with done/total and elapsed time, cleared before the summary",
    async () => {
      const file = await manifest();
      const result = await runOnTerminal(["apply", file, "--auto-approve"]);
      expect(result.code).toBe(0);
      // Rewritten in place: carriage return, clear the line, the new text.
      expect(result.stdout).toContain("\r\u001b[2KApplying: 2/2 done, ");
      expect(result.stdout).not.toMatch(/^\+ proxy "proxy-\d+" created/m);
      expect(result.stdout).toMatch(/Apply complete: 2 created/);
    },
  );
});

describe("Markdown documents", () => {
  it("apply --markdown prints the report with its own marker, the target and the outcome first", async () => {
    const file = await manifest();
    const result = await runCli(["apply", file, "--auto-approve", "--markdown"], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["<!-- fleetform-apply -->", "### fleetform apply"]);
    expect(lines[3]).toContain(`\`${sim.url}\``);
    expect(lines[5]).toMatch(/^✅ \*\*Apply complete\*\*: 2 created, 0 updated, 0 deleted\. Took /);
    // The plan still reaches the person at the terminal, on stderr.
    expect(result.stderr).toContain("will be created");
  });

  it.each(["plan", "apply", "drift"])(
    "%s --markdown on a manifest error prints a Markdown document of the errors",
    async (command) => {
      const file = await manifest({ proxies: [{ id: "px", url: "http://p:3128" }] });
      const result = await runCli([command, file, "--markdown"], { env });
      expect(result.code).toBe(1);
      const lines = result.stdout.split("\n");
      expect(lines.slice(0, 2)).toEqual([`<!-- fleetform-${command} -->`, `### fleetform ${command}`]);
      expect(result.stdout).toMatch(
        /- `.*fleet-\d+\.yaml:2:5`: missing required field "name" in proxies "px"/,
      );
    },
  );
});
