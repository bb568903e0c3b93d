import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KibanaClient } from "../../src/client/kibana-client.js";
import { kindOf } from "../../src/kinds/index.js";
import { loadManifests } from "../../src/load/index.js";
import { buildPlan, startKnownReads } from "../../src/pipeline.js";
import { LiveReads } from "../../src/read/live-reads.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";

const API_KEY = "early-reads";
let sim: RunningSimulator;
let dir: string;
const clients: KibanaClient[] = [];
beforeEach(async () => {
  sim = await startSimulator({ port: 0, apiKey: API_KEY });
  dir = await mkdtemp(path.join(tmpdir(), "fleetform-early-reads-"));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.close();
});

function client(url = sim.url): KibanaClient {
  const made = new KibanaClient({ url, apiKey: API_KEY });
  clients.push(made);
  return made;
}

/** Loads the files in order, recording the sections the loader reports after each one. */
async function load(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const steps: Parameters<typeof startKnownReads>[1][] = [];
  const manifest = await loadManifests([dir], { onSections: (sections) => steps.push(sections) });
  return { manifest, steps };
}

const OUTPUTS =
  "outputs:\n  - id: out-1\n    name: Out 1\n    type: elasticsearch\n    hosts: [https://es:9200]\n";
const POLICIES_IN_OPS =
  "agent_policies:\n  space: ops\n  items:\n    - id: web\n      name: Web\n      namespace: default\n";

describe("list reads started while the manifests load", () => {
  it("starts no read of a space-scoped kind in the run's own space before a section leaves its space unnamed", async () => {
    const { steps } = await load({ "a-outputs.yaml": OUTPUTS, "b-policies.yaml": POLICIES_IN_OPS });
    const reads = new LiveReads(client());
    const afterOutputs = startKnownReads(reads, steps[0]!, "default");
    // Agent policies reference outputs, but which space they are read in is known only later.
    expect(afterOutputs).toContainEqual({ kind: "outputs", space: undefined });
    expect(afterOutputs.some((r) => r.kind === "agent_policies")).toBe(false);
    const afterPolicies = startKnownReads(reads, steps[1]!, "default");
    expect(afterPolicies.filter((r) => r.kind === "agent_policies")).toEqual([
      { kind: "agent_policies", space: "ops" },
    ]);
    reads.abandon();
  });

  it("reports no sections once a file has errors, so that nothing more is read for a refused manifest", async () => {
    const { steps, manifest } = await load({ "a-outputs.yaml": OUTPUTS, "b-bad.yaml": "outputs: [\n" });
    expect(manifest.errors.length).toBeGreaterThan(0);
    expect(steps).toHaveLength(1);
  });

  it("sends each list request once when the plan takes the reads started while loading", async () => {
    const files = { "a-outputs.yaml": OUTPUTS, "b-policies.yaml": POLICIES_IN_OPS };
    const { manifest: plain } = await load(files);
    const alone = client();
    await buildPlan(alone, plain, { prune: false });
    const early = client();
    const reads = new LiveReads(early);
    const { manifest, steps } = await load(files);
    for (const sections of steps) startKnownReads(reads, sections, early.space);
    await buildPlan(early, manifest, { prune: false }, reads);
    expect(early.requestCount).toBe(alone.requestCount);
  });

  it("stops the reads it abandons at once, even while they wait to retry an unreachable Kibana", async () => {
    const closed = await unusedPort();
    const reads = new LiveReads(client(`http://127.0.0.1:${closed}`));
    const { steps } = await load({ "a-outputs.yaml": OUTPUTS });
    startKnownReads(reads, steps[0]!, "default");
    const outputs = reads.list(kindOf("outputs"), undefined);
    await new Promise((r) => setTimeout(r, 200)); // refused, now waiting before a retry
    const started = Date.now();
    reads.abandon();
    await expect(outputs).rejects.toThrow(/abandoned/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

/** A port nothing listens on (taken, then freed). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
