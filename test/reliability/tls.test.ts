/**
 * TLS: Kibana's certificate is verified by default, `--ca-cert FILE` adds a CA to trust, and
 * `--insecure` turns verification off only when asked, with a warning. The simulator serves HTTPS
 * with a CA and a server certificate generated here with openssl.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { example, kibanaEnv, runCli } from "../cli/run-cli.js";
import { API_KEY, startCli } from "./helpers.js";

/** A CA, a server certificate it signed for 127.0.0.1, and an unrelated CA. */
async function certificates(dir: string) {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ca = (name: string) =>
    openssl(
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"],
      ...["-keyout", `${name}.key`, "-out", `${name}.crt`, "-subj", `/CN=${name}`],
    );
  ca("test-ca");
  ca("other-ca");
  openssl(
    ...["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr"],
    ...["-subj", "/CN=127.0.0.1"],
  );
  await import("node:fs/promises").then((fs) =>
    fs.writeFile(path.join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"),
  );
  openssl(
    ...["x509", "-req", "-in", "server.csr", "-CA", "test-ca.crt", "-CAkey", "test-ca.key"],
    ...["-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext"],
  );
  return {
    ca: path.join(dir, "test-ca.crt"),
    otherCa: path.join(dir, "other-ca.crt"),
    cert: path.join(dir, "server.crt"),
    key: path.join(dir, "server.key"),
  };
}

let certs: Awaited<ReturnType<typeof certificates>>;
let sim: RunningSimulator;
let env: Record<string, string>;
beforeAll(async () => {
  certs = await certificates(await mkdtemp(path.join(tmpdir(), "fleetform-tls-")));
  sim = await startSimulator({
    port: 0,
    apiKey: API_KEY,
    tls: { cert: await readFile(certs.cert, "utf8"), key: await readFile(certs.key, "utf8") },
  });
  env = kibanaEnv({ url: sim.url, apiKey: API_KEY });
});
afterAll(() => sim.close());

const plan = (...flags: string[]) => runCli(["plan", example("quickstart"), ...flags], { env });

describe("TLS", () => {
  it("verifies Kibana's certificate by default, and fails at once naming the URL when it cannot", async () => {
    expect(sim.url).toMatch(/^https:/);
    const started = Date.now();
    const result = await plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot reach Kibana at ${sim.url}`);
    expect(result.stderr).toMatch(/certificate/i);
    expect(result.stderr).not.toContain("--insecure: Kibana's TLS certificate is not verified");
    expect(result.stderr).toContain("pass that CA with --ca-cert FILE");
    // A certificate that does not verify will not verify on a retry either.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(sim.stats().requests).toBe(0);
  });

  it("says to use https:// when given http:// for a Kibana that serves HTTPS", async () => {
    const http = sim.url.replace(/^https:/, "http:");
    const result = await runCli(["plan", example("quickstart"), "--timeout", "2"], {
      env: kibanaEnv({ url: http, apiKey: API_KEY }),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`use ${sim.url}`);
  });

  it("trusts the CA given with --ca-cert", async () => {
    const result = await plan("--ca-cert", certs.ca);
    expect(result.stderr).not.toMatch(/warning/i);
    expect(result.code).toBe(0);
  });

  it("adds --ca-cert to the CAs Node already trusts instead of replacing them", async () => {
    // NODE_EXTRA_CA_CERTS stands for the system's trust store here: Kibana's CA is trusted there,
    // and --ca-cert names another CA (say, the proxy's); both must be trusted.
    const result = await runCli(["plan", example("quickstart"), "--ca-cert", certs.otherCa], {
      env: { ...env, NODE_EXTRA_CA_CERTS: certs.ca },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("still refuses a certificate that --ca-cert's CA did not sign", async () => {
    const result = await plan("--ca-cert", certs.otherCa);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/certificate/i);
  });

  it("turns verification off only with --insecure, and warns on stderr", async () => {
    const result = await plan("--insecure");
    expect(result.stderr).toContain("warning: --insecure: Kibana's TLS certificate is not verified");
    expect(result.stdout).not.toMatch(/warning/);
    expect(result.code).toBe(0);
  });

  it("fleetform sim serves HTTPS with --tls-cert and --tls-key", async () => {
    const server = startCli(["sim", "--port", "0", "--tls-cert", certs.cert, "--tls-key", certs.key], {});
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${server.stderr()}`)), 10_000);
        server.child.stdout.on("data", () => {
          if (server.stdout().includes("\n")) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /listening on (\S+)/.exec(server.stdout())?.[1];
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const result = await runCli(["plan", example("quickstart"), "--ca-cert", certs.ca], {
        env: kibanaEnv({ url: url!, apiKey: "fleetform-sim" }),
      });
      expect(result.code).toBe(0);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });
});
