/**
 * The public API (load → plan → apply) against a simulator over HTTP, for tests that must change
 * Kibana or its faults between the plan and the apply — something a single CLI run cannot do.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ApplyReport, applyPlan } from "../../src/apply/apply-plan.js";
import { KibanaClient } from "../../src/client/kibana-client.js";
import type { KibanaClientOptions } from "../../src/client/types.js";
import { loadManifests } from "../../src/load/index.js";
import { buildPlan, type PlanResult } from "../../src/pipeline.js";
import { Faults } from "../../src/sim/faults.js";
import { type RunningSimulator, type SimulatorOptions, startSimulator } from "../../src/sim/index.js";
import { validateManifest } from "../../src/validate/index.js";
import { API_KEY } from "./helpers.js";

export interface InProcess {
  sim: RunningSimulator;
  /** fleetform's client, with its ordinary retries. */
  client: KibanaClient;
  /** Someone else's client: no retries, for changes made behind fleetform's back. */
  other: KibanaClient;
  plan(yaml: string, prune?: boolean): Promise<PlanResult>;
  apply(result: PlanResult): Promise<ApplyReport>;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** Fault injection (and other settings) of the simulator from the start. */
  sim?: SimulatorOptions;
  /** A client of its own for `apply` (a shorter budget, say); the plan keeps the ordinary one. */
  applyClient?: Partial<KibanaClientOptions>;
  concurrency?: number;
}

export async function inProcess(options: InProcessOptions = {}): Promise<InProcess> {
  const sim = await startSimulator({ ...options.sim, port: 0, apiKey: API_KEY });
  const client = new KibanaClient({ url: sim.url, apiKey: API_KEY, retryBudgetMs: 10_000 });
  const other = new KibanaClient({ url: sim.url, apiKey: API_KEY, maxAttempts: 1 });
  const applyClient = options.applyClient
    ? new KibanaClient({ url: sim.url, apiKey: API_KEY, ...options.applyClient })
    : client;
  const dir = await mkdtemp(path.join(tmpdir(), "fleetform-reliability-"));
  let n = 0;
  return {
    sim,
    client,
    other,
    async plan(yaml, prune = false) {
      const file = path.join(dir, `m${n++}.yaml`);
      await writeFile(file, yaml);
      const manifest = await loadManifests([file]);
      const errors = [...manifest.errors, ...(manifest.errors.length ? [] : validateManifest(manifest))];
      if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
      const result = await buildPlan(client, manifest, { prune });
      if (result.plan.problems.length > 0)
        throw new Error(result.plan.problems.map((p) => p.message).join("\n"));
      return result;
    },
    apply: (result) =>
      applyPlan(result.plan, {
        client: applyClient,
        kinds: result.kinds,
        concurrency: options.concurrency ?? 1,
      }),
    async close() {
      if (applyClient !== client) await applyClient.close();
      await client.close();
      await other.close();
      await sim.close();
    },
  };
}

/** Drops half the connections, each after the request was handled; the seed picks which. */
export const LOSE_FIRST_ANSWER = { resetRate: 0.5, lostResponseShare: 1 } as const;

/**
 * A fault-injection seed under which the next request is handled but its answer lost, and the
 * few after it go through: one write whose retry meets the effect of its own first attempt.
 */
export function seedLosingFirstAnswer(): number {
  for (let seed = 1; ; seed++) {
    const faults = new Faults({ ...LOSE_FIRST_ANSWER, seed });
    const kinds = Array.from({ length: 6 }, () => faults.decide().kind);
    if (kinds[0] === "lost" && kinds.slice(1).every((k) => k === "none")) return seed;
  }
}
