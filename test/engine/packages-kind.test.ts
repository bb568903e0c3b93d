/**
 * The `packages` section: packages installed without any policy, at a version or `latest`.
 * Kibana: install is `POST /api/fleet/epm/packages/{name}/{version}` and refuses a version older than
 * the registry's newest without `force` (FLEET/server/services/epm/packages/install.ts,
 * PackageOutdatedError); uninstall is `DELETE …/{name}/{version}`, refused while package policies use
 * the package (services/epm/packages/remove.ts); the list is `GET /api/fleet/epm/packages`, whose
 * items say `status: installed` and, with `withPackagePoliciesCount`, how many policies use each
 * (routes/epm/handlers.ts, getListHandler).
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { applyPlan } from "../../src/apply/apply-plan.js";
import { KINDS } from "../../src/kinds/index.js";
import { packagesDir } from "../support/package-dirs.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
let dir: string;
beforeAll(async () => {
  dir = packagesDir({ synthetics: ["0.10.3"], windows: ["1.12.4", "1.15.0"] });
  h = await engineHarness({ packages: [dir] });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => h.sim.reset());

const manifest = (packages: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  stringify({ packages, ...extra });

/** The packages section beside one windows integration policy (`id`) at `version`, on agent policy "win". */
const withWindowsPolicy = (packages: Record<string, unknown>[], id: string, version: string) =>
  manifest(packages, {
    agent_policies: [{ id: "win", name: "Windows", namespace: "default" }],
    integration_policies: [{ id, name: id, policy_ids: ["win"], package: { name: "windows", version } }],
  });

describe("packages", () => {
  it("installs packages at latest or at a pinned older version (with force), and plans clean on the second run", async () => {
    const yaml = manifest([{ name: "synthetics" }, { name: "windows", version: "1.12.4" }]);
    const { plan } = await h.plan(yaml);
    expect(plan.operations.map((o) => [o.key, o.action, o.request])).toEqual([
      [
        "packages/synthetics",
        "create",
        { method: "POST", path: "/api/fleet/epm/packages/synthetics/0.10.3", body: {}, secrets: [] },
      ],
      [
        "packages/windows",
        "create",
        {
          method: "POST",
          path: "/api/fleet/epm/packages/windows/1.12.4",
          body: { force: true },
          secrets: [],
        },
      ],
    ]);
    expect(plan.packages).toEqual([]);
    await h.apply(yaml);
    const again = (await h.plan(yaml)).plan;
    expect(changedPaths(again)).toEqual([]);
    expect(again.unchanged).toBe(2);
    // Installed by Kibana itself (and system by its Fleet Server setup), not by the manifests: listed, never touched.
    expect(again.unmanaged.map((u) => `${u.kind}/${u.id}`).sort()).toEqual([
      "packages/elastic_agent",
      "packages/fleet_server",
      "packages/system",
    ]);
  });

  it("moves an installed package to the manifest's version with one update", async () => {
    await h.apply(manifest([{ name: "windows", version: "1.12.4" }]));
    const { plan } = await h.plan(manifest([{ name: "windows", version: "latest" }]));
    expect(changedPaths(plan)).toEqual(["update windows replace /version"]);
    expect(plan.operations[0]!.notes).toEqual(["package windows: latest (= 1.15.0)"]);
    expect(plan.operations[0]!.request).toMatchObject({
      path: "/api/fleet/epm/packages/windows/1.15.0",
      body: {},
    });
    await h.apply(manifest([{ name: "windows" }]));
    expect(changedPaths((await h.plan(manifest([{ name: "windows" }]))).plan)).toEqual([]);
  });

  it("never uninstalls on --prune alone: only when --prune-kinds names packages", async () => {
    await h.apply(manifest([{ name: "synthetics" }]));
    const pruned = (await h.plan(manifest([]), { prune: true })).plan;
    expect(pruned.operations).toEqual([]);
    expect(pruned.unmanaged.map((u) => u.id).sort()).toEqual([
      "elastic_agent",
      "fleet_server",
      "synthetics",
      "system",
    ]);

    const named = (await h.plan(manifest([]), { prune: true, pruneKinds: ["packages"] })).plan;
    expect(named.operations.map((o) => [o.key, o.action, o.request.method, o.request.path])).toEqual([
      ["packages/synthetics", "delete", "DELETE", "/api/fleet/epm/packages/synthetics/0.10.3"],
    ]);
    // Kibana refuses both: its default packages are not removable (FLEET/server/services/epm/packages/
    // remove.ts), and removing a package that a policy uses is refused anyway.
    expect(named.blocked.map((b) => [b.id, b.reason]).sort()).toEqual([
      ["elastic_agent", "Fleet installs it by default; Kibana refuses to uninstall it"],
      ["fleet_server", "Fleet installs it by default; Kibana refuses to uninstall it"],
      ["system", "1 integration policy uses it; Kibana refuses to uninstall it"],
    ]);
    await h.apply(manifest([]), { prune: true, pruneKinds: ["packages"] });
    const list = (await h.client.request("GET", "/api/fleet/epm/packages")).body.items;
    expect(list.find((p: { name: string }) => p.name === "synthetics").status).toBe("not_installed");
  });

  it("installs a package once for an integration policy that uses it, which waits for the install", async () => {
    const yaml = manifest([{ name: "windows" }], {
      agent_policies: [{ id: "win", name: "Windows", namespace: "default" }],
      integration_policies: [
        { id: "win-logs", name: "win-logs", policy_ids: ["win"], package: { name: "windows" } },
      ],
    });
    const { plan } = await h.plan(yaml);
    expect(plan.packages).toEqual([]);
    const policy = plan.operations.find((o) => o.key === "integration_policies/win-logs")!;
    expect(policy.dependsOn).toContain("packages/windows");
    await h.apply(yaml);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
    // Kibana refuses to uninstall a package that a policy uses.
    const { integration_policies: _kept, ...rest } = parse(yaml);
    const pruned = (
      await h.plan(stringify({ ...rest, packages: [] }), { prune: true, pruneKinds: ["packages"] })
    ).plan;
    expect(pruned.blocked).toContainEqual(
      expect.objectContaining({
        id: "windows",
        reason: "1 integration policy uses it; Kibana refuses to uninstall it",
      }),
    );
  });

  it("installs an older version an integration policy pins with force, as Kibana needs, and plans clean", async () => {
    const yaml = withWindowsPolicy([], "win-old", "1.12.4");
    const { plan } = await h.plan(yaml);
    expect(plan.packages).toEqual([
      {
        name: "windows",
        version: "1.12.4",
        request: { method: "POST", path: "/api/fleet/epm/packages/windows/1.12.4", body: { force: true } },
      },
    ]);
    const { plan: applied } = await h.plan(yaml);
    const report = await applyPlan(applied, { client: h.client, kinds: KINDS, concurrency: 4 });
    expect(report.packages).toEqual([{ name: "windows", version: "1.12.4", status: "done" }]);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });

  it("is refused by Kibana when an older version is installed without force", async () => {
    const res = await h.client.request("POST", "/api/fleet/epm/packages/windows/1.12.4", {
      body: {},
      allowErrors: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("windows-1.12.4 is out-of-date and cannot be installed or updated");
  });

  it("refuses a pin older than the version an integration policy uses, at the pin's line", async () => {
    const yaml = withWindowsPolicy([{ name: "windows", version: "1.12.4" }], "win-new", "1.15.0");
    const { plan } = await h.plan(yaml);
    expect(plan.problems).toEqual([
      expect.objectContaining({
        subject: { kind: "packages", id: "windows" },
        location: expect.objectContaining({ line: 3 }),
        message: expect.stringMatching(
          /^package windows is pinned to 1\.12\.4, older than the 1\.15\.0 that integration policy "win-new" uses/,
        ),
        hint: 'pin windows 1.15.0 (or later), or put integration policy "win-new" on 1.12.4',
      }),
    ]);
  });

  it("takes a pin newer than the versions integration policies use (they stay on theirs)", async () => {
    const yaml = withWindowsPolicy([{ name: "windows", version: "1.15.0" }], "win-old", "1.12.4");
    expect((await h.plan(yaml)).plan.problems).toEqual([]);
    await h.apply(yaml);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });

  it("says which package was meant when the name is unknown", async () => {
    const { plan } = await h.plan(manifest([{ name: "synthetic" }]));
    expect(plan.operations).toEqual([]);
    expect(plan.problems).toEqual([
      expect.objectContaining({
        subject: { kind: "packages", id: "synthetic" },
        message: `package "synthetic" is not known to Kibana's package registry`,
        hint: 'did you mean "synthetics"?',
      }),
    ]);
  });
});
