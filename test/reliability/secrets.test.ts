/**
 * No secret value — from `${env:…}`, from `${file:…}`, the API key, the password — may appear in
 * anything a full plan/apply/drift/export cycle prints or writes, debug mode included.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import type { Profile } from "../../src/sim/seed.js";
import { type CliResult, runCli } from "../cli/run-cli.js";

const API_KEY = "api-key-Zq81xVw3";
const USERNAME = "ci-user";
const PASSWORD = "password-Hk27pLm9";

interface Secrets {
  env: Record<string, string>;
  files: Record<string, string>;
}

/** The first values, and the rotated ones a second apply sends: both are scanned for. */
const FIRST: Secrets = {
  env: {
    ES_SSL_KEY: "es-ssl-key-Tx92bNc4",
    KAFKA_PASSWORD: "kafka-password-Rf63dWq1",
    OKTA_API_KEY: "okta-api-key-Ma47sJv8",
  },
  files: {
    "remote-token.txt": "remote-service-token-Ue58kPz2",
    "logstash.key": "-----BEGIN PRIVATE KEY-----\nlogstash-key-Yb31hGf6\n-----END PRIVATE KEY-----",
  },
};
const ROTATED: Secrets = {
  env: {
    ES_SSL_KEY: "es-ssl-key-rotated-Gv83mQa5",
    KAFKA_PASSWORD: "kafka-password-rotated-Np04cXe7",
    OKTA_API_KEY: "okta-api-key-rotated-Wd16tLs0",
  },
  files: {
    "remote-token.txt": "remote-service-token-rotated-Kc29vBy3",
    "logstash.key": "-----BEGIN PRIVATE KEY-----\nlogstash-key-rotated-Pj75nEu2\n-----END PRIVATE KEY-----",
  },
};

/** Outputs with every kind of secret, and an okta integration policy with its secret `api_key` var. */
const MANIFEST = `
outputs:
  - id: es-secure
    name: Secure Elasticsearch
    type: elasticsearch
    hosts: [https://es.example.com:9200]
    secrets: { ssl: { key: "\${env:ES_SSL_KEY}" } }
  - id: logstash-secure
    name: Secure Logstash
    type: logstash
    hosts: ["logstash.example.com:5044"]
    secrets: { ssl: { key: "\${file:logstash.key}" } }
  - id: kafka-secure
    name: Secure Kafka
    type: kafka
    hosts: ["kafka.example.com:9092"]
    auth_type: user_pass
    username: fleet
    topic: events
    secrets: { password: "\${env:KAFKA_PASSWORD}" }
  - id: remote-secure
    name: Secure remote cluster
    type: remote_elasticsearch
    hosts: [https://remote.example.com:9200]
    secrets: { service_token: "\${file:remote-token.txt}" }
agent_policies:
  - { id: okta-hosts, name: Okta hosts, namespace: default, data_output_id: kafka-secure }
integration_policies:
  - id: okta-logs
    name: okta-logs
    policy_ids: [okta-hosts]
    package: { name: okta, version: 2.12.0 }
    inputs:
      okta-httpjson:
        vars:
          url: https://example.okta.com/api/v1/logs
          api_key: "\${env:OKTA_API_KEY}"
`;

/** Every form a value could leak in: as is, JSON-escaped, base64 (an Authorization header), URL-encoded. */
function forms(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString("base64"),
    encodeURIComponent(secret),
  ];
}

function secretValues(): string[] {
  const values = [FIRST, ROTATED].flatMap((s) => [...Object.values(s.env), ...Object.values(s.files)]);
  return [
    ...new Set([
      API_KEY,
      PASSWORD,
      Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64"),
      // A multi-line value also leaks by its lines.
      ...values.flatMap((v) => [v, ...v.split("\n").filter((l) => !l.startsWith("-----"))]),
    ]),
  ];
}

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/**
 * Runs plan (--json, --out), apply --plan, drift --json, a secret rotation (plan as text and
 * Markdown, apply --json, drift --markdown), export (to a directory and to stdout) and two failures,
 * all with FLEETFORM_DEBUG=1, half with the API key and half with user and password; returns every
 * leak found in their output and in the files they wrote.
 */
async function secretCycle(profile: Profile): Promise<string[]> {
  sim = await startSimulator({ port: 0, profile, apiKey: API_KEY, username: USERNAME, password: PASSWORD });
  const dir = await mkdtemp(path.join(tmpdir(), "fleetform-secrets-"));
  const manifests = path.join(dir, "manifests");
  const out = path.join(dir, "out");
  await mkdir(manifests);
  await mkdir(out);
  await writeFile(path.join(manifests, "fleet.yaml"), MANIFEST);
  const writeSecretFiles = async (secrets: Secrets) => {
    for (const [name, value] of Object.entries(secrets.files))
      await writeFile(path.join(manifests, name), `${value}\n`);
  };
  await writeSecretFiles(FIRST);

  const apiKeyEnv = { KIBANA_URL: sim.url, KIBANA_API_KEY: API_KEY, FLEETFORM_DEBUG: "1" };
  const basicEnv = {
    KIBANA_URL: sim.url,
    KIBANA_USERNAME: USERNAME,
    KIBANA_PASSWORD: PASSWORD,
    FLEETFORM_DEBUG: "1",
  };
  const inSync = [0];
  const planFile = path.join(out, "reviewed.plan");
  const runs: [string, CliResult][] = [];
  let secrets = FIRST;
  const run = async (args: string[], env: Record<string, string>, expected: number[]) => {
    const result = await runCli(args, { env: { ...env, ...secrets.env }, cwd: dir });
    runs.push([args.join(" "), result]);
    expect(expected, `${args.join(" ")}\n${result.stderr}`).toContain(result.code);
  };

  // Runs that do not change Kibana go in parallel, to keep the test short.
  await Promise.all([
    run(["plan", manifests, "--json"], apiKeyEnv, [0]),
    run(["plan", manifests, "--out", planFile], basicEnv, [0]),
  ]);
  await run(["apply", "--plan", planFile], apiKeyEnv, [0]);
  await run(["drift", manifests, "--json"], basicEnv, inSync);
  // Rotated secrets: what is in Kibana is the old value, what is sent the new one.
  secrets = ROTATED;
  await writeSecretFiles(ROTATED);
  await Promise.all([
    run(["plan", manifests, "--rotate-secrets"], apiKeyEnv, [0]),
    run(["plan", manifests, "--rotate-secrets", "--markdown"], basicEnv, [0]),
  ]);
  await run(["apply", manifests, "--rotate-secrets", "--auto-approve", "--json"], apiKeyEnv, [0]);
  await Promise.all([
    run(["drift", manifests, "--markdown"], basicEnv, inSync),
    run(["export", "--out", path.join(out, "export")], basicEnv, [0]),
    run(["export", "--out", "-", "--include-managed"], apiKeyEnv, [0]),
    // Failures print messages too: a wrong password, and (below) a manifest error about an
    // interpolated value.
    run(["drift", manifests], { ...basicEnv, KIBANA_PASSWORD: `${PASSWORD}-wrong` }, [1]),
  ]);
  await writeFile(
    path.join(manifests, "broken.yaml"),
    `outputs:\n  - { id: o, name: o, type: "\${env:KAFKA_PASSWORD}", hosts: ["h:1"] }\n`,
  );
  await run(["plan", manifests], apiKeyEnv, [1]);

  const leaks: string[] = [];
  const scan = (where: string, text: string) => {
    for (const secret of secretValues())
      if (forms(secret).some((form) => text.includes(form))) leaks.push(`${where}: ${secret}`);
  };
  for (const [args, result] of runs) {
    scan(`stdout of ${args}`, result.stdout);
    scan(`stderr of ${args}`, result.stderr);
  }
  const files = await filesUnder(out);
  for (const file of files) scan(file, await readFile(file, "utf8"));
  // The scan looked at something: the plan file and the exported manifests exist.
  expect(files.map((f) => path.basename(f))).toEqual(
    expect.arrayContaining(["reviewed.plan", "outputs.yaml", "integration_policies.yaml"]),
  );
  return leaks;
}

describe("secrets", () => {
  it("appear nowhere in a full cycle against a Kibana with secret storage", async () => {
    expect(await secretCycle("fleet-server")).toEqual([]);
  }, 60_000);

  it("appear nowhere in a full cycle against a Kibana that stores them in clear", async () => {
    expect(await secretCycle("no-fleet-server")).toEqual([]);
  }, 60_000);
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
