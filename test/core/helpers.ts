/**
 * The pure core (diff, order, package model, renderers) in memory: manifest objects from YAML text
 * through the real loader and validator, live objects from plain bodies as Kibana returns them, and a
 * plan made by the same stages `buildPlan` runs, without a server.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PlanOptions, planChanges } from "../../src/diff/plan-changes.js";
import type { Plan } from "../../src/diff/types.js";
import { deleteBlockedReason, KINDS, kindOf } from "../../src/kinds/index.js";
import type { Body, KindName, LiveObject, PlanContext } from "../../src/kinds/types.js";
import { type LoadedManifest, loadManifests } from "../../src/load/index.js";
import type { ManifestObject } from "../../src/load/types.js";
import { orderOperations } from "../../src/order/order-operations.js";
import { packageInstallRequest } from "../../src/packages/install.js";
import { alignInputsAndStreams, expandSimplified, toSimplified } from "../../src/packages/simplified.js";
import type { PackageInfo } from "../../src/packages/types.js";
import { kindsInScope } from "../../src/pipeline.js";
import type { PackageRef } from "../../src/read/packages.js";
import type { LiveState } from "../../src/read/read-live.js";
import { validateManifest } from "../../src/validate/index.js";

/**
 * Loads YAML text as the manifest file `file` (its name is what locations show) and validates it;
 * throws on any load or validation error, which in a core test is a mistake in the test.
 */
export async function manifestFromYaml(
  yaml: string,
  options: { env?: Record<string, string>; file?: string } = {},
): Promise<LoadedManifest> {
  const dir = await mkdtemp(join(tmpdir(), "fleetform-core-"));
  const file = options.file ?? "fleet.yaml";
  try {
    await writeFile(join(dir, file), yaml);
    const loaded = await loadManifests([file], { cwd: dir, env: options.env ?? {} });
    const errors = [...loaded.errors, ...(loaded.errors.length ? [] : validateManifest(loaded))];
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
    return loaded;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A manifest object from a body, without YAML: every location is the object's own (property tests). */
export function manifestObject(kind: KindName, body: Body, interpolated?: string[][]): ManifestObject {
  const location = { file: "generated.yaml", line: 1, column: 1 };
  const id = kind === "fleet_settings" ? "settings" : String(kind === "case_settings" ? body.owner : body.id);
  return { kind, id, body, ...(interpolated ? { interpolated } : {}), location, locate: () => location };
}

/**
 * Live objects from bodies as Kibana's list endpoints return them, classified (managed, blocked
 * delete) the way readLive classifies what it reads.
 */
export function liveState(objects: Partial<Record<KindName, Body[]>>): LiveState {
  const live: LiveState = new Map();
  for (const kind of KINDS) {
    const byId = new Map<string, LiveObject>();
    for (const raw of objects[kind.name] ?? []) {
      const id = kind.liveIdentity ? kind.liveIdentity(raw) : String(raw.id);
      byId.set(id, {
        kind: kind.name,
        id,
        name: typeof raw.name === "string" ? raw.name : undefined,
        raw,
        version: typeof raw.version === "string" ? raw.version : undefined,
      });
    }
    live.set(kind.name, byId);
  }
  const ctx: PlanContext = { packages: new Map(), live };
  for (const [name, byId] of live) {
    const kind = kindOf(name);
    for (const object of byId.values()) {
      object.protectedReason = kind.protectedReason?.(object.raw, ctx);
      object.deleteBlockedReason = deleteBlockedReason(kind, object.raw, ctx);
    }
  }
  return live;
}

/**
 * An integration policy as Kibana's list answers it in the simplified format: the manifest's fields,
 * and the full input tree its package yields for the manifest's values (streams all off turn their
 * input off, as Kibana's create does).
 */
export function liveIntegrationPolicy(body: Body, pkg: PackageInfo): Body {
  const tree = expandSimplified(pkg, { inputs: body.inputs, vars: body.vars });
  const simplified = toSimplified(pkg, { ...tree, inputs: alignInputsAndStreams(tree.inputs) });
  return {
    description: "",
    namespace: "",
    output_id: null,
    ...body,
    policy_id: body.policy_ids?.[0],
    package: { name: pkg.name, title: pkg.title, version: pkg.version },
    inputs: simplified.inputs,
    vars: simplified.vars,
    version: "WzEsMV0=",
  };
}

export interface InMemoryPlanOptions extends Partial<PlanOptions> {
  scope?: KindName[];
  /** Package definitions the plan may use (buildPlan fetches them from Kibana). */
  packages?: PackageInfo[];
  /** What buildPlan would list as packages to install (Kibana's answer; none here by default). */
  toInstall?: PackageRef[];
}

/** diff → order, as buildPlan runs them once the live state and the packages are read. */
export function planInMemory(
  manifest: LoadedManifest,
  live: LiveState,
  options: InMemoryPlanOptions = {},
): Plan {
  const packages = new Map((options.packages ?? []).map((p) => [`${p.name}@${p.version}`, p]));
  const ctx: PlanContext = { packages, live };
  const scope = kindsInScope(manifest, options.scope);
  const diff = planChanges(manifest.objects, live, scope, ctx, { prune: false, ...options });
  return {
    ...diff,
    operations: orderOperations(diff.operations, KINDS),
    packages: (options.toInstall ?? []).map((ref) => ({
      ...ref,
      request: packageInstallRequest(ref.name, ref.version, packages.get(`${ref.name}@${ref.version}`)),
    })),
  };
}

/** `action kind/id` of each operation, in order. */
export const operationKeys = (plan: Plan) => plan.operations.map((op) => `${op.action} ${op.key}`);
