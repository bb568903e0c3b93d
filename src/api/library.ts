import { type ApplyReport, applyPlan, type OperationResult } from "../apply/apply-plan.js";
import { KibanaClient } from "../client/kibana-client.js";
import type { KibanaClientOptions } from "../client/types.js";
import { credentialWarnings } from "../diff/credential-warnings.js";
import type { Plan, PlannedOperation } from "../diff/types.js";
import { type ExportedObject, exportLive as exportObjects } from "../export/export-live.js";
import { KINDS } from "../kinds/index.js";
import type { KindName } from "../kinds/shapes.js";
import type { PlanContext } from "../kinds/types.js";
import type { LoadedManifest } from "../load/types.js";
import { buildPlan, type PlanResult } from "../pipeline.js";
import { fetchPackages } from "../read/packages.js";
import { readLive } from "../read/read-live.js";
import { readTarget, type Target } from "../read/target.js";
import { diagnosticTextLines } from "../render/diagnostics.js";
import { driftCount } from "../render/drift.js";
import { exportedYaml } from "./export.js";
import { ManifestErrors } from "./manifests.js";

/** Where Kibana is: a client you made (and close), or the options to make one for the call. */
export type KibanaConnection = KibanaClient | KibanaClientOptions;

export interface PlanOptions {
  kibana: KibanaConnection;
  /** Also delete live objects the manifests do not mention, in the kinds in scope. */
  prune?: boolean;
  /** With `prune`, only these kinds. */
  pruneKinds?: KindName[];
  /** Send write-only values (secrets) even when nothing else changed. */
  rotateSecrets?: boolean;
}

/** A plan, what it was made from, and the Kibana it was made against. */
export interface PlanOutcome extends PlanResult {
  target: Target;
}

export interface ApplyOptions {
  kibana: KibanaConnection;
  /** Operations in flight at once (default 8). */
  concurrency?: number;
  /** Once aborted, no new operation starts; those in flight finish. */
  signal?: AbortSignal;
  onStart?(op: PlannedOperation): void;
  onResult?(result: OperationResult): void;
}

export interface DriftReport {
  /** Kibana matches the manifests (nothing to apply, no field Kibana keeps that they leave out, no missing token). */
  inSync: boolean;
  plan: Plan;
  target: Target;
}

export interface ExportOptions {
  kibana: KibanaConnection;
  /** Only these kinds (default: all). */
  kinds?: KindName[];
  /** Also managed and preconfigured objects, marked read-only. */
  includeManaged?: boolean;
}

export interface ExportedKind {
  kind: KindName;
  objects: ExportedObject[];
  /** The objects as a manifest file. */
  yaml: string;
}

export interface ExportReport {
  kinds: ExportedKind[];
  /** Environment variables the exported manifests expect, one per write-only value. */
  secretVariables: string[];
}

/** Runs `use` with a client: the caller's, or one made from options and closed afterwards. */
async function withClient<T>(
  kibana: KibanaConnection,
  use: (client: KibanaClient) => Promise<T>,
): Promise<T> {
  if (kibana instanceof KibanaClient) return use(kibana);
  const client = new KibanaClient(kibana);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function refuseErrors(manifest: LoadedManifest): void {
  if (manifest.errors.length > 0) throw new ManifestErrors(manifest.errors);
}

/**
 * What `apply` would change: read Kibana, compare with the manifests, order the operations. Its
 * warnings include what a reviewer must see before applying (credentials interpolated into fields
 * anyone with Kibana access reads), as the CLI's plan does.
 */
export async function plan(manifest: LoadedManifest, options: PlanOptions): Promise<PlanOutcome> {
  const outcome = await compare(manifest, options);
  outcome.plan.warnings.push(...credentialWarnings(manifest.objects, outcome.kinds, outcome.ctx));
  return outcome;
}

async function compare(manifest: LoadedManifest, options: PlanOptions): Promise<PlanOutcome> {
  refuseErrors(manifest);
  return withClient(options.kibana, async (client) => {
    const [target, result] = await Promise.all([
      readTarget(client, client.baseUrl, client.space),
      buildPlan(client, manifest, {
        prune: options.prune ?? false,
        pruneKinds: options.pruneKinds,
        rotateSecrets: options.rotateSecrets,
      }),
    ]);
    return { ...result, target };
  });
}

/**
 * Runs a plan: package installs first, then each operation once those it depends on succeeded. A
 * failure is a result, not an exception: the report says what was and was not done. A plan with
 * errors is refused whole.
 */
export async function apply(planned: PlanResult, options: ApplyOptions): Promise<ApplyReport> {
  if (planned.plan.problems.length > 0) {
    throw new Error(
      `the plan has ${planned.plan.problems.length} error(s); nothing was applied:\n` +
        diagnosticTextLines(planned.plan.problems).join("\n"),
    );
  }
  return withClient(options.kibana, (client) =>
    applyPlan(planned.plan, {
      client,
      kinds: planned.kinds,
      concurrency: options.concurrency ?? 8,
      signal: options.signal,
      onStart: options.onStart,
      onResult: options.onResult,
    }),
  );
}

/** Where Kibana differs from the manifests: a plan read as drift. */
export async function drift(manifest: LoadedManifest, options: PlanOptions): Promise<DriftReport> {
  const { plan: result, target } = await compare(manifest, options);
  const inSync = driftCount(result) + result.problems.length === 0;
  return { inSync, plan: result, target };
}

/** Kibana's live objects as minimal manifests, one file per kind, to adopt an existing Kibana. */
export async function exportLive(options: ExportOptions): Promise<ExportReport> {
  const kinds = options.kinds ? KINDS.filter((k) => options.kinds!.includes(k.name)) : [...KINDS];
  return withClient(options.kibana, async (client) => {
    const live = await readLive(client, KINDS);
    // Policies are exported against their package's definition; a package itself needs none.
    const packageRefs = KINDS.filter((k) => !k.installsPackages).flatMap((k) =>
      [...(live.get(k.name)?.values() ?? [])].flatMap((o) => k.packagesOf?.(o.raw) ?? []),
    );
    const lookup = await fetchPackages(client, packageRefs);
    const ctx: PlanContext = { packages: lookup.packages, live };
    const result = exportObjects(kinds, ctx, { includeManaged: !!options.includeManaged });
    return {
      kinds: [...result.objects]
        .filter(([, objects]) => objects.length > 0)
        .map(([kind, objects]) => ({
          kind: kind.name,
          objects,
          yaml: exportedYaml(kind, objects, client.space),
        })),
      secretVariables: result.secretVariables,
    };
  });
}
