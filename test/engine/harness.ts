import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { KibanaClient } from "../../src/client/kibana-client.js";
import type { Plan } from "../../src/diff/types.js";
import { loadManifests } from "../../src/load/index.js";
import { buildPlan, type PlanRequest } from "../../src/pipeline.js";
import { type SimulatorOptions, startSimulator } from "../../src/sim/index.js";
import { validateManifest } from "../../src/validate/index.js";

export const API_KEY = "engine-test-key";

/** A simulator plus a client for it, and helpers that run the pipeline in-process. */
export async function engineHarness(simOptions: Partial<SimulatorOptions> = {}) {
  const sim = await startSimulator({ port: 0, apiKey: API_KEY, ...simOptions });
  const client = new KibanaClient({ url: sim.url, apiKey: API_KEY, maxAttempts: 1 });
  const dir = await mkdtemp(path.join(tmpdir(), "fleetform-engine-"));
  let n = 0;

  async function manifest(yaml: string, env: Record<string, string> = {}) {
    const file = path.join(dir, `m${n++}.yaml`);
    await writeFile(file, yaml);
    const loaded = await loadManifests([file], { env });
    const errors = [...loaded.errors, ...(loaded.errors.length ? [] : validateManifest(loaded))];
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
    return loaded;
  }

  async function plan(yaml: string, request: Partial<PlanRequest> = {}, env: Record<string, string> = {}) {
    return buildPlan(client, await manifest(yaml, env), { prune: false, ...request });
  }

  /** Plans and applies; throws when an operation fails. Returns the plan that was applied. */
  async function apply(
    yaml: string,
    request: Partial<PlanRequest> = {},
    env: Record<string, string> = {},
  ): Promise<Plan> {
    const result = await plan(yaml, request, env);
    if (result.plan.problems.length > 0)
      throw new Error(result.plan.problems.map((p) => p.message).join("\n"));
    const report = await applyPlan(result.plan, {
      client,
      kinds: result.kinds,
      concurrency: 4,
    });
    const failed = report.results.filter((r) => r.status !== "done");
    if (failed.length > 0) throw new Error(failed.map((f) => `${f.operation.key}: ${f.message}`).join("\n"));
    return result.plan;
  }

  return {
    sim,
    client,
    manifest,
    plan,
    apply,
    async close() {
      await client.close();
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type EngineHarness = Awaited<ReturnType<typeof engineHarness>>;

export const changedPaths = (plan: Plan) =>
  plan.operations.flatMap((op) => op.changes.map((c) => `${op.action} ${op.id} ${c.op} ${c.path}`));
