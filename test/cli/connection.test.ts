import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("connecting to Kibana", () => {
  it("refuses to plan without --sim or a Kibana URL, and says how to give one", async () => {
    const result = await runCli(["plan", "examples/quickstart"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no Kibana to talk to");
    expect(result.stderr).toContain("--kibana-url");
    expect(result.stderr).toContain("--sim");
  });

  it("gives up on an unreachable Kibana with a message naming the URL", async () => {
    const result = await runCli(["plan", "examples/quickstart", "--timeout", "1"], {
      env: { KIBANA_URL: "http://127.0.0.1:9", KIBANA_API_KEY: "k" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot reach Kibana at http://127.0.0.1:9");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a bad --concurrency with a clear message", async () => {
    const result = await runCli(["apply", "examples/quickstart", "--sim", "--concurrency", "zero"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--concurrency must be an integer");
  });
});
