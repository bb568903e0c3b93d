/**
 * One plan with every kind of change, rendered by every plan renderer and pinned byte for byte under
 * __golden__/. The plan is made by the real diff and order from a manifest and a live state in memory:
 * a create with a secret from the environment that an update depends on, updates with before and after, a field dropped back to
 * its default, a keyed list with an element added before the others, one removed and one changed, a masked secret rotation, a multi-line line diff, a package upgrade's notes, a warning,
 * an error, a blocked delete, a delete, an unchanged object, unmanaged objects, a kind Kibana cannot delete, and a package
 * to install. After an intended change to a renderer: `UPDATE_GOLDEN=1 npx vitest run --config
 * test/core/vitest.config.ts test/core/render-golden.test.ts`, then read the diff of the files.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/diff/types.js";
import type { Target } from "../../src/read/target.js";
import { driftToJson, renderDriftMarkdown, renderDriftText } from "../../src/render/drift.js";
import { planToJson } from "../../src/render/json.js";
import { renderPlanMarkdown } from "../../src/render/markdown.js";
import { renderPlanText } from "../../src/render/text.js";
import { nginx_1_5_0 } from "../../src/sim/catalog/nginx-1.5.0.js";
import { nginx_3_2_2 } from "../../src/sim/catalog/nginx-3.2.2.js";
import { liveIntegrationPolicy, liveState, manifestFromYaml, planInMemory } from "./helpers.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, "__golden__");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const PROXY_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
const OUTPUT_KEY = "new-kafka-secret-value";

const MANIFEST = `proxies:
  - id: px-new
    name: New proxy
    url: http://proxy.example.com:3128
    certificate_key: \${env:PROXY_KEY}
outputs:
  - id: es-prod
    name: Production
    type: elasticsearch
    hosts: [https://es-2.example.com:9200, https://es-1.example.com:9200]
    config_yaml: |-
      bulk_max_size: 1600
      worker: 4
      queue.mem.events: 8000
      compression_level: 1
      timeout: 90s
      backoff.init: 2s
    preset: custom
  - id: kafka
    name: Kafka
    type: kafka
    hosts: [kafka-1:9092]
    auth_type: user_pass
    username: fleet
    password: \${env:KAFKA_PASSWORD}
    topic: logs
    proxy_id: px-new
fleet_server_hosts: []
agent_policies:
  - id: web
    name: Web servers
    namespace: default
    data_output_id: es-prdo
    monitoring_enabled: [metrics, logs]
    global_data_tags:
      - {name: team, value: web}
      - {name: env, value: prod}
      - {name: region, value: eu-west}
  - id: db
    name: Databases
    namespace: default
integration_policies:
  - id: nginx-web
    name: nginx-web
    policy_ids: [web]
    package: { name: nginx, version: 3.2.2 }
case_settings: []
`;

const OLD_CONFIG = [
  "bulk_max_size: 1600",
  "worker: 4",
  "queue.mem.events: 4000",
  "compression_level: 1",
  "timeout: 90s",
  "backoff.init: 2s",
].join("\n");

/** Kibana before the plan: what the manifest describes as it was, and objects it does not mention. */
const LIVE = {
  proxies: [
    { id: "px-legacy", name: "Legacy proxy", url: "http://legacy.example.com:3128" },
    { id: "px-unused", name: "Unused proxy", url: "http://unused.example.com:3128" },
  ],
  outputs: [
    {
      id: "es-prod",
      name: "Production",
      type: "elasticsearch",
      hosts: ["https://es-1.example.com:9200"],
      config_yaml: OLD_CONFIG,
      preset: "custom",
      proxy_id: "px-legacy",
      is_default: false,
      is_default_monitoring: false,
      updated_by: "jane",
    },
    {
      id: "kafka",
      name: "Kafka",
      type: "kafka",
      hosts: ["kafka-1:9092"],
      auth_type: "user_pass",
      username: "fleet",
      password: "old-kafka-secret-value",
      sasl: { mechanism: "PLAIN" },
      topic: "logs",
      key: "host.name",
      version: "1.0.0",
      compression: "gzip",
      compression_level: 4,
      client_id: "Elastic",
      partition: "hash",
      timeout: 30,
      broker_timeout: 10,
      required_acks: 1,
      is_default: false,
      is_default_monitoring: false,
    },
  ],
  fleet_server_hosts: [
    {
      id: "fsh-legacy",
      name: "Legacy Fleet Server",
      host_urls: ["https://fleet.example.com:8220"],
      proxy_id: "px-legacy",
    },
  ],
  agent_policies: [
    {
      id: "web",
      name: "Web servers",
      namespace: "default",
      agents: 2,
      global_data_tags: [
        { name: "env", value: "prod" },
        { name: "region", value: "eu" },
        { name: "tier", value: "gold" },
      ],
    },
    { id: "db", name: "Databases", namespace: "default", is_managed: false, agents: 0 },
  ],
  case_settings: [{ id: "cfg-1", owner: "cases", closure_type: "close-by-user", version: "WzMsMV0=" }],
};

/** The Kibana the plan names first (plan, Markdown, JSON and drift alike). */
const TARGET: Target = { url: "https://kibana.example.com:5601", space: "ops", version: "9.3.0" };

let plan: Plan;
beforeAll(async () => {
  const manifest = await manifestFromYaml(MANIFEST, {
    env: { PROXY_KEY, KAFKA_PASSWORD: OUTPUT_KEY },
  });
  const nginx = { id: "nginx-web", name: "nginx-web", policy_ids: ["web"] };
  const live = liveState({
    ...LIVE,
    integration_policies: [liveIntegrationPolicy(nginx, nginx_1_5_0)],
  });
  plan = planInMemory(manifest, live, {
    prune: true,
    pruneKinds: ["proxies", "outputs", "case_settings"],
    rotateSecrets: true,
    packages: [nginx_1_5_0, nginx_3_2_2],
    toInstall: [{ name: "nginx", version: "3.2.2" }],
  });
});

/** Compares `actual` with the pinned file byte for byte, or rewrites the file with UPDATE_GOLDEN=1. */
async function expectGolden(name: string, actual: string): Promise<void> {
  // `.golden`: no formatter or linter rewrites a pinned file (Biome would reformat Markdown tables).
  const file = join(GOLDEN, `${name}.golden`);
  if (UPDATE) {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 to write it`);
  expect(actual, `differs from ${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(await readFile(file, "utf8"));
}

/** plan-output.schema.json from the shared docs beside the main checkout (worktrees have none beside them). */
function planSchema(): Record<string, unknown> {
  const root = resolve(HERE, "../..");
  const common = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], {
    cwd: root,
    encoding: "utf8",
  }).trim();
  const candidates = [root, dirname(common)].map((dir) =>
    resolve(dir, "../shared/docs/plan-output.schema.json"),
  );
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`plan-output.schema.json not found at ${candidates.join(" or ")}`);
  return JSON.parse(readFileSync(found, "utf8"));
}

describe("a plan with every kind of change", () => {
  it("has every kind of change the renderers show", () => {
    const changes = plan.operations.flatMap((op) => op.changes);
    expect(plan.operations.map((op) => op.action).sort()).toEqual(
      expect.arrayContaining(["create", "update", "delete"]),
    );
    expect(changes.some((c) => c.op === "replace" && c.before !== undefined)).toBe(true);
    expect(changes.some((c) => c.op === "remove")).toBe(true);
    expect(changes.some((c) => c.sensitive)).toBe(true);
    expect(changes.some((c) => typeof c.after === "string" && c.after.includes("\n"))).toBe(true);
    expect(plan.operations.some((op) => op.notes?.length)).toBe(true);
    expect([
      plan.warnings,
      plan.problems,
      plan.blocked,
      plan.unmanaged,
      plan.notDeletable,
    ]).not.toContainEqual([]);
  });

  it("renders as text", async () => {
    await expectGolden("plan.txt", renderPlanText(plan, { prune: true, target: TARGET }));
  });

  it("renders as text in colour", async () => {
    await expectGolden("plan.color.txt", renderPlanText(plan, { prune: true, color: true, target: TARGET }));
  });

  it("renders as Markdown", async () => {
    await expectGolden("plan.md", renderPlanMarkdown(plan, { target: TARGET }));
  });

  it("renders as JSON valid against plan-output.schema.json", async () => {
    const document = planToJson(plan, TARGET);
    const validate = new Ajv2020({ strict: false }).compile(planSchema());
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    await expectGolden("plan.json", `${JSON.stringify(document, null, 2)}\n`);
  });

  it("renders as drift in text, Markdown and JSON", async () => {
    await expectGolden("drift.txt", renderDriftText(plan, { target: TARGET }));
    await expectGolden("drift.md", renderDriftMarkdown(plan, { target: TARGET }));
    const document = driftToJson(plan, TARGET);
    const validate = new Ajv2020({ strict: false }).compile(planSchema());
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    await expectGolden("drift.json", `${JSON.stringify(document, null, 2)}\n`);
  });

  it("never shows a secret the manifest interpolated or Kibana held", async () => {
    const all = [
      renderPlanText(plan, { verbose: true }),
      renderPlanMarkdown(plan),
      JSON.stringify(planToJson(plan)),
      renderDriftText(plan),
    ].join("\n");
    for (const secret of [
      PROXY_KEY,
      OUTPUT_KEY,
      "old-kafka-secret-value",
      "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    ])
      expect(all).not.toContain(secret);
  });
});
