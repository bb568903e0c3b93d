import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

/**
 * Per kind: create, update of one field, no-op, rename (an update, not a replace), and removal of an
 * optional field back to the server default. Each case is a base object plus variations.
 */
interface KindCase {
  title: string;
  section: string;
  id: string;
  base: Record<string, unknown>;
  update: Record<string, unknown>;
  optional: Record<string, unknown>;
  renamable?: boolean;
  /** Objects the case refers to. */
  context?: Record<string, unknown[]>;
}

const proxy = { id: "ctx-proxy", name: "Context proxy", url: "http://ctx-proxy.example.com:3128" };

const CASES: KindCase[] = [
  {
    title: "proxy",
    section: "proxies",
    id: "p1",
    base: { id: "p1", name: "Proxy one", url: "http://proxy.example.com:3128" },
    update: { url: "https://proxy2.example.com:3129" },
    optional: { certificate_authorities: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
  },
  {
    title: "elasticsearch output",
    section: "outputs",
    id: "o-es",
    base: { id: "o-es", name: "ES", type: "elasticsearch", hosts: ["https://es.example.com:9200"] },
    update: { hosts: ["https://es2.example.com:9200"] },
    optional: { config_yaml: "bulk_max_size: 100", proxy_id: "ctx-proxy" },
    context: { proxies: [proxy] },
  },
  {
    title: "logstash output",
    section: "outputs",
    id: "o-ls",
    base: { id: "o-ls", name: "LS", type: "logstash", hosts: ["ls.example.com:5044"] },
    update: { hosts: ["ls2.example.com:5044"] },
    optional: { ca_trusted_fingerprint: "79f956a0175" },
  },
  {
    title: "kafka output",
    section: "outputs",
    id: "o-kafka",
    base: {
      id: "o-kafka",
      name: "Kafka",
      type: "kafka",
      hosts: ["kafka.example.com:9092"],
      auth_type: "none",
      topic: "agents",
    },
    update: { topic: "agents-2" },
    optional: { client_id: "fleet", timeout: 45 },
  },
  {
    title: "remote elasticsearch output",
    section: "outputs",
    id: "o-remote",
    base: {
      id: "o-remote",
      name: "Remote",
      type: "remote_elasticsearch",
      hosts: ["https://remote.example.com:9200"],
    },
    update: { hosts: ["https://remote2.example.com:9200"] },
    optional: { config_yaml: "worker: 2" },
  },
  {
    title: "download source",
    section: "download_sources",
    id: "ds1",
    base: { id: "ds1", name: "Mirror", host: "https://mirror.example.com/downloads/" },
    update: { host: "https://mirror2.example.com/downloads/" },
    optional: { proxy_id: "ctx-proxy" },
    context: { proxies: [proxy] },
  },
  {
    title: "Fleet Server host",
    section: "fleet_server_hosts",
    id: "fsh1",
    base: { id: "fsh1", name: "Fleet Server", host_urls: ["https://fleet.example.com:8220"] },
    update: { host_urls: ["https://fleet2.example.com:8220"] },
    optional: { proxy_id: "ctx-proxy" },
    context: { proxies: [proxy] },
  },
  {
    title: "agent policy",
    section: "agent_policies",
    id: "ap1",
    base: { id: "ap1", name: "Policy one", namespace: "default" },
    update: { namespace: "prod" },
    optional: { description: "Web servers", monitoring_enabled: ["logs"], inactivity_timeout: 3600 },
  },
  {
    title: "integration policy",
    section: "integration_policies",
    id: "ip1",
    base: {
      id: "ip1",
      name: "nginx-one",
      policy_ids: ["ctx-policy"],
      package: { name: "nginx", version: "1.5.0" },
    },
    update: { inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["changed"] } } } } } },
    optional: { description: "nginx on the web tier", namespace: "web" },
    context: { agent_policies: [{ id: "ctx-policy", name: "Context policy", namespace: "default" }] },
  },
  {
    title: "Cases settings",
    section: "case_settings",
    id: "cases",
    base: {
      owner: "cases",
      closure_type: "close-by-user",
      connector: { id: "none", name: "none", type: ".none", fields: null },
    },
    update: { closure_type: "close-by-pushing" },
    optional: { customFields: [{ key: "team", label: "Team", type: "text", required: false }] },
    renamable: false,
  },
];

const manifest = (c: KindCase, body: Record<string, unknown>) =>
  stringify({ ...c.context, [c.section]: [body] });

let h: EngineHarness;
beforeAll(async () => {
  h = await engineHarness();
});
afterAll(() => h.close());

describe.each(CASES)("$title", (c) => {
  it("is created from an empty Kibana and plans clean afterwards", async () => {
    const applied = await h.apply(manifest(c, c.base));
    expect(applied.operations.find((op) => op.id === c.id)?.action).toBe("create");
    const again = await h.plan(manifest(c, c.base));
    expect(changedPaths(again.plan)).toEqual([]);
  });

  it("updates exactly the one field that changed", async () => {
    await h.apply(manifest(c, c.base));
    const { plan } = await h.plan(manifest(c, { ...c.base, ...c.update }));
    const ops = plan.operations.filter((op) => op.id === c.id);
    expect(ops.map((op) => op.action)).toEqual(["update"]);
    const field = Object.keys(c.update)[0]!;
    expect(ops[0]!.changes.every((ch) => ch.path.startsWith(`/${field}`))).toBe(true);
    await h.apply(manifest(c, { ...c.base, ...c.update }));
    expect(changedPaths((await h.plan(manifest(c, { ...c.base, ...c.update }))).plan)).toEqual([]);
  });

  it.skipIf(c.renamable === false)("renames in place, as an update of the same id", async () => {
    await h.apply(manifest(c, c.base));
    const renamed = { ...c.base, name: `${c.base.name} renamed` };
    const { plan } = await h.plan(manifest(c, renamed));
    expect(plan.operations.map((op) => `${op.action} ${op.id}`)).toEqual([`update ${c.id}`]);
    expect(plan.operations[0]!.changes).toEqual([expect.objectContaining({ op: "replace", path: "/name" })]);
    await h.apply(manifest(c, renamed));
    expect(changedPaths((await h.plan(manifest(c, renamed))).plan)).toEqual([]);
  });

  it("resets an optional field to the server default when the manifest drops it", async () => {
    await h.apply(manifest(c, { ...c.base, ...c.optional }));
    expect(changedPaths((await h.plan(manifest(c, { ...c.base, ...c.optional }))).plan)).toEqual([]);
    const { plan } = await h.plan(manifest(c, c.base));
    expect(plan.operations.filter((op) => op.id === c.id).map((op) => op.action)).toEqual(["update"]);
    await h.apply(manifest(c, c.base));
    expect(changedPaths((await h.plan(manifest(c, c.base))).plan)).toEqual([]);
  });
});

describe("Fleet settings", () => {
  it("updates only the fields the manifest names and then plans clean", async () => {
    const yaml = stringify({ fleet_settings: { prerelease_integrations_enabled: true } });
    const { plan } = await h.plan(yaml);
    expect(plan.operations.map((op) => `${op.action} ${op.id}`)).toEqual(["update settings"]);
    await h.apply(yaml);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });
});
