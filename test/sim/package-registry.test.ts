/**
 * `fleetform sim --registry URL`: a package the catalog lacks is fetched from an Elastic Package
 * Registry as Kibana fetches it (FLEET/server/services/epm/registry/index.ts: getPackage →
 * fetchArchiveBuffer reads `/package/NAME/VERSION/` for its `download` path, then the archive) and
 * kept. The registry here is a small server over ../shared/packages on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { changedPaths, engineHarness } from "../engine/harness.js";
import { startRegistry, type TestRegistry } from "../support/packages.js";
import { call, type Harness, startHarness } from "./helpers.js";

let registry: TestRegistry;
let h: Harness | undefined;
beforeAll(async () => {
  registry = await startRegistry();
});
afterAll(() => registry.close());
afterEach(async () => {
  await h?.close();
  h = undefined;
  registry.requests.length = 0;
});

const info = (name: string, version: string) =>
  call(h!.api, "GET", `/api/fleet/epm/packages/${name}/${version}`);

describe("packages from a registry", () => {
  it("fetches a package version the catalog lacks: its info, then the archive it names", async () => {
    h = await startHarness({ registry: registry.url });
    const res = await info("kubernetes", "1.24.0");
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ name: "kubernetes", version: "1.24.0", status: "not_installed" });
    expect(registry.requests).toEqual([
      "/package/kubernetes/1.24.0/",
      "/epr/kubernetes/kubernetes-1.24.0.zip",
    ]);
  });

  it("keeps what it fetched: the registry is asked once per version", async () => {
    h = await startHarness({ registry: registry.url });
    await info("redis", "1.3.1");
    await info("redis", "1.3.1");
    await call(h.api, "POST", "/api/fleet/epm/packages/redis/1.3.1", {});
    expect(registry.requests.filter((r) => r.startsWith("/package/"))).toEqual(["/package/redis/1.3.1/"]);
  });

  it("does not ask the registry for a package it has built in", async () => {
    h = await startHarness({ registry: registry.url });
    expect((await info("nginx", "1.5.0")).status).toBe(200);
    expect(registry.requests).toEqual([]);
  });

  it("answers 404 as Kibana does for a version the registry does not have", async () => {
    h = await startHarness({ registry: registry.url });
    const res = await info("kubernetes", "9.9.9");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("[kubernetes-9.9.9] package not found in registry");
  });

  it("answers 502 naming the registry when it cannot be reached", async () => {
    const down = await startRegistry();
    await down.close();
    h = await startHarness({ registry: down.url });
    const res = await info("kubernetes", "1.24.0");
    expect(res.status).toBe(502);
    expect(res.body.message).toMatch(
      /^Error connecting to package registry: .*\/package\/kubernetes\/1\.24\.0\//,
    );
  });

  it("lets fleetform plan and apply a policy of a registry-only package, then plan clean", async () => {
    const engine = await engineHarness({ registry: registry.url });
    try {
      const yaml = stringify({
        agent_policies: [{ id: "k8s", name: "k8s", namespace: "default" }],
        integration_policies: [
          {
            id: "k8s-metrics",
            name: "k8s-metrics",
            policy_ids: ["k8s"],
            package: { name: "kubernetes", version: "1.27.0" },
          },
        ],
      });
      const plan = await engine.apply(yaml);
      expect(plan.packages).toMatchObject([{ name: "kubernetes", version: "1.27.0" }]);
      expect(changedPaths((await engine.plan(yaml)).plan)).toEqual([]);
    } finally {
      await engine.close();
    }
  });
});
