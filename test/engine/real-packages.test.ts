/**
 * Every version of every real package in ../shared/packages (read in place by the simulator's
 * `packages` option): three integration policies each (the package defaults, every input and stream
 * enabled, one var changed at each level) apply and plan clean, their export plans clean, and each
 * pair of versions of one package plans an upgrade with notes that converges. Package info as Kibana
 * builds it from an archive (FLEET/server/services/epm/archive/parse.ts), policy defaults as its
 * packageToPackagePolicy (FLEET/common/services/package_to_package_policy.ts) and required vars as its
 * validatePackagePolicy (FLEET/common/services/validate_package_policy.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { exportLive } from "../../src/export/export-live.js";
import { KINDS } from "../../src/kinds/index.js";
import type { PackageInfo } from "../../src/packages/types.js";
import { compareVersions } from "../../src/util/semver.js";
import { CORPUS, corpusVersions } from "../support/packages.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";
import {
  changedBody,
  defaultsBody,
  everythingBody,
  requiredPaths,
  type SimplifiedBody,
} from "./real-package-bodies.js";

const versions = corpusVersions().sort(
  (a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version),
);
const slug = (name: string, version: string) => `${name}-${version}`.replace(/[^a-z0-9-]/gi, "-");
const VARIANTS = ["defaults", "everything", "changed"] as const;

let h: EngineHarness;
beforeAll(async () => {
  h = await engineHarness({ packages: [CORPUS] });
});
afterAll(() => h?.close());

async function packageInfo(name: string, version: string): Promise<PackageInfo> {
  return (await h.client.request("GET", `/api/fleet/epm/packages/${name}/${version}`)).body.item;
}

/** One agent policy per integration policy: some packages allow one policy per agent policy. */
function manifest(entries: { id: string; name: string; version: string; body: SimplifiedBody }[]) {
  return stringify({
    agent_policies: entries.map((e) => ({ id: `ap-${e.id}`, name: `ap-${e.id}`, namespace: "default" })),
    integration_policies: entries.map((e) => ({
      id: e.id,
      name: e.id,
      policy_ids: [`ap-${e.id}`],
      package: { name: e.name, version: e.version },
      ...e.body,
    })),
  });
}

/** Every `${env:NAME}` the exported body holds, with the value the original body had at that place. */
function exportedSecrets(exported: unknown, original: unknown, env: Record<string, string>): void {
  if (typeof exported === "string") {
    const m = /^\$\{env:([A-Z0-9_]+)\}$/.exec(exported);
    if (m) env[m[1]!] = String(original);
    return;
  }
  if (exported && typeof exported === "object") {
    for (const [key, value] of Object.entries(exported)) {
      exportedSecrets(value, (original as Record<string, unknown> | undefined)?.[key], env);
    }
  }
}

describe.each(versions)("real package $name $version", ({ name, version }) => {
  let pkg: PackageInfo;
  let yaml: string;
  const ids = VARIANTS.map((variant) => `${slug(name, version)}-${variant}`);

  beforeAll(async () => {
    pkg = await packageInfo(name, version);
    const bodies = [defaultsBody(pkg), everythingBody(pkg), changedBody(pkg).body];
    yaml = manifest(bodies.map((body, i) => ({ id: ids[i]!, name, version, body })));
  });

  it("is refused at plan time without values for the required vars that have no default", async () => {
    const required = requiredPaths(pkg);
    const { plan } = await h.plan(manifest([{ id: `${slug(name, version)}-bare`, name, version, body: {} }]));
    // Kibana refuses exactly these (validatePackagePolicyConfig: "<title> is required").
    expect(plan.problems.length).toBe(required.length);
    for (const path of required) {
      expect(plan.problems.some((p) => p.message.includes(`"${path.at(-1)}"`))).toBe(true);
    }
  });

  it("applies the defaults, every input and stream, and changed vars, then plans clean", async () => {
    await h.apply(yaml);
    const { plan } = await h.plan(yaml);
    expect(plan.problems).toEqual([]);
    expect(changedPaths(plan)).toEqual([]);
  });

  it("exports each policy to a manifest that plans clean", async () => {
    const { ctx } = await h.plan(yaml);
    const exported = exportLive(
      KINDS.filter((k) => k.name === "integration_policies"),
      ctx,
      { includeManaged: false },
    );
    const bodies = [...exported.objects.values()].flat().filter((o) => ids.includes(String(o.body.id)));
    expect(bodies.map((o) => o.body.id).sort()).toEqual([...ids].sort());
    const env: Record<string, string> = {};
    const original = (await h.manifest(yaml)).objects;
    for (const o of bodies) exportedSecrets(o.body, original.find((x) => x.id === o.body.id)?.body, env);
    const exportedYaml = stringify({
      agent_policies: ids.map((id) => ({ id: `ap-${id}`, name: `ap-${id}`, namespace: "default" })),
      integration_policies: bodies.map((o) => o.body),
    });
    const { plan } = await h.plan(exportedYaml, {}, env);
    expect(plan.problems).toEqual([]);
    expect(changedPaths(plan)).toEqual([]);
  });
});

const upgrades = versions.flatMap((from, i) =>
  versions
    .slice(i + 1)
    .filter((to) => to.name === from.name)
    .map((to) => ({ name: from.name, from: from.version, to: to.version })),
);

describe.each(upgrades)("upgrade of $name from $from to $to", ({ name, from, to }) => {
  it("plans the version change with notes and converges", async () => {
    const id = `up-${slug(name, from)}-to-${to.replace(/\W/g, "-")}`;
    const [before, after] = [await packageInfo(name, from), await packageInfo(name, to)];
    await h.apply(manifest([{ id, name, version: from, body: defaultsBody(before) }]));
    const target = manifest([{ id, name, version: to, body: defaultsBody(after) }]);
    const { plan } = await h.plan(target);
    expect(plan.problems).toEqual([]);
    const update = plan.operations.find((op) => op.id === id);
    expect(update?.action).toBe("update");
    expect(update?.changes.some((c) => c.path === "/package/version")).toBe(true);
    expect(update?.notes?.[0]).toBe(`package ${name} ${from} → ${to}`);
    await h.apply(target);
    expect(changedPaths((await h.plan(target)).plan)).toEqual([]);
  });
});
