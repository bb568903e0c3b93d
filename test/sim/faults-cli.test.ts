import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runSim, simCommand, toSimulatorOptions } from "../../src/sim/cli.js";
import { type FaultOptions, Faults } from "../../src/sim/faults.js";
import { KibanaClient, startSimulator } from "./helpers.js";

async function statuses(seed: number): Promise<number[]> {
  const sim = await startSimulator({ port: 0, seed, failRate: 0.5, failStatus: 429 });
  const api = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", maxAttempts: 1 });
  const out: number[] = [];
  try {
    for (let i = 0; i < 20; i++)
      out.push((await api.request("GET", "/api/status", { allowErrors: true })).status);
  } finally {
    await api.close();
    await sim.close();
  }
  return out;
}

describe("fault injection", () => {
  it("is deterministic under a seed", async () => {
    const a = await statuses(42);
    const b = await statuses(42);
    expect(a).toEqual(b);
    expect(a).toContain(429);
    expect(a).toContain(200);
    expect(await statuses(7)).not.toEqual(a);
  });

  it("answers 429 with Retry-After: 1", async () => {
    const sim = await startSimulator({ port: 0, seed: 1, failRate: 1, failStatus: 429 });
    const api = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    const res = await api.request("GET", "/api/fleet/outputs", { allowErrors: true });
    await api.close();
    await sim.close();
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("1");
    expect(res.body).toMatchObject({ statusCode: 429, error: "Too Many Requests" });
  });

  it("drops the connection at resetRate 1 but never on /__sim", async () => {
    const sim = await startSimulator({ port: 0, seed: 1, resetRate: 1 });
    const api = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    try {
      await expect(api.request("GET", "/api/status")).rejects.toThrow(/cannot reach Kibana/);
      expect((await api.request("GET", "/__sim/stats")).status).toBe(200);
    } finally {
      await api.close();
      await sim.close();
    }
  });
});

describe("request recording", () => {
  it("appends one JSON line per /api request with the path template", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sim-rec-")), "rec.jsonl");
    const sim = await startSimulator({ port: 0, recordFile: file });
    const api = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    await api.request("GET", "/api/fleet/outputs/fleet-default-output");
    await api.request("POST", "/api/fleet/proxies", { body: { id: "p", name: "p", url: "http://p:1" } });
    await api.close();
    await sim.close();
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.method} ${l.path} ${l.status}`)).toEqual([
      "GET /api/fleet/outputs/{outputId} 200",
      "POST /api/fleet/proxies 200",
    ]);
    expect(lines[1].requestBody).toEqual({ id: "p", name: "p", url: "http://p:1" });
    expect(lines[1].responseBody.item.id).toBe("p");
  });
});

describe("fleetform sim flags", () => {
  const cases: [string, string[], RegExp][] = [
    ["non-numeric port", ["--port", "abc"], /--port/],
    ["fail rate above 1", ["--fail-rate", "1.5"], /--fail-rate/],
    ["fail status other than 429/503", ["--fail-rate", "0.1", "--fail-status", "500"], /--fail-status/],
    ["api key with username", ["--api-key", "k", "--username", "u", "--password", "p"], /--api-key/],
    ["username without password", ["--username", "u"], /--password/],
    ["answer fault shares above 1", ["--answer-html-share", "0.6", "--truncate-share", "0.6"], /add up/],
    ["a cap echo without a cap", ["--cap-per-page-echo", "asked"], /needs --cap-per-page/],
    ["a redirect to something not a URL", ["--redirect-to", "elsewhere"], /--redirect-to/],
    ["a cap of 0", ["--cap-per-page", "0"], /--cap-per-page/],
  ];
  for (const [name, args, message] of cases) {
    it(`exits 1 with a clear message for ${name}`, async () => {
      let stderr = "";
      const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: any) => {
        stderr += String(chunk);
        return true;
      });
      try {
        expect(await runSim(args)).toBe(1);
      } finally {
        spy.mockRestore();
      }
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("documents every flag in --help", () => {
    const help = simCommandHelp();
    for (const flag of [
      "--port",
      "--latency-ms",
      "--fail-rate",
      "--fail-status",
      "--reset-rate",
      "--seed",
      "--data",
      "--api-key",
      "--username",
      "--password",
      "--profile",
      "--answer-html-share",
      "--truncate-share",
      "--endless-body-share",
      "--redirect-to",
      "--cap-per-page",
      "--cap-per-page-echo",
    ]) {
      expect(help).toContain(flag);
    }
  });
});

describe("answer faults", () => {
  it("the answer-fault flags reach the simulator's options", async () => {
    let options: unknown;
    const cmd = simCommand()
      .exitOverride()
      .action((flags) => {
        options = toSimulatorOptions(flags);
      });
    await cmd.parseAsync(
      [
        "--answer-html-share",
        "0.1",
        "--truncate-share",
        "0.2",
        "--endless-body-share",
        "0.05",
        "--redirect-to",
        "https://elsewhere.example.com",
        "--cap-per-page",
        "20",
        "--cap-per-page-echo",
        "asked",
      ],
      { from: "user" },
    );
    expect(options).toMatchObject({
      answerHtmlShare: 0.1,
      truncateShare: 0.2,
      endlessBodyShare: 0.05,
      redirectTo: "https://elsewhere.example.com",
      capPerPage: 20,
      capPerPageEcho: "asked",
    });
  });

  it("caps perPage and echoes the cap, as Kibana behind a rewriting proxy does", async () => {
    const sim = await startSimulator({ port: 0, capPerPage: 1 });
    const api = new KibanaClient({ url: sim.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    try {
      for (const name of ["one", "two"])
        await api.request("POST", "/api/fleet/agent_policies", { body: { name, namespace: "default" } });
      const res = await api.request("GET", "/api/fleet/agent_policies", { query: { perPage: 50 } });
      expect(res.body).toMatchObject({ page: 1, perPage: 1 });
      expect(res.body.items).toHaveLength(1);
      expect(res.body.total).toBeGreaterThan(1);
    } finally {
      await api.close();
      await sim.close();
    }
  });

  it("keeps the fault sequence of a seed unchanged when no answer fault is on", () => {
    const draws = (opts: FaultOptions) => {
      const faults = new Faults(opts);
      return Array.from({ length: 50 }, () => faults.decide().kind);
    };
    const base = { seed: 9, failRate: 0.3, resetRate: 0.1 };
    expect(draws({ ...base, capPerPage: 5 })).toEqual(draws(base));
    expect(draws({ ...base, truncateShare: 0.2 })).toContain("truncate");
  });
});

function simCommandHelp(): string {
  return simCommand().helpInformation();
}

describe("--data persistence", () => {
  it("keeps state across a restart", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "sim-data-")), "state.json");
    const first = await startSimulator({ port: 0, dataFile: file });
    let api = new KibanaClient({ url: first.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    await api.request("POST", "/api/fleet/proxies", {
      body: { id: "kept", name: "kept", url: "http://k:1" },
    });
    await api.close();
    await first.close();
    const second = await startSimulator({ port: 0, dataFile: file });
    api = new KibanaClient({ url: second.url, apiKey: "fleetform-sim", maxAttempts: 1 });
    try {
      const res = await api.request("GET", "/api/fleet/proxies/kept");
      expect(res.body.item.name).toBe("kept");
    } finally {
      await api.close();
      await second.close();
    }
  });

  it("prints exactly the listening line on stdout and stops on SIGINT", async () => {
    let stdout = "";
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: any) => {
      stdout += String(chunk);
      return true;
    });
    try {
      const run = runSim(["--port", "0", "--seed", "3"]);
      for (let i = 0; i < 200 && !stdout.includes("listening"); i++)
        await new Promise((r) => setTimeout(r, 10));
      process.emit("SIGINT");
      expect(await run).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});
