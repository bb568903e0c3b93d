/**
 * Package info without a version, and the newest version: FLEET/server/routes/epm/handlers.ts
 * (getInfoHandler: the route is `/api/fleet/epm/packages/{pkgName}/{pkgVersion?}`) and
 * FLEET/server/services/epm/packages/get.ts (getPackageInfo: the version asked for, else the
 * installed one, else the registry's newest; `latestVersion` is the registry's newest; "[NAME] package
 * not installed or found in registry" when neither exists). The package list's
 * `withPackagePoliciesCount` (getListHandler) counts the package policies of each package.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { packagesDir } from "../support/package-dirs.js";
import { call, type Harness, startHarness } from "./helpers.js";

let h: Harness;
let dir: string;
beforeAll(async () => {
  dir = packagesDir({ windows: ["1.12.4", "1.15.0"] });
  h = await startHarness({ packages: [dir] });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => h.sim.reset());

describe("GET /api/fleet/epm/packages/{pkgName}", () => {
  it("answers the newest version's info when the package is not installed", async () => {
    const res = await call(h.api, "GET", "/api/fleet/epm/packages/windows");
    expect(res.status).toBe(200);
    expect(res.body.item).toMatchObject({ name: "windows", version: "1.15.0", latestVersion: "1.15.0" });
    expect(res.body.item.status).toBe("not_installed");
  });

  it("answers the installed version's info, with the newest version as latestVersion", async () => {
    await call(h.api, "POST", "/api/fleet/epm/packages/windows/1.12.4", { force: true });
    const res = await call(h.api, "GET", "/api/fleet/epm/packages/windows");
    expect(res.body.item).toMatchObject({
      name: "windows",
      version: "1.12.4",
      latestVersion: "1.15.0",
      status: "installed",
      installationInfo: { version: "1.12.4" },
    });
  });

  it("answers 404 for a package neither installed nor in the registry", async () => {
    const res = await call(h.api, "GET", "/api/fleet/epm/packages/windwos");
    expect(res.status).toBe(404);
    expect(res.body.message).toBe("[windwos] package not installed or found in registry");
  });
});

describe("latestVersion", () => {
  it("is on the info of every version", async () => {
    const res = await call(h.api, "GET", "/api/fleet/epm/packages/windows/1.12.4");
    expect(res.body.item).toMatchObject({ version: "1.12.4", latestVersion: "1.15.0" });
  });
});

describe("GET /api/fleet/epm/packages?withPackagePoliciesCount=true", () => {
  it("counts each package's policies in the request's space, and only when asked", async () => {
    const items = async (query?: Record<string, unknown>) =>
      (await call(h.api, "GET", "/api/fleet/epm/packages", undefined, query)).body.items as {
        name: string;
        packagePoliciesInfo?: { count: number };
      }[];
    const counted = await items({ withPackagePoliciesCount: true });
    // The seeded Fleet Server policy carries the fleet_server integration.
    expect(counted.find((p) => p.name === "fleet_server")?.packagePoliciesInfo).toEqual({ count: 1 });
    expect(counted.find((p) => p.name === "windows")?.packagePoliciesInfo).toEqual({ count: 0 });
    expect((await items()).find((p) => p.name === "fleet_server")?.packagePoliciesInfo).toBeUndefined();
  });
});

// FLEET/server/services/epm/packages/install.ts: installPackageFromRegistry refuses a version older than
// the registry's newest without force; a package policy's create runs ensureInstalledPackage, which
// installs its version (forced) unless that version or a later one is installed.
describe("installing a package version", () => {
  const installedVersion = async () =>
    (await call(h.api, "GET", "/api/fleet/epm/packages/windows")).body.item.installationInfo?.version;

  it("refuses a version older than the registry's newest without force", async () => {
    const res = await call(h.api, "POST", "/api/fleet/epm/packages/windows/1.12.4", {});
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("windows-1.12.4 is out-of-date and cannot be installed or updated");
    expect(await installedVersion()).toBeUndefined();
  });

  it("installs an older version with force, and reinstalls the installed one without it", async () => {
    expect(
      (await call(h.api, "POST", "/api/fleet/epm/packages/windows/1.12.4", { force: true })).status,
    ).toBe(200);
    expect((await call(h.api, "POST", "/api/fleet/epm/packages/windows/1.12.4", {})).status).toBe(200);
    expect(await installedVersion()).toBe("1.12.4");
  });

  it("moves the installation up to a package policy's newer version, never down", async () => {
    await call(h.api, "POST", "/api/fleet/agent_policies", { id: "ap", name: "ap", namespace: "default" });
    const policy = (version: string) => ({
      name: `win-${version}`,
      policy_ids: ["ap"],
      package: { name: "windows", version },
    });
    await call(h.api, "POST", "/api/fleet/package_policies", policy("1.12.4"));
    expect(await installedVersion()).toBe("1.12.4");
    await call(h.api, "POST", "/api/fleet/package_policies", policy("1.15.0"));
    expect(await installedVersion()).toBe("1.15.0");
    await call(h.api, "POST", "/api/fleet/package_policies", { ...policy("1.12.4"), name: "win-again" });
    expect(await installedVersion()).toBe("1.15.0");
  });
});
