/** `validate` reports every problem of every file in one run. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-validate-"));
});

async function manifest(name: string, yaml: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, yaml);
  return file;
}

const ES_PROD =
  "  - id: es-prod\n    name: Production\n    type: elasticsearch\n    hosts: [https://es:9200]\n";

describe("validate", () => {
  it("reports a duplicate id and the schema errors of the same file in one run", async () => {
    const file = await manifest(
      "dup.yaml",
      "proxies:\n  - id: px\n    name: Proxy\n    url: http://p:3128\n  - id: px\n    url: http://q:3128\n",
    );
    const result = await runCli(["validate", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/dup\.yaml:5:9: error: duplicate id "px" in proxies/);
    expect(result.stderr).toMatch(/dup\.yaml:5:5: error: missing required field "name" in proxies "px"/);
    expect(result.stderr).toContain("2 errors in the manifests");
  });
});
