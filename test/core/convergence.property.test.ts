/**
 * The planner's first law: Kibana holding what a plan's requests make of it, the next plan is empty.
 * For random objects within each kind's JSON Schema, a create, or an update from another random
 * object of the same kind, is stored the way Kibana stores it (./kibana-merge.ts), and planning
 * the same manifest again finds nothing to change.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planChanges } from "../../src/diff/plan-changes.js";
import type { PlannedOperation } from "../../src/diff/types.js";
import { kindOf } from "../../src/kinds/index.js";
import type { Body, KindName, PlanContext } from "../../src/kinds/types.js";
import type { LiveState } from "../../src/read/read-live.js";
import { fillSecrets } from "../../src/util/secret-references.js";
import { liveState, manifestObject } from "./helpers.js";
import { storedByCreate, storedByUpdate } from "./kibana-merge.js";

const RUNS = 60;

/** A body as the loader makes it from YAML: plain objects (fast-check's records have no prototype). */
const plain = (body: Body): Body => JSON.parse(JSON.stringify(body));

const word = fc.constantFrom("alpha", "beta", "gamma", "prod", "eu-west");
const text = fc.oneof(word, fc.constant(""), fc.constant("line one\nline two"));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const pem = fc.constantFrom("-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----", "CERT-B");

const agentPolicy: fc.Arbitrary<Body> = fc
  .record(
    {
      id: fc.constant("ap"),
      name: fc.constantFrom("Policy", "Policy 2"),
      namespace: fc.constantFrom("default", "prod"),
      description: text,
      monitoring_enabled: fc.subarray(["logs", "metrics", "traces"]),
      inactivity_timeout: fc.nat(5_000_000),
      unenroll_timeout: fc.nat(100_000),
      keep_monitoring_alive: fc.boolean(),
      monitoring_pprof_enabled: fc.boolean(),
      is_protected: fc.boolean(),
      global_data_tags: fc.array(fc.record({ name: word, value: fc.oneof(word, fc.nat(9)) }), {
        maxLength: 2,
      }),
      agent_features: fc.array(fc.record({ name: word, enabled: fc.boolean() }), { maxLength: 2 }),
      overrides: maybe(fc.dictionary(word, word, { maxKeys: 2 })),
      advanced_settings: fc.record(
        { agent_logging_level: fc.constantFrom("info", "debug"), agent_limits_go_max_procs: fc.nat(8) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["id", "name", "namespace"] },
  )
  .map(plain);

const outputOf = (type: "elasticsearch" | "logstash") =>
  fc
    .record(
      {
        id: fc.constant("out"),
        type: fc.constant(type),
        name: fc.constantFrom("Output", "Output 2"),
        hosts: fc.subarray(
          type === "elasticsearch"
            ? ["https://es-1.example.com:9200", "https://es-2.example.com:443", "http://es-3.example.com"]
            : ["ls-1.example.com:5044", "ls-2.example.com:5045"],
          { minLength: 1 },
        ),
        ca_sha256: maybe(word),
        ca_trusted_fingerprint: maybe(word),
        config_yaml: maybe(fc.constantFrom("", "a: 1", "a: 1\nb: two\n")),
        ssl: maybe(
          fc.record(
            { certificate_authorities: fc.array(pem, { maxLength: 2 }), certificate: pem },
            { requiredKeys: [] },
          ),
        ),
      },
      { requiredKeys: ["id", "type", "name", "hosts"] },
    )
    .map(plain);

const proxy: fc.Arbitrary<Body> = fc
  .record(
    {
      id: fc.constant("px"),
      name: fc.constantFrom("Proxy", "Proxy 2"),
      url: fc.constantFrom("http://proxy.example.com:3128", "https://proxy.example.com", "socks5://p:1080"),
      proxy_headers: maybe(fc.dictionary(word, fc.oneof(word, fc.boolean(), fc.nat(9)), { maxKeys: 2 })),
      certificate_authorities: maybe(pem),
      certificate: maybe(pem),
      certificate_key: maybe(fc.constantFrom("KEY-A", "KEY-B")),
    },
    { requiredKeys: ["id", "name", "url"] },
  )
  .map(plain);

const ctx = (live: LiveState): PlanContext => ({ packages: new Map(), live });

/** The one operation a manifest of one object plans against `stored` (none when it matches). */
function planOne(kind: KindName, body: Body, stored: Body | undefined): PlannedOperation | undefined {
  const live = liveState({ [kind]: stored ? [stored] : [] });
  const plan = planChanges([manifestObject(kind, body)], live, [kindOf(kind)], ctx(live), { prune: false });
  expect(plan.problems).toEqual([]);
  expect(plan.operations.length).toBeLessThanOrEqual(1);
  return plan.operations[0];
}

/** What Kibana holds once the operation's request, its masked values filled in, is applied. */
function applied(kind: KindName, op: PlannedOperation, stored: Body | undefined): Body {
  const body = fillSecrets(op.request.body, op.request.secrets, op.desired!.body) as Body;
  if (op.action === "create") return storedByCreate(kind, { ...body, id: op.id });
  return storedByUpdate(kind, stored!, body);
}

function converges(kind: KindName, previous: Body, desired: Body): void {
  const created = applied(kind, planOne(kind, previous, undefined)!, undefined);
  const update = planOne(kind, desired, created);
  const after = update ? applied(kind, update, created) : created;
  const again = planOne(kind, desired, after);
  expect(again?.changes ?? [], JSON.stringify({ created, sent: update?.request.body, after })).toEqual([]);
}

describe("a plan's requests, applied as Kibana stores them, leave nothing to plan", () => {
  it("for agent policies", () => {
    fc.assert(
      fc.property(agentPolicy, agentPolicy, (a, b) => converges("agent_policies", a, b)),
      { numRuns: RUNS },
    );
  });

  it("for Elasticsearch and Logstash outputs", () => {
    const pair = fc
      .constantFrom("elasticsearch" as const, "logstash" as const)
      .chain((type) => fc.tuple(outputOf(type), outputOf(type)));
    fc.assert(
      fc.property(pair, ([a, b]) => converges("outputs", a, b)),
      { numRuns: RUNS },
    );
  });

  it("for proxies", () => {
    fc.assert(
      fc.property(proxy, proxy, (a, b) => converges("proxies", a, b)),
      { numRuns: RUNS },
    );
  });

  // Known gap, kept as an expected failure so that a fix shows up here: the space-aware agent-policy
  // type does not map monitoring_http (FLEET/server/saved_objects/index.ts), so Kibana's merging update
  // keeps a key the manifest dropped, and fleetform sends only the object the manifest has: the plan
  // removes `monitoring_http.host` again on every run. (The simulator replaces the object whole.)
  it.fails("for an agent policy that drops one key of monitoring_http (known gap)", () => {
    const policy = { id: "ap", name: "Policy", namespace: "default" };
    converges(
      "agent_policies",
      { ...policy, monitoring_http: { enabled: true, host: "localhost", port: 6791 } },
      { ...policy, monitoring_http: { enabled: true, port: 6791 } },
    );
  });
});
