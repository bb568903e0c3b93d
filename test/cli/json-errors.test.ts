/**
 * `--json` always prints one document on stdout, also when plan, apply or drift stop before they have
 * a plan: a zero summary, no operations, and the errors (file, line, column where known), valid
 * against plan-output.schema.json. The human text still goes to stderr, and the exit code stays 1.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { type CliResult, kibanaEnv, ROOT, runCli } from "./run-cli.js";

const PLAN_SCHEMA = path.resolve(ROOT, "../shared/docs/plan-output.schema.json");
const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(PLAN_SCHEMA, "utf8")));
const ZERO = { create: 0, update: 0, delete: 0, unchanged: 0 };
const POLICY = { id: "web", name: "Web servers", namespace: "default" };

let sim: RunningSimulator;
let env: Record<string, string>;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, apiKey: "json-key" });
  env = kibanaEnv({ url: sim.url, apiKey: "json-key" });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-json-"));
});
afterAll(async () => {
  await sim.close();
});

async function manifest(name: string, content: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, stringify(content));
  return file;
}

/** stdout is exactly one JSON document, valid against the schema; returns it. */
function oneDocument(result: CliResult) {
  expect(result.stdout.trim(), result.stderr).not.toBe("");
  const doc = JSON.parse(result.stdout);
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  return doc;
}

describe("--json on an early error", () => {
  it.each(["plan", "apply", "drift"])(
    "%s prints one document with each manifest error at its file, line and column",
    async (command) => {
      // A proxy without its required name.
      const file = await manifest(`${command}.yaml`, { proxies: [{ id: "px", url: "http://p:3128" }] });
      // apply --json shows no plan to approve: it runs only with --auto-approve (or a saved plan).
      const approve = command === "apply" ? ["--auto-approve"] : [];
      const result = await runCli([command, file, "--json", ...approve], { env });
      expect(result.code).toBe(1);
      const doc = oneDocument(result);
      expect(doc.summary).toEqual(ZERO);
      expect(doc.operations).toEqual([]);
      expect(doc.errors).toEqual([
        {
          severity: "error",
          file: expect.stringMatching(new RegExp(`${command}\\.yaml$`)),
          line: 2,
          column: 5,
          location: expect.stringMatching(new RegExp(`${command}\\.yaml:2:5$`)),
          message: 'missing required field "name" in proxies "px"',
          hint: expect.stringContaining("add name:"),
          code: "schema",
        },
      ]);
      expect(result.stderr).toContain('missing required field "name" in proxies "px"');
    },
  );

  it("prints one document naming the URL when Kibana cannot be reached", async () => {
    const file = await manifest("unreachable.yaml", { agent_policies: [POLICY] });
    const result = await runCli(["plan", file, "--json", "--timeout", "1"], {
      env: { KIBANA_URL: "http://127.0.0.1:9", KIBANA_API_KEY: "k" },
    });
    expect(result.code).toBe(1);
    const doc = oneDocument(result);
    expect(doc.summary).toEqual(ZERO);
    expect(doc.errors).toEqual([
      {
        severity: "error",
        message: expect.stringContaining("cannot reach Kibana at http://127.0.0.1:9"),
        hint: expect.stringContaining("nothing accepts connections at that host and port"),
        code: "connection",
      },
    ]);
    expect(result.stderr).toContain("cannot reach Kibana at http://127.0.0.1:9");
  });

  it("prints one document with the hint when no Kibana is given", async () => {
    const file = await manifest("no-kibana.yaml", { agent_policies: [POLICY] });
    const result = await runCli(["drift", file, "--json"]);
    expect(result.code).toBe(1);
    expect(oneDocument(result).errors).toEqual([
      { severity: "error", message: "no Kibana to talk to", hint: expect.stringContaining("--kibana-url") },
    ]);
  });

  it("prints one document when an option is unknown", async () => {
    const file = await manifest("bad-option.yaml", { agent_policies: [POLICY] });
    const result = await runCli(["apply", file, "--json", "--auto-aprove"], { env });
    expect(result.code).toBe(1);
    expect(oneDocument(result).errors).toEqual([
      {
        severity: "error",
        message: expect.stringContaining("unknown option '--auto-aprove'"),
        code: "usage",
      },
    ]);
    expect(result.stderr).toContain("unknown option '--auto-aprove'");
  });

  it("apply prints one document with the plan's errors at their place when the plan cannot be applied", async () => {
    const file = await manifest("bad-ref.yaml", {
      agent_policies: [{ ...POLICY, data_output_id: "es-typo" }],
    });
    const result = await runCli(["apply", file, "--json", "--auto-approve"], { env });
    expect(result.code).toBe(1);
    expect(oneDocument(result).errors).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/bad-ref\.yaml$/),
        line: expect.any(Number),
        column: expect.any(Number),
        message: expect.stringContaining('data_output_id refers to outputs "es-typo"'),
        code: "reference-missing",
      }),
    ]);
  });
});
