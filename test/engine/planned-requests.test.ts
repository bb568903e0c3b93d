/**
 * The plan is the contract for what apply sends: every operation carries its request, and the body
 * the simulator receives is the planned body with its masked values filled in from the manifest —
 * never anything else. The planned request itself holds no secret.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply-plan.js";
import type { Plan } from "../../src/diff/types.js";
import { KIND_NAMES } from "../../src/kinds/shapes.js";
import { planToJson } from "../../src/render/json.js";
import { fillSecrets } from "../../src/util/secret-references.js";
import type { RecordedRequest } from "../support/recorded.js";
import { type EngineHarness, engineHarness } from "./harness.js";

const SSL_KEY = "-----BEGIN PRIVATE KEY-----\nplanned-requests-secret\n-----END PRIVATE KEY-----";
const ENV = { OUTPUT_SSL_KEY: SSL_KEY, PROXY_KEY: "proxy-key-secret-value" };

// biome-ignore-start lint/suspicious/noTemplateCurlyInString: manifest placeholders
const manifest = (v: number, withOptional = true) => `
proxies:
  - id: req-proxy
    name: Proxy v${v}
    url: http://proxy.example.com:3128
    certificate_key: \${env:PROXY_KEY}
outputs:
  - id: req-es
    name: ES v${v}
    type: elasticsearch
    hosts: [https://es${v}.example.com:9200]
    ${withOptional ? "proxy_id: req-proxy" : ""}
    secrets:
      ssl:
        key: \${env:OUTPUT_SSL_KEY}
  - id: req-kafka
    name: Kafka
    type: kafka
    hosts: [kafka.example.com:9092]
    auth_type: none
    topic: events-${v}
download_sources:
  - id: req-source
    name: Source
    host: https://artifacts${v}.example.com/downloads/
    ${withOptional ? "proxy_id: req-proxy" : ""}
fleet_server_hosts:
  - id: req-fsh
    name: Fleet Server v${v}
    host_urls: [https://fleet.example.com:8220]
agent_policies:
  - id: req-policy
    name: Policy
    namespace: default
    description: v${v}
    ${withOptional ? "unenroll_timeout: 600" : ""}
    data_output_id: req-es
packages:
  - name: nginx
    version: ${v === 1 ? "1.5.0" : "3.2.2"}
integration_policies:
  - id: req-nginx
    name: req-nginx
    policy_ids: [req-policy]
    package: { name: nginx, version: 1.5.0 }
    inputs:
      nginx-logfile:
        streams:
          nginx.access:
            vars: { tags: [v${v}] }
case_settings:
  - owner: observability
    closure_type: ${v === 1 ? "close-by-user" : "close-by-pushing"}
    connector: { id: none, name: none, type: .none, fields: null }
fleet_settings:
  prerelease_integrations_enabled: ${v % 2 === 1}
`;
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: manifest placeholders

let h: EngineHarness;
let dir: string;
let recordFile: string;
let seen = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-requests-"));
  recordFile = path.join(dir, "requests.jsonl");
  h = await engineHarness({ recordFile });
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** The writes the simulator received since the last call. */
async function recordedWrites(): Promise<RecordedRequest[]> {
  const lines = (await readFile(recordFile, "utf8")).split("\n").filter(Boolean);
  const fresh = lines.slice(seen).map((l) => JSON.parse(l) as RecordedRequest);
  seen = lines.length;
  return fresh.filter((r) => r.method !== "GET");
}

/** `/api/fleet/outputs/{outputId}` matches `/api/fleet/outputs/req-es`. */
const matchesTemplate = (template: string, p: string) =>
  new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(p);

async function applyAndCompare(yaml: string, prune = false): Promise<Plan> {
  const { plan, kinds } = await h.plan(yaml, { prune }, ENV);
  expect(plan.problems).toEqual([]);
  await recordedWrites();
  const report = await applyPlan(plan, { client: h.client, kinds, concurrency: 1 });
  expect(report.results.filter((r) => r.status !== "done")).toEqual([]);
  // Package installs the plan lists beside its operations are not operations.
  const installs = new Set(plan.packages.map((p) => `/api/fleet/epm/packages/${p.name}/${p.version}`));
  const writes = (await recordedWrites()).filter((w) => !installs.has(w.path));
  expect(writes).toHaveLength(plan.operations.length);
  // Each write is one operation's planned request, filled in; none is left over.
  const pool = [...writes];
  for (const op of plan.operations) {
    // As it goes over the wire: JSON has no undefined (and a delete may have no body at all).
    const filled = fillSecrets(op.request.body, op.request.secrets, op.desired?.body);
    const expected = filled === undefined ? undefined : JSON.parse(JSON.stringify(filled));
    const candidates = pool.filter(
      (w) => w.method === op.request.method && matchesTemplate(w.path, op.request.path),
    );
    const sent = candidates.find((w) => isDeepStrictEqual(w.requestBody, expected));
    expect(sent ?? candidates.map((w) => w.requestBody), op.key).toBe(sent ?? expected);
    pool.splice(pool.indexOf(sent!), 1);
  }
  // Nothing of a secret is in what the plan holds or shows.
  const shown = JSON.stringify(planToJson(plan));
  expect(shown).not.toContain("planned-requests-secret");
  expect(shown).not.toContain(ENV.PROXY_KEY);
  return plan;
}

describe("the request each operation sends", () => {
  it("is the planned request, for every kind's create, update and delete", async () => {
    const created = await applyAndCompare(manifest(1));
    const updated = await applyAndCompare(manifest(2, false));
    const deleted = await applyAndCompare("proxies: []\nfleet_server_hosts: []\n", true);
    const covered = (plan: Plan, ...actions: string[]) =>
      [...new Set(plan.operations.filter((o) => actions.includes(o.action)).map((o) => o.kind))].sort();
    // The Fleet settings singleton always exists: its first write is an update.
    expect(covered(created, "create", "update")).toEqual([...KIND_NAMES].sort());
    expect(covered(updated, "update")).toEqual([...KIND_NAMES].sort());
    expect(covered(deleted, "delete")).toEqual(["fleet_server_hosts", "proxies"]);
  });

  it("holds write-only and interpolated values as masks that name their place in the manifest", async () => {
    const { plan } = await h.plan(manifest(3), {}, ENV);
    const output = plan.operations.find((o) => o.key === "outputs/req-es")!;
    expect(output.request.body).toMatchObject({ secrets: { ssl: { key: "(sensitive)" } } });
    expect(output.request.secrets).toEqual([{ at: "/secrets/ssl/key", from: "/secrets/ssl/key" }]);
    const json = planToJson(plan).operations as { id: string; request: unknown }[];
    expect(json.find((o) => o.id === "req-es")!.request).toMatchObject({
      method: "PUT",
      path: "/api/fleet/outputs/req-es",
      secrets: [{ at: "/secrets/ssl/key", from: "/secrets/ssl/key" }],
    });
  });

  it("of an unversioned update carries only the changed fields and those Kibana needs with them", async () => {
    await h.apply(manifest(1), {}, ENV);
    const { plan } = await h.plan(manifest(4), {}, ENV);
    const fsh = plan.operations.find((o) => o.key === "fleet_server_hosts/req-fsh")!;
    // name changed; proxy_id is required in the PUT body; host_urls is left as it is.
    expect(fsh.request.body).toEqual({ name: "Fleet Server v4", proxy_id: null });
    const policy = plan.operations.find((o) => o.key === "agent_policies/req-policy")!;
    expect(Object.keys(policy.request.body as object).sort()).toEqual(
      [
        "description",
        "inactivity_timeout",
        "keep_monitoring_alive",
        "name",
        "namespace",
        "supports_agentless",
      ].sort(),
    );
  });
});
