/**
 * fleetform as a library, imported from the built package entry as a user's code would: load the
 * manifests, plan, apply the plan result with a client, plan again clean, check drift, export.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { example, ROOT } from "../cli/run-cli.js";

type Fleetform = typeof import("../../src/index.js");
const load = (): Promise<Fleetform> => import(pathToFileURL(path.join(ROOT, "dist", "index.js")).href);

describe("the library API from dist/index.js", () => {
  it("plans, applies the plan result, and plans again clean, naming the target", async () => {
    const { apply, KibanaClient, loadManifests, plan, startSimulator } = await load();
    const sim = await startSimulator({ port: 0, apiKey: "lib-key" });
    const client = new KibanaClient({ url: sim.url, apiKey: "lib-key" });
    try {
      const manifest = await loadManifests([example("quickstart")]);
      expect(manifest.errors).toEqual([]);
      const first = await plan(manifest, { kibana: client });
      expect(first.target).toEqual({ url: sim.url, space: "default", version: "9.3.0" });
      expect(first.plan.operations.map((op) => `${op.action} ${op.key}`)).toEqual([
        "create proxies/corp-proxy",
        "create outputs/es-prod",
        "create agent_policies/linux-servers",
        "create integration_policies/nginx-linux",
      ]);
      const report = await apply(first, { kibana: client });
      expect(report.results.map((r) => r.status)).toEqual(["done", "done", "done", "done"]);
      expect(report.packages).toEqual([{ name: "nginx", version: "1.5.0", status: "done" }]);
      const second = await plan(manifest, { kibana: { url: sim.url, apiKey: "lib-key" } });
      expect(second.plan.operations).toEqual([]);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it("reports drift and exports live objects as manifests", async () => {
    const { apply, drift, exportLive, loadManifests, plan, startSimulator } = await load();
    const sim = await startSimulator({ port: 0, apiKey: "lib-key" });
    const kibana = { url: sim.url, apiKey: "lib-key" };
    try {
      const manifest = await loadManifests([example("quickstart")]);
      await apply(await plan(manifest, { kibana }), { kibana });
      expect((await drift(manifest, { kibana })).inSync).toBe(true);
      const exported = await exportLive({ kibana, kinds: ["proxies"] });
      expect(exported.kinds.map((k) => k.kind)).toEqual(["proxies"]);
      expect(exported.kinds[0]!.yaml).toContain("id: corp-proxy");
    } finally {
      await sim.close();
    }
  });

  it("refuses a manifest with errors before anything is sent, naming each at its place", async () => {
    const { loadManifests, ManifestErrors, plan } = await load();
    const manifest = await loadManifests([path.join(ROOT, "test", "fixtures", "no-such-dir")]);
    manifest.errors.push({
      severity: "error",
      message: "bad",
      location: { file: "f.yaml", line: 1, column: 2 },
    });
    await expect(plan(manifest, { kibana: { url: "http://127.0.0.1:9", apiKey: "k" } })).rejects.toThrow(
      ManifestErrors,
    );
  });

  it("refuses to apply a plan that has errors", async () => {
    const { apply } = await load();
    const planned = {
      plan: {
        operations: [],
        unchanged: 0,
        packages: [],
        blocked: [],
        unmanaged: [],
        notDeletable: [],
        warnings: [],
        problems: [{ severity: "error", subject: { kind: "outputs", id: "o" }, message: "unknown proxy_id" }],
      },
      kinds: [],
    };
    await expect(
      apply(planned as never, { kibana: { url: "http://127.0.0.1:9", apiKey: "k" } }),
    ).rejects.toThrow("the plan has 1 error(s); nothing was applied");
  });
});
