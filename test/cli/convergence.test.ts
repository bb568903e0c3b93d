import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { kibanaEnv, ROOT, runCli } from "./run-cli.js";

const PLAN_SCHEMA = JSON.parse(
  readFileSync(path.resolve(ROOT, "../shared/docs/plan-output.schema.json"), "utf8"),
);
const MANIFEST = `agent_policies:
  - id: web
    name: Web
    namespace: default
    description: Web servers
`;

let sim: RunningSimulator;
let env: Record<string, string>;
let file: string;
beforeEach(async () => {
  // A Kibana that stores descriptions otherwise than written (the simulator's --mangle-field fault).
  sim = await startSimulator({ port: 0, apiKey: "conv-key", mangleField: "description" });
  env = kibanaEnv({ url: sim.url, apiKey: "conv-key" });
  file = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-conv-")), "fleet.yaml");
  await writeFile(file, MANIFEST);
});
afterEach(() => sim.close());

describe("apply's convergence check on the command line", () => {
  it("warns at the manifest's field with the value Kibana kept and what to write instead", async () => {
    const result = await runCli(["apply", file, "--auto-approve"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `⚠ ${file}:5:18: agent policy "web": Kibana stored description as "Web servers [mangled by the simulator]" where the manifest says "Web servers"`,
    );
    expect(result.stdout).toContain(
      'write description: "Web servers [mangled by the simulator]" in the manifest, or every plan will show it again',
    );
  });

  it("lists the divergences of each operation and as warnings in the --json report, valid against the schema", async () => {
    const result = await runCli(["apply", file, "--auto-approve", "--json"], { env });
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(new Ajv2020({ strict: false }).validate(PLAN_SCHEMA, doc)).toBe(true);
    expect(doc.operations[0].divergences).toEqual([
      {
        path: "/description",
        kept: "Web servers [mangled by the simulator]",
        wrote: "Web servers",
        sensitive: false,
        stated: true,
      },
    ]);
    expect(doc.warnings).toEqual([
      expect.objectContaining({ kind: "agent_policies", id: "web", line: 5, column: 18 }),
    ]);
  });
});
