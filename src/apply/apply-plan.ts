import pLimit from "p-limit";
import { errorMessageOf, KibanaApiError } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import { droppedFieldResets } from "../diff/comparable.js";
import { diffObject } from "../diff/plan-changes.js";
import type { Plan, PlannedOperation } from "../diff/types.js";
import type { ApiCall, Body, KindDescriptor, PlanContext } from "../kinds/types.js";
import { readLive } from "../read/read-live.js";

export type OperationStatus = "done" | "failed" | "skipped" | "not-started";

export interface OperationResult {
  operation: PlannedOperation;
  status: OperationStatus;
  /** Kibana's message or the reason it was skipped; never a request body. */
  message?: string;
  /** The failure was someone else's change made after the plan read the object. */
  concurrentChange?: boolean;
}

export interface PackageInstallResult {
  name: string;
  version: string;
  status: "done" | "failed";
  message?: string;
}

export interface ApplyReport {
  packages: PackageInstallResult[];
  results: OperationResult[];
  interrupted: boolean;
}

export interface ApplyOptions {
  client: KibanaClient;
  kinds: readonly KindDescriptor[];
  ctx: PlanContext;
  concurrency: number;
  /** Once aborted, no new operation starts; those in flight finish. */
  signal?: AbortSignal;
  onStart?(op: PlannedOperation): void;
  onResult?(result: OperationResult): void;
}

/**
 * Runs the plan: package installs first, then every operation as soon as the ones it depends on
 * have succeeded, at most `concurrency` at a time. A failure skips its dependents only.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  const limit = pLimit(Math.max(1, options.concurrency));
  const packages = await Promise.all(
    plan.packages.map((ref) => limit(() => installPackage(options.client, ref))),
  );
  const failedPackages = new Set(
    packages.filter((p) => p.status === "failed").map((p) => `${p.name}@${p.version}`),
  );

  const outcomes = new Map<string, Promise<OperationResult>>();
  const byKey = new Map(plan.operations.map((op) => [op.key, op]));
  const run = (op: PlannedOperation): Promise<OperationResult> => {
    const existing = outcomes.get(op.key);
    if (existing) return existing;
    const promise = (async (): Promise<OperationResult> => {
      const deps = await Promise.all(op.dependsOn.map((key) => run(byKey.get(key)!)));
      const failedDep = deps.find((d) => d.status !== "done");
      if (failedDep)
        return {
          operation: op,
          status: "skipped",
          message: `depends on ${failedDep.operation.key}, which was not applied`,
        };
      const kind = options.kinds.find((k) => k.kind === op.kind)!;
      const missingPackage = (op.desired ? (kind.packagesOf?.(op.desired.body) ?? []) : []).find((p) =>
        failedPackages.has(`${p.name}@${p.version}`),
      );
      if (missingPackage) {
        return {
          operation: op,
          status: "skipped",
          message: `package ${missingPackage.name}@${missingPackage.version} was not installed`,
        };
      }
      return limit(async () => {
        if (options.signal?.aborted) return { operation: op, status: "not-started", message: "interrupted" };
        options.onStart?.(op);
        return execute(op, kind, options);
      });
    })().then((result) => {
      options.onResult?.(result);
      return result;
    });
    outcomes.set(op.key, promise);
    return promise;
  };
  const results = await Promise.all(plan.operations.map(run));
  return { packages, results, interrupted: options.signal?.aborted ?? false };
}

async function execute(
  op: PlannedOperation,
  kind: KindDescriptor,
  options: ApplyOptions,
): Promise<OperationResult> {
  let call: ApiCall;
  try {
    call = requestFor(op, kind, options.ctx);
  } catch (err) {
    return { operation: op, status: "failed", message: (err as Error).message };
  }
  const res = await options.client
    .request(call.method, call.path, { query: call.query, body: call.body, allowErrors: true })
    .catch((err: Error) => ({ status: 0, body: { message: err.message }, headers: {} }));
  if (res.status > 0 && res.status < 300) return { operation: op, status: "done" };
  // A retried write whose first attempt landed (its answer was lost) meets its own result: a
  // create meets 409, a versioned update 409 (the version moved), a delete 404. Those are done.
  // A write that got no answer at all (status 0: given up, unreadable) is read back the same way.
  if (res.status === 404 && op.action === "delete") {
    return { operation: op, status: "done", message: "already deleted" };
  }
  if (res.status === 0 && op.action === "delete" && (await isGone(op, kind, options))) {
    return { operation: op, status: "done", message: "deleted, though its answer was lost" };
  }
  const mayHaveLanded = res.status === 0 || res.status === 409;
  if (mayHaveLanded && op.action !== "delete" && (await matchesDesired(op, kind, options))) {
    const done = op.action === "create" ? "created" : "updated";
    const message =
      res.status === 0
        ? `${done}, though Kibana's answer was lost`
        : `${op.action === "create" ? "already created" : "already up to date"} by an earlier attempt`;
    return { operation: op, status: "done", message };
  }
  const message = errorMessageOf(res.body) ?? `HTTP ${res.status}`;
  if (res.status === 409 && op.action === "update" && !/already exist/i.test(message)) {
    return {
      operation: op,
      status: "failed",
      concurrentChange: true,
      message: `changed in Kibana after the plan read it (${message}); run plan again`,
    };
  }
  // Agent and integration policy ids are unique across spaces: a taken id may be invisible from here.
  const taken =
    res.status === 409 && op.action === "create" && !/already exist/i.test(message)
      ? "; the id is taken, maybe by an object in another space (ids are unique across spaces): choose another id"
      : "";
  return {
    operation: op,
    status: "failed",
    message: res.status ? `${res.status}: ${message}${taken}` : message,
  };
}

function requestFor(op: PlannedOperation, kind: KindDescriptor, ctx: PlanContext): ApiCall {
  if (op.action === "delete") return kind.delete!(op.live!);
  const body: Body = op.desired!.body;
  if (op.action === "create") {
    if (!kind.create) throw new Error(`${kind.noun} cannot be created through the API`);
    return kind.create(body, ctx);
  }
  // Kibana's updates merge into the stored object: fields the manifest leaves out are sent empty.
  return kind.update(
    { ...droppedFieldResets(kind, body, op.live!.raw), ...kind.resets, ...body },
    op.live!,
    ctx,
  );
}

/**
 * A write that met 409 may be our own earlier attempt that landed. Read the object back: when it
 * already is what the manifest says, nothing was overwritten and nothing is left to do; otherwise
 * someone else changed it and the 409 stands.
 */
async function matchesDesired(
  op: PlannedOperation,
  kind: KindDescriptor,
  options: ApplyOptions,
): Promise<boolean> {
  try {
    const live = await readLive(options.client, [kind]);
    const current = live.get(kind.kind)?.get(op.id);
    return current !== undefined && diffObject(kind, op.desired!, current, options.ctx).length === 0;
  } catch {
    return false;
  }
}

async function isGone(op: PlannedOperation, kind: KindDescriptor, options: ApplyOptions): Promise<boolean> {
  try {
    return !(await readLive(options.client, [kind])).get(kind.kind)?.has(op.id);
  } catch {
    return false;
  }
}

async function installPackage(
  client: KibanaClient,
  ref: { name: string; version: string },
): Promise<PackageInstallResult> {
  const path = `/api/fleet/epm/packages/${encodeURIComponent(ref.name)}/${encodeURIComponent(ref.version)}`;
  try {
    await client.request("POST", path, { body: {} });
    return { ...ref, status: "done" };
  } catch (err) {
    const message = err instanceof KibanaApiError ? err.kibanaMessage : (err as Error).message;
    return { ...ref, status: "failed", message };
  }
}
