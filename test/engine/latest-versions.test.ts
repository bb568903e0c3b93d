/**
 * `version: latest` (or no version) on a package resolves at plan time to the newest version Kibana
 * offers: `latestVersion` of `GET /api/fleet/epm/packages/{name}` (FLEET/server/services/epm/packages/
 * get.ts, getPackageInfo). The corpus's windows package has two versions, 1.12.4 and 1.15.0, and no
 * built-in one, so the simulator's registry offers exactly the versions each test gives it.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { renderPlanText } from "../../src/render/text.js";
import { packagesDir } from "../support/package-dirs.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

const manifest = (pkg: Record<string, unknown>) =>
  stringify({
    agent_policies: [{ id: "win", name: "Windows", namespace: "default" }],
    integration_policies: [{ id: "win-logs", name: "win-logs", policy_ids: ["win"], package: pkg }],
  });

const harnesses: EngineHarness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function kibanaOffering(versions: string[], dataFile?: string): Promise<EngineHarness> {
  const dir = packagesDir({ windows: versions });
  dirs.push(dir);
  const h = await engineHarness({ packages: [dir], ...(dataFile ? { dataFile } : {}) });
  harnesses.push(h);
  return h;
}

describe("version: latest", () => {
  it("resolves a package without a version to the newest version Kibana offers, shown in the plan", async () => {
    const h = await kibanaOffering(["1.12.4", "1.15.0"]);
    const { plan } = await h.plan(manifest({ name: "windows" }));
    const create = plan.operations.find((o) => o.key === "integration_policies/win-logs")!;
    expect(create.request.body).toMatchObject({ package: { name: "windows", version: "1.15.0" } });
    expect(create.notes).toContain("package windows: latest (= 1.15.0)");
    expect(renderPlanText(plan, { color: false })).toContain("# package windows: latest (= 1.15.0)");
    expect(plan.packages).toMatchObject([{ name: "windows", version: "1.15.0" }]);
  });

  it("plans clean on the second run", async () => {
    const h = await kibanaOffering(["1.12.4", "1.15.0"]);
    await h.apply(manifest({ name: "windows", version: "latest" }));
    const { plan } = await h.plan(manifest({ name: "windows", version: "latest" }));
    expect(changedPaths(plan)).toEqual([]);
    expect(plan.packages).toEqual([]);
  });

  it("plans an upgrade, with the install, when Kibana offers a newer version", async () => {
    const dataFile = path.join(tmpdir(), `fleetform-latest-${process.pid}-${Date.now()}.json`);
    dirs.push(dataFile);
    const before = await kibanaOffering(["1.12.4"], dataFile);
    await before.apply(manifest({ name: "windows", version: "latest" }));
    await before.close();
    harnesses.splice(harnesses.indexOf(before), 1);

    const after = await kibanaOffering(["1.12.4", "1.15.0"], dataFile);
    const { plan } = await after.plan(manifest({ name: "windows", version: "latest" }));
    expect(plan.packages).toMatchObject([{ name: "windows", version: "1.15.0" }]);
    const update = plan.operations.find((o) => o.key === "integration_policies/win-logs")!;
    expect(update.action).toBe("update");
    expect(update.changes).toContainEqual(
      expect.objectContaining({ path: "/package/version", before: "1.12.4", after: "1.15.0" }),
    );
    expect(update.notes?.[0]).toBe("package windows: latest (= 1.15.0)");
    await after.apply(manifest({ name: "windows", version: "latest" }));
    expect(changedPaths((await after.plan(manifest({ name: "windows" }))).plan)).toEqual([]);
  });
});

describe("a package Kibana does not offer", () => {
  it("names the versions Kibana offers for an unknown version", async () => {
    const h = await kibanaOffering(["1.12.4", "1.15.0"]);
    const { plan } = await h.plan(manifest({ name: "windows", version: "9.9.9" }));
    expect(plan.operations.map((o) => o.key)).not.toContain("integration_policies/win-logs");
    expect(plan.problems).toEqual([
      expect.objectContaining({
        subject: { kind: "integration_policies", id: "win-logs" },
        message:
          "package windows version 9.9.9 is not known to Kibana's package registry; it offers 1.15.0 (newest)",
        hint: "use version 1.15.0, or latest",
        location: expect.objectContaining({ line: 12, column: 16 }),
      }),
    ]);
  });

  it("also names the installed version when it is not the newest", async () => {
    const dataFile = path.join(tmpdir(), `fleetform-offers-${process.pid}-${Date.now()}.json`);
    dirs.push(dataFile);
    const before = await kibanaOffering(["1.12.4"], dataFile);
    await before.apply(manifest({ name: "windows" }));
    await before.close();
    harnesses.splice(harnesses.indexOf(before), 1);
    const after = await kibanaOffering(["1.12.4", "1.15.0"], dataFile);
    const { plan } = await after.plan(manifest({ name: "windows", version: "1.13.0" }));
    expect(plan.problems[0]).toMatchObject({
      message:
        "package windows version 1.13.0 is not known to Kibana's package registry; it offers 1.15.0 (newest), 1.12.4 installed",
      hint: "use version 1.15.0 or 1.12.4, or latest",
    });
  });

  it("suggests the closest package name for an unknown package", async () => {
    const h = await kibanaOffering(["1.15.0"]);
    for (const pkg of [{ name: "windwos" }, { name: "windwos", version: "1.15.0" }]) {
      const { plan } = await h.plan(manifest(pkg));
      expect(plan.problems).toEqual([
        expect.objectContaining({
          message: `package "windwos" is not known to Kibana's package registry`,
          hint: 'did you mean "windows"?',
        }),
      ]);
    }
  });
});
