import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../../src/sim/index.js";
import { runCli } from "./run-cli.js";

const URL_PASSWORD = "url-secret-42";

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

  it.each([
    ["a file that is no certificate", "not a certificate\n", "holds no PEM certificate"],
    [
      "a damaged certificate",
      "-----BEGIN CERTIFICATE-----\nMIIBroken==\n-----END CERTIFICATE-----\n",
      "certificate 1 of 1 is not a valid X.509 certificate",
    ],
  ])("refuses --ca-cert naming %s, before connecting", async (_what, content, message) => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-ca-")), "ca.pem");
    await writeFile(file, content);
    const result = await runCli(["plan", "examples/quickstart", "--ca-cert", file], {
      env: { KIBANA_URL: "https://127.0.0.1:9", KIBANA_API_KEY: "k" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--ca-cert file ${file}`);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain("cannot reach Kibana");
  });

  it("uses the user and password written in --kibana-url for basic auth, and never shows or stores them", async () => {
    const sim = await startSimulator({ port: 0, username: "fleet-user", password: URL_PASSWORD });
    try {
      const out = path.join(await mkdtemp(path.join(tmpdir(), "fleetform-url-")), "plan.json");
      const withCredentials = sim.url.replace("://", `://fleet-user:${URL_PASSWORD}@`);
      const result = await runCli(["plan", "examples/quickstart", "--out", out], {
        env: { KIBANA_URL: withCredentials },
      });
      expect(result.code, result.stderr).toBe(0);
      const saved = await readFile(out, "utf8");
      expect(saved).toContain(`"kibana": "${sim.url}"`);
      expect(saved + result.stdout + result.stderr).not.toContain(URL_PASSWORD);
      expect(saved).not.toContain("fleet-user");
    } finally {
      await sim.close();
    }
  });

  it("never shows the password written in --kibana-url in an error, and says other credentials win", async () => {
    const result = await runCli(["plan", "examples/quickstart", "--timeout", "1"], {
      env: { KIBANA_URL: `http://someone:${URL_PASSWORD}@127.0.0.1:9`, KIBANA_API_KEY: "k" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("cannot reach Kibana at http://127.0.0.1:9:");
    expect(result.stderr).toContain(
      "the user and password in --kibana-url are ignored: an API key is given too",
    );
    expect(result.stdout + result.stderr).not.toContain(URL_PASSWORD);
  });
});
