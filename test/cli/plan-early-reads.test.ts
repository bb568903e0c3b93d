import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

// plan and drift start the list reads while the manifests load: what the user sees must not change.

const OUTPUTS =
  "outputs:\n  - id: out-1\n    name: Out 1\n    type: elasticsearch\n    hosts: [https://es:9200]\n";
const UNKNOWN_FIELD = "proxies:\n  - id: p1\n    name: P1\n    url: http://proxy:3128\n    colour: red\n";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-early-reads-"));
  // The first file is valid (its reads start), the second is not.
  await writeFile(path.join(dir, "a-outputs.yaml"), OUTPUTS);
  await writeFile(path.join(dir, "b-proxies.yaml"), UNKNOWN_FIELD);
});

/** An address nothing answers at (a port taken, then freed). */
async function unreachable(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("manifest errors while the reads run", () => {
  for (const command of ["plan", "drift"]) {
    it(`${command} reports the manifest error, not the unreachable Kibana, and exits 1 without waiting for retries`, async () => {
      const started = Date.now();
      const result = await runCli([command, dir], {
        env: { KIBANA_URL: await unreachable(), KIBANA_API_KEY: "k" },
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/b-proxies\.yaml:5:\d+/);
      expect(result.stderr).toMatch(/1 error in the manifests; nothing was changed in Kibana/);
      expect(result.stderr).not.toMatch(/ECONNREFUSED|gave up/);
      // The reads would retry for the 60 s budget: they are stopped instead.
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  }

  it("reports the manifest error before a connection setting that is missing", async () => {
    const result = await runCli(["plan", dir], { env: { KIBANA_URL: await unreachable() } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/b-proxies\.yaml:5/);
    expect(result.stderr).not.toMatch(/no credentials/);
  });

  it("reports the connection's problem once the manifests are valid", async () => {
    await writeFile(path.join(dir, "b-proxies.yaml"), "proxies: []\n");
    const result = await runCli(["plan", dir, "--timeout", "1"], {
      env: { KIBANA_URL: await unreachable(), KIBANA_API_KEY: "k" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  });

  it("prints the connection's warnings only once the manifests are valid", async () => {
    const result = await runCli(["plan", dir, "--insecure"], {
      env: { KIBANA_URL: await unreachable(), KIBANA_API_KEY: "k" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/--insecure/);
  });
});
