// The processes the benchmark measures: the simulator (its own process, as Kibana would be) and each
// fleetform command (CPU time, peak RSS and wall time from bench/rusage.js).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";

const BIN = new URL("../bin/fleetform.js", import.meta.url).pathname;
const RUSAGE = new URL("./rusage.js", import.meta.url).href;
export const API_KEY = "bench";

/** CPU time (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
async function processCpuMs(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of proc(5)), in clock ticks: 100 a second on Linux.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Starts `fleetform sim` with latency; `profileDir` runs it under --cpu-prof. */
export async function startSimulator({ latencyMs, profileDir }) {
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []),
      BIN,
      "sim",
      "--port",
      "0",
      "--api-key",
      API_KEY,
      "--latency-ms",
      String(latencyMs),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let buffer = "";
  child.stdout.setEncoding("utf8");
  while (!/listening on (\S+)/.test(buffer)) {
    const [chunk] = await once(child.stdout, "data");
    buffer += chunk;
  }
  child.stdout.resume();
  const url = /listening on (\S+)/.exec(buffer)[1];
  return {
    url,
    /** Requests by route and the simulator's CPU time so far. */
    async snapshot() {
      const res = await fetch(`${url}/__sim/stats`, { headers: { authorization: `ApiKey ${API_KEY}` } });
      const stats = await res.json();
      return { byRoute: stats.byRoute, requests: stats.requests, cpuMs: await processCpuMs(child.pid) };
    },
    async close() {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** What changed between two snapshots: requests by route (only routes that got some) and simulator CPU. */
export function difference(before, after) {
  const byRoute = {};
  for (const [route, count] of Object.entries(after.byRoute)) {
    const n = count - (before.byRoute[route] ?? 0);
    if (n > 0) byRoute[route] = n;
  }
  return {
    requests: after.requests - before.requests,
    byRoute,
    simCpuMs:
      after.cpuMs !== undefined && before.cpuMs !== undefined ? after.cpuMs - before.cpuMs : undefined,
  };
}

let runs = 0;

/**
 * Runs `fleetform …args` in its own process and measures it. Exits other than `expectExit` fail the
 * benchmark with the command's stderr. `profileDir` runs it under --cpu-prof.
 */
export async function runFleetform(args, { tmp, sim, expectExit = [0], profileDir, env = {} }) {
  const file = path.join(tmp, `rusage-${++runs}.json`);
  const before = sim ? await sim.snapshot() : undefined;
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), "--import", RUSAGE, BIN, ...args],
    {
      env: {
        ...process.env,
        ...env,
        FLEETFORM_BENCH_RUSAGE: file,
        ...(sim ? { KIBANA_URL: sim.url, KIBANA_API_KEY: API_KEY } : {}),
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d) => {
    stdout = (stdout + d).slice(-20_000);
  });
  child.stderr.setEncoding("utf8").on("data", (d) => {
    stderr = (stderr + d).slice(-20_000);
  });
  const [code] = await once(child, "close");
  const outsideWallMs = performance.now() - t0;
  if (!expectExit.includes(code)) {
    throw new Error(
      `fleetform ${args.join(" ")} exited ${code}:\n${stderr.slice(-4000)}${stdout.slice(-2000)}`,
    );
  }
  const usage = JSON.parse(readFileSync(file, "utf8"));
  await rm(file, { force: true });
  const requests = sim ? difference(before, await sim.snapshot()) : undefined;
  return { exit: code, ...usage, wallMs: outsideWallMs, stdout, stderr, ...requests };
}
