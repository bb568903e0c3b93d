#!/usr/bin/env node
// Benchmark: apply N objects of mixed kinds to the simulator with injected latency, then plan again.
// Reports request counts and wall time next to their lower bounds. Usage:
//   npm run bench [-- --objects 1000 --latency-ms 20 --concurrency 16]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { applyPlan } from "../dist/apply/apply-plan.js";
import { KibanaClient } from "../dist/client/kibana-client.js";
import { loadManifests } from "../dist/load/index.js";
import { buildPlan } from "../dist/pipeline.js";

const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "1000" },
    "latency-ms": { type: "string", default: "20" },
    concurrency: { type: "string", default: "16" },
  },
});
const total = Number(values.objects);
const latency = Number(values["latency-ms"]);
const concurrency = Number(values.concurrency);

// A realistic mix: a few proxies and outputs, many agent policies, one integration policy per policy.
const proxies = Math.max(1, Math.round(total * 0.02));
const outputs = Math.max(1, Math.round(total * 0.08));
const policies = Math.max(1, Math.round((total - proxies - outputs) / 2));
const integrations = total - proxies - outputs - policies;
const manifest = {
  proxies: Array.from({ length: proxies }, (_, i) => ({
    id: `proxy-${i}`,
    name: `Proxy ${i}`,
    url: `http://proxy-${i}.example.com:3128`,
  })),
  outputs: Array.from({ length: outputs }, (_, i) => ({
    id: `out-${i}`,
    name: `Output ${i}`,
    type: "elasticsearch",
    hosts: [`https://es-${i}.example.com:9200`],
    proxy_id: `proxy-${i % proxies}`,
  })),
  agent_policies: Array.from({ length: policies }, (_, i) => ({
    id: `policy-${i}`,
    name: `Policy ${i}`,
    namespace: "bench",
    data_output_id: `out-${i % outputs}`,
  })),
  integration_policies: Array.from({ length: integrations }, (_, i) => ({
    id: `nginx-${i}`,
    name: `nginx-${i}`,
    policy_ids: [`policy-${i % policies}`],
    package: { name: "nginx", version: "1.5.0" },
    inputs: { "nginx-logfile": { streams: { "nginx.access": { vars: { tags: [`team-${i % 7}`] } } } } },
  })),
};

const dir = await mkdtemp(path.join(tmpdir(), "fleetform-bench-"));
const file = path.join(dir, "bench.yaml");
await writeFile(file, stringify(manifest));
// The simulator runs in its own process, as Kibana would: its CPU is not charged to fleetform's.
const sim = await startSimulatorProcess(latency);
const client = new KibanaClient({ url: sim.url, apiKey: "bench" });
try {
  const loaded = await loadManifests([file]);
  const t0 = performance.now();
  const before = await sim.requests();
  const { plan, kinds } = await buildPlan(client, loaded, { prune: false });
  const planRequests = (await sim.requests()) - before;
  const t1 = performance.now();
  const report = await applyPlan(plan, { client, kinds, concurrency });
  const t2 = performance.now();
  const applyRequests = (await sim.requests()) - before - planRequests;
  const failed = report.results.filter((r) => r.status !== "done").length;
  const second = await buildPlan(client, loaded, { prune: false });
  const t3 = performance.now();
  const secondRequests = (await sim.requests()) - before - planRequests - applyRequests;

  // Lower bounds: one write per object plus one per package install; reads are the list calls.
  const writesLowerBound = plan.operations.length + plan.packages.length;
  const depth = 4; // proxy → output → agent policy → integration policy
  const applyTimeLowerBound = (Math.ceil(writesLowerBound / concurrency) + depth) * latency;
  const rows = [
    ["objects", total, ""],
    ["latency per request (ms)", latency, ""],
    ["concurrency", concurrency, ""],
    ["plan (empty Kibana): requests", planRequests, `wall ${(t1 - t0).toFixed(0)} ms`],
    ["apply: requests", applyRequests, `lower bound ${writesLowerBound}`],
    ["apply: wall time (ms)", (t2 - t1).toFixed(0), `lower bound ~${applyTimeLowerBound} ms`],
    ["apply: failed operations", failed, ""],
    ["second plan: requests", secondRequests, `wall ${(t3 - t2).toFixed(0)} ms`],
    ["second plan: changes", second.plan.operations.length, "must be 0"],
  ];
  for (const [label, value, note] of rows)
    console.log(`${String(label).padEnd(34)} ${String(value).padStart(8)}  ${note}`);
  if (failed > 0 || second.plan.operations.length > 0) process.exitCode = 1;
} finally {
  await client.close();
  sim.close();
  await rm(dir, { recursive: true, force: true });
}

async function startSimulatorProcess(latencyMs) {
  const bin = new URL("../bin/fleetform.js", import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [bin, "sim", "--port", "0", "--api-key", "bench", "--latency-ms", String(latencyMs)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let buffer = "";
  child.stdout.setEncoding("utf8");
  while (!/listening on (\S+)/.test(buffer)) {
    const [chunk] = await once(child.stdout, "data");
    buffer += chunk;
  }
  const url = /listening on (\S+)/.exec(buffer)[1];
  return {
    url,
    async requests() {
      const res = await fetch(`${url}/__sim/stats`, { headers: { authorization: "ApiKey bench" } });
      return (await res.json()).requests;
    },
    close: () => child.kill("SIGTERM"),
  };
}
