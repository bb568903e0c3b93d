/** Shared by the reliability tests: generated manifests, a fault-free view of the simulator, a live CLI child. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { KibanaClient } from "../../src/client/kibana-client.js";
import type { RunningSimulator } from "../../src/sim/index.js";
import { ROOT } from "../cli/run-cli.js";

export const API_KEY = "reliability-key";

export interface ObjectCounts {
  proxies: number;
  outputs: number;
  download_sources: number;
  fleet_server_hosts: number;
  agent_policies: number;
  integration_policies: number;
}

/** Forty objects of every kind: long enough to interrupt an apply against a slow Kibana. */
export const FORTY: ObjectCounts = {
  proxies: 4,
  outputs: 6,
  download_sources: 4,
  fleet_server_hosts: 4,
  agent_policies: 10,
  integration_policies: 12,
};

/**
 * A manifest of many objects of every kind that references each other (proxy → output → agent
 * policy → integration policy), so ordering and dependency skipping are exercised too. Every id and
 * name starts with `prefix`, which is how the tests tell the desired objects from the seeded ones.
 */
export function manyObjectsYaml(counts: ObjectCounts, prefix = "rel", tag = "soak"): string {
  const lines: string[] = [];
  const section = (name: string, n: number, item: (i: number) => string[]) => {
    if (n === 0) return;
    lines.push(`${name}:`);
    for (let i = 0; i < n; i++) lines.push(...item(i).map((l, j) => (j === 0 ? `  - ${l}` : `    ${l}`)));
  };
  const mod = (i: number, n: number) => i % Math.max(1, n);
  section("proxies", counts.proxies, (i) => [
    `id: ${prefix}-proxy-${i}`,
    `name: ${prefix} proxy ${i}`,
    `url: http://proxy-${i}.example.com:3128`,
  ]);
  section("outputs", counts.outputs, (i) => [
    `id: ${prefix}-output-${i}`,
    `name: ${prefix} output ${i}`,
    ...(i % 3 === 2
      ? ["type: logstash", `hosts: ["logstash-${i}.example.com:5044"]`]
      : ["type: elasticsearch", `hosts: [https://es-${i}.example.com:9200]`]),
    ...(counts.proxies > 0 && i % 2 === 0 ? [`proxy_id: ${prefix}-proxy-${mod(i, counts.proxies)}`] : []),
  ]);
  section("download_sources", counts.download_sources, (i) => [
    `id: ${prefix}-source-${i}`,
    `name: ${prefix} source ${i}`,
    `host: https://artifacts-${i}.example.com/downloads/`,
  ]);
  section("fleet_server_hosts", counts.fleet_server_hosts, (i) => [
    `id: ${prefix}-fsh-${i}`,
    `name: ${prefix} fleet server ${i}`,
    `host_urls: [https://fleet-${i}.example.com:8220]`,
  ]);
  section("agent_policies", counts.agent_policies, (i) => [
    `id: ${prefix}-policy-${i}`,
    `name: ${prefix} policy ${i}`,
    "namespace: default",
    ...(counts.outputs > 0 ? [`data_output_id: ${prefix}-output-${mod(i, counts.outputs)}`] : []),
    ...(counts.download_sources > 0
      ? [`download_source_id: ${prefix}-source-${mod(i, counts.download_sources)}`]
      : []),
    ...(counts.fleet_server_hosts > 0
      ? [`fleet_server_host_id: ${prefix}-fsh-${mod(i, counts.fleet_server_hosts)}`]
      : []),
  ]);
  section("integration_policies", counts.integration_policies, (i) => [
    `id: ${prefix}-nginx-${i}`,
    `name: ${prefix}-nginx-${i}`,
    `policy_ids: [${prefix}-policy-${mod(i, counts.agent_policies)}]`,
    "package: { name: nginx, version: 1.5.0 }",
    "inputs:",
    "  nginx-logfile:",
    "    streams:",
    "      nginx.access:",
    `        vars: { tags: [${tag}, n${i}] }`,
  ]);
  return `${lines.join("\n")}\n`;
}

export async function writeManifest(yaml: string, name = "fleet.yaml"): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "fleetform-reliability-"));
  await writeFile(path.join(dir, name), yaml);
  return dir;
}

/** The list endpoint of each kind; the paginated ones are asked for everything in one page. */
const LISTS: Record<keyof ObjectCounts, [string, Record<string, number>?]> = {
  proxies: ["/api/fleet/proxies"],
  outputs: ["/api/fleet/outputs"],
  download_sources: ["/api/fleet/agent_download_sources"],
  fleet_server_hosts: ["/api/fleet/fleet_server_hosts"],
  agent_policies: ["/api/fleet/agent_policies", { perPage: 10_000 }],
  integration_policies: ["/api/fleet/package_policies", { perPage: 10_000 }],
};

export interface LiveObject {
  id: string;
  name: string;
}

/**
 * Every object of every managed kind, read with faults switched off and a client that never
 * retries, so what the test sees is the simulator's state and not another retry.
 */
export async function liveObjects(sim: RunningSimulator): Promise<Record<keyof ObjectCounts, LiveObject[]>> {
  sim.setFaults({});
  const client = new KibanaClient({ url: sim.url, apiKey: API_KEY, maxAttempts: 1 });
  try {
    const entries = await Promise.all(
      Object.entries(LISTS).map(async ([kind, [list, query]]) => {
        const res = await client.request("GET", list, { query });
        const items = (res.body.items as LiveObject[]).map((o) => ({ id: o.id, name: o.name }));
        if (res.body.total !== undefined && res.body.total !== items.length)
          throw new Error(`${list}: read ${items.length} of ${res.body.total}`);
        return [kind, items] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<keyof ObjectCounts, LiveObject[]>;
  } finally {
    await client.close();
  }
}

/** The ids and names a manifest made by `manyObjectsYaml` declares, per kind. */
export function desiredObjects(
  counts: ObjectCounts,
  prefix = "rel",
): Record<keyof ObjectCounts, LiveObject[]> {
  const make = (n: number, id: (i: number) => string, name: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({ id: id(i), name: name(i) }));
  return {
    proxies: make(
      counts.proxies,
      (i) => `${prefix}-proxy-${i}`,
      (i) => `${prefix} proxy ${i}`,
    ),
    outputs: make(
      counts.outputs,
      (i) => `${prefix}-output-${i}`,
      (i) => `${prefix} output ${i}`,
    ),
    download_sources: make(
      counts.download_sources,
      (i) => `${prefix}-source-${i}`,
      (i) => `${prefix} source ${i}`,
    ),
    fleet_server_hosts: make(
      counts.fleet_server_hosts,
      (i) => `${prefix}-fsh-${i}`,
      (i) => `${prefix} fleet server ${i}`,
    ),
    agent_policies: make(
      counts.agent_policies,
      (i) => `${prefix}-policy-${i}`,
      (i) => `${prefix} policy ${i}`,
    ),
    integration_policies: make(
      counts.integration_policies,
      (i) => `${prefix}-nginx-${i}`,
      (i) => `${prefix}-nginx-${i}`,
    ),
  };
}

/**
 * The live objects that belong to the test (their id or name starts with `prefix`), sorted, so a
 * duplicate — same name under another id, or the same id twice — shows up as an extra entry.
 */
export function ownObjects(live: Record<string, LiveObject[]>, prefix = "rel"): Record<string, LiveObject[]> {
  const sort = (a: LiveObject, b: LiveObject) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return Object.fromEntries(
    Object.entries(live).map(([kind, items]) => [
      kind,
      items.filter((o) => o.id.startsWith(prefix) || o.name.startsWith(prefix)).sort(sort),
    ]),
  );
}

export function sortedDesired(counts: ObjectCounts, prefix = "rel"): Record<string, LiveObject[]> {
  return ownObjects(desiredObjects(counts, prefix), prefix);
}

/** A CLI run as a child process that the test can signal while it works. */
export interface LiveCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stderr holds at least `n` lines matching `pattern`. */
  waitForLines(pattern: RegExp, n: number, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], env: Record<string, string>): LiveCli {
  const child = spawn(process.execPath, [path.join(ROOT, "bin", "fleetform.js"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NO_COLOR: "1", ...env },
  });
  let out = "";
  let err = "";
  const waiters: (() => void)[] = [];
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    err += d;
    for (const w of [...waiters]) w();
  });
  child.stdin.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLines(pattern, n, timeoutMs = 20_000) {
      const count = () => err.split("\n").filter((l) => pattern.test(l)).length;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${n} lines like ${pattern}; stderr:\n${err}`)),
          timeoutMs,
        );
        const check = () => {
          if (count() >= n) {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
        exited.then(() => {
          check();
          if (count() < n) {
            clearTimeout(timer);
            reject(new Error(`exited before ${n} lines like ${pattern}; stderr:\n${err}`));
          }
        });
        check();
      });
    },
  };
}

/** Lines of apply's progress that report a completed operation (created, updated, deleted). */
export const DONE_LINE = /^[+~-] .* (created|updated|deleted)/;
