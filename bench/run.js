#!/usr/bin/env node
// Benchmark (issue #13). Generates manifests of N objects, starts the simulator in its own process with
// injected latency, and measures each fleetform command in its own process: wall time, CPU time
// (user + system: the machine may be shared, so CPU is what compares), peak RSS, requests by route,
// and the simulator's CPU. Beside each step it measures the bound it is held to in the same run: the
// list pages alone for plan/drift/export, a per-object refresh (one GET per object, parallelism 10)
// for the order-of-magnitude claim, mutations ÷ concurrency × latency + depth × latency for apply.
// Writes bench/results.json and bench/results.md. Usage:
//   npm run bench [-- --objects 10000 --latency-ms 10 --concurrency 16 --curve 1000,5000,10000,20000]
//   --profile DIR  runs fleetform and the simulator under --cpu-prof, profiles written to DIR
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { changedCount, mix, writeManifest } from "./manifests.js";
import { runFleetform, startSimulator } from "./processes.js";
import { kindsListed, readListsOnly, refreshEachObject } from "./reads.js";
import { markdownReport, targetsOf } from "./report.js";

const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "10000" },
    "latency-ms": { type: "string", default: "10" },
    concurrency: { type: "string", default: "16" },
    curve: { type: "string", default: "1000,5000,10000,20000" },
    "startup-runs": { type: "string", default: "5" },
    profile: { type: "string" },
    out: { type: "string", default: new URL("./results.json", import.meta.url).pathname },
  },
});
const N = Number(values.objects);
const latencyMs = Number(values["latency-ms"]);
const concurrency = Number(values.concurrency);
const curveSizes = values.curve ? values.curve.split(",").map(Number) : [];
const profileDir = values.profile ? path.resolve(values.profile) : undefined;
/** An agent policy is written before its integrations, an output before its policies, a proxy before its outputs. */
const DEPENDENCY_DEPTH = 4;

const tmp = await mkdtemp(path.join(tmpdir(), "fleetform-bench-"));
const log = (line) => process.stderr.write(`${line}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** What a step reports: its measurements without the output it printed. */
function step(name, run, extra = {}) {
  const { stdout, stderr, exit, ...rest } = run;
  log(
    `${name.padEnd(28)} wall ${ms(rest.wallMs)}  cpu ${ms(rest.cpuMs)}  rss ${rest.peakRssMB.toFixed(0)} MB` +
      (rest.requests !== undefined ? `  ${rest.requests} requests` : ""),
  );
  return { name, ...rest, ...extra };
}
const ms = (x) => `${x.toFixed(0).padStart(6)} ms`;
const mutations = (byRoute) =>
  Object.entries(byRoute)
    .filter(([route]) => !route.startsWith("GET "))
    .reduce((sum, [, n]) => sum + n, 0);
const applyLowerBound = (writes) => (writes / concurrency) * latencyMs + DEPENDENCY_DEPTH * latencyMs;

async function startup() {
  const runs = Number(values["startup-runs"]);
  const quickstart = new URL("../examples/quickstart", import.meta.url).pathname;
  const out = [];
  for (const [name, args] of [
    ["--help", ["--help"]],
    ["--version", ["--version"]],
    ["validate (4 objects)", ["validate", quickstart]],
  ]) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await runFleetform(args, { tmp, profileDir }));
    const pick = (k) => median(samples.map((s) => s[k]));
    out.push(
      step(name, { wallMs: pick("wallMs"), cpuMs: pick("cpuMs"), peakRssMB: pick("peakRssMB") }, { runs }),
    );
  }
  return out;
}

/** One simulator holding `size` objects: apply them, then plan with nothing to do; `full` measures every step. */
async function atSize(size, full) {
  const dir = await writeManifest(path.join(tmp, `m${size}`), size);
  const sim = await startSimulator({ latencyMs, profileDir: full ? profileDir : undefined });
  const opts = { tmp, sim, profileDir: full ? profileDir : undefined };
  const steps = [];
  try {
    log(`-- ${size} objects (${JSON.stringify(mix(size))}), ${latencyMs} ms latency`);
    const apply = await runFleetform(
      ["apply", dir, "--auto-approve", "--concurrency", String(concurrency)],
      opts,
    );
    const applyWrites = mutations(apply.byRoute);
    steps.push(
      step(`apply ${size} objects`, apply, {
        mutations: applyWrites,
        lowerBoundMs: applyLowerBound(applyWrites),
      }),
    );
    const plan = await runFleetform(["plan", dir, "--detailed-exitcode"], opts);
    const lists = await readListsOnly(sim.url, kindsListed(plan.byRoute));
    steps.push(step("plan, nothing to do", plan, { listReadMs: lists.wallMs, listRequests: lists.requests }));
    const result = { size, mix: mix(size), steps };
    if (size === 1000 || full) {
      const refresh = await refreshEachObject(sim.url, lists.ids, 10);
      log(
        `per-object refresh           wall ${ms(refresh.wallMs)}  ${refresh.requests} GETs (parallelism 10)`,
      );
      result.listRead = { wallMs: lists.wallMs, cpuMs: lists.cpuMs, requests: lists.requests };
      result.refresh = { wallMs: refresh.wallMs, cpuMs: refresh.cpuMs, requests: refresh.requests };
    }
    if (!full) return result;
    const drift = await runFleetform(["drift", dir], opts);
    steps.push(
      step("drift, none", drift, {
        listReadMs: (await readListsOnly(sim.url, kindsListed(drift.byRoute))).wallMs,
      }),
    );
    const exported = await runFleetform(["export", "--out", path.join(tmp, "export")], opts);
    steps.push(
      step("export", exported, {
        listReadMs: (await readListsOnly(sim.url, kindsListed(exported.byRoute))).wallMs,
      }),
    );
    const changedDir = await writeManifest(path.join(tmp, `c${size}`), size, true);
    const change = await runFleetform(
      ["apply", changedDir, "--auto-approve", "--concurrency", String(concurrency)],
      opts,
    );
    const changeWrites = mutations(change.byRoute);
    // A change apply plans first: its lists are read before any write can start. Beside the bound of
    // its writes alone, the bound of the list pages it read followed by its writes, measured now.
    const changeLists = await readListsOnly(sim.url, kindsListed(change.byRoute));
    steps.push(
      step(`apply 1% change`, change, {
        changed: changedCount(size),
        mutations: changeWrites,
        lowerBoundMs: applyLowerBound(changeWrites),
        listReadMs: changeLists.wallMs,
        withListsBoundMs: changeLists.wallMs + applyLowerBound(changeWrites),
      }),
    );
    const after = await runFleetform(["plan", changedDir, "--detailed-exitcode"], opts);
    steps.push(step("plan after the change", after));
    return result;
  } finally {
    await sim.close();
  }
}

try {
  const startupSteps = await startup();
  const sizes = [...new Set([...curveSizes, 1000, N])].sort((a, b) => a - b);
  const bySize = [];
  for (const size of sizes) {
    try {
      bySize.push(await atSize(size, size === N));
    } catch (err) {
      // A size fleetform cannot plan is a result too (reported), unless it is the main one.
      if (size === N) throw err;
      const error = err.message.split("\n")[1] ?? err.message;
      log(`${size} objects: ${error}`);
      bySize.push({ size, error });
    }
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import("node:os")).cpus().length,
    loadAverage: (await import("node:os")).loadavg(),
    objects: N,
    latencyMs,
    concurrency,
    dependencyDepth: DEPENDENCY_DEPTH,
    startup: startupSteps,
    sizes: bySize,
  };
  results.targets = targetsOf(results);
  await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = markdownReport(results);
  await writeFile(values.out.replace(/\.json$/, ".md"), markdown);
  console.log(markdown);
  if (results.targets.some((t) => t.met === false)) process.exitCode = 2;
} finally {
  await rm(tmp, { recursive: true, force: true });
}
