import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "bin", "fleetform.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Kibana {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
}

/** Runs the real CLI (`node bin/fleetform.js ...`) with a clean environment plus `env`. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
) {
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Environment that points the CLI at a Kibana (the simulator) with its credentials. */
export function kibanaEnv(kibana: Kibana): Record<string, string> {
  const env: Record<string, string> = { KIBANA_URL: kibana.url };
  if (kibana.apiKey) env.KIBANA_API_KEY = kibana.apiKey;
  if (kibana.username) env.KIBANA_USERNAME = kibana.username;
  if (kibana.password) env.KIBANA_PASSWORD = kibana.password;
  return env;
}

export const example = (name: string) => path.join(ROOT, "examples", name);

/** Values for the `${env:…}` the examples use; secrets the tests can look for in output. */
export const EXAMPLE_ENV = {
  ES_OUTPUT_SSL_KEY: "es-ssl-key-7f3a9c",
  LOGSTASH_SSL_KEY: "logstash-ssl-key-1b2c3d",
  KAFKA_PASSWORD: "kafka-password-9e8d7c",
  REMOTE_ES_SERVICE_TOKEN: "remote-token-5a4b3c",
  OKTA_API_KEY: "okta-api-key-0e9f8a",
};
