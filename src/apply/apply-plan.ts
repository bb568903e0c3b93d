import pLimit from "p-limit";
import { errorMessageOf, KibanaApiError } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import { droppedFieldResets } from "../diff/comparable.js";
import { diffObject } from "../diff/plan-changes.js";
import type { Plan, PlannedOperation } from "../diff/types.js";
import type { ApiCall, Body, KindDescriptor, PlanContext } from "../kinds/types.js";
import { readBackOne } from "../read/read-live.js";

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
    .request(call.method, call.path, { query: call.query, body: call.body, allowErrors: true, written: true })
    .catch((err: Error) => ({ status: 0, body: { message: err.message }, headers: {} }));
  if (res.status > 0 && res.status < 300) return { operation: op, status: "done" };
  // A retried write whose first attempt landed (its answer was lost) meets its own result: a
  // create meets 409, a versioned update 409 (the version moved), a delete 404. Those are done.
  // A write that got no usable answer (status 0: given up, unreadable) is read back the same way.
  if (res.status === 404 && op.action === "delete") {
    return { operation: op, status: "done", message: "already deleted" };
  }
  const mayHaveLanded = res.status === 0 || (res.status === 409 && op.action !== "delete");
  const outcome = mayHaveLanded ? await readBack(op, kind, options) : undefined;
  if (outcome === "applied") {
    const message =
      res.status === 0
        ? `${op.action === "create" ? "created" : op.action === "update" ? "updated" : "deleted"}, though Kibana's answer was lost`
        : `${op.action === "create" ? "already created" : "already up to date"} by an earlier attempt`;
    return { operation: op, status: "done", message };
  }
  // Never call failed what may have happened: say when Kibana could not be read back to tell.
  const unknown =
    outcome === "unknown"
      ? "; Kibana could not be read back to tell whether it was applied: run plan to see"
      : "";
  const message = errorMessageOf(res.body) ?? `HTTP ${res.status}`;
  if (res.status === 409 && op.action === "update" && !/already exist/i.test(message)) {
    return {
      operation: op,
      status: "failed",
      concurrentChange: true,
      message: `changed in Kibana after the plan read it (${message}); run plan again${unknown}`,
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
    message: `${res.status ? `${res.status}: ${message}${taken}` : message}${unknown}`,
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
 * A write that met 409, or got no usable answer, may be our own earlier attempt that landed. Read the
 * object back: "applied" when it already is what the manifest says (or, for a delete, is gone) —
 * nothing was overwritten, nothing is left to do; "not-applied" when it is not; "unknown" when Kibana
 * could not be read.
 */
async function readBack(
  op: PlannedOperation,
  kind: KindDescriptor,
  options: ApplyOptions,
): Promise<"applied" | "not-applied" | "unknown"> {
  let read: Awaited<ReturnType<typeof readBackOne>>;
  try {
    read = await readBackOne(options.client, kind, op.id);
  } catch {
    return "unknown";
  }
  if (read.state === "unknown") return "unknown";
  const applied =
    op.action === "delete"
      ? read.state === "absent"
      : read.state === "found" && diffObject(kind, op.desired!, read.object, options.ctx).length === 0;
  return applied ? "applied" : "not-applied";
}

async function installPackage(
  client: KibanaClient,
  ref: { name: string; version: string },
): Promise<PackageInstallResult> {
  const path = `/api/fleet/epm/packages/${encodeURIComponent(ref.name)}/${encodeURIComponent(ref.version)}`;
  try {
    await client.request("POST", path, { body: {}, written: true });
    return { ...ref, status: "done" };
  } catch (err) {
    const message = err instanceof KibanaApiError ? err.kibanaMessage : (err as Error).message;
    return { ...ref, status: "failed", message };
  }
}
