import pLimit from "p-limit";
import { errorMessageOf, KibanaApiError } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import type { KibanaResponse } from "../client/types.js";
import type { Divergence, PackageInstall, Plan, PlannedOperation, PlannedRequest } from "../diff/types.js";
import type { Body, KindDescriptor } from "../kinds/types.js";
import { applyTokens, type TokenResult } from "../tokens/enrollment-tokens.js";
import { fillSecrets } from "../util/secret-references.js";

export type OperationStatus = "done" | "failed" | "skipped" | "not-started";

export interface OperationResult {
  operation: PlannedOperation;
  status: OperationStatus;
  /** Kibana's message or the reason it was skipped; never a request body. */
  message?: string;
  /** The failure was someone else's change made after the plan read the object. */
  concurrentChange?: boolean;
  /** Not created: someone else had created a matching object with its id, which is now managed. */
  adopted?: boolean;
  /**
   * Fields Kibana's answer to the write holds otherwise than the manifest says: the next plan would
   * show them as changes again, until the manifest says what Kibana keeps.
   */
  divergences?: Divergence[];
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
  /** Enrollment tokens created or rotated after the operations. */
  tokens?: TokenResult[];
  interrupted: boolean;
}

export interface ApplyOptions {
  client: KibanaClient;
  kinds: readonly KindDescriptor[];
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
      const kind = options.kinds.find((k) => k.name === op.kind)!;
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
        // Every request of an operation (its write, read-backs, follow-ups) goes to its object's space.
        return execute(op, kind, { ...options, client: options.client.inSpace(op.space) });
      });
    })().then((result) => {
      options.onResult?.(result);
      return result;
    });
    outcomes.set(op.key, promise);
    return promise;
  };
  const results = await Promise.all(plan.operations.map(run));
  const unapplied = new Set(results.filter((r) => r.status !== "done").map((r) => r.operation.id));
  const tokens = options.signal?.aborted
    ? []
    : await applyTokens(options.client, plan.tokens ?? [], unapplied);
  return {
    packages,
    results,
    ...(tokens.length ? { tokens } : {}),
    interrupted: options.signal?.aborted ?? false,
  };
}

async function execute(
  op: PlannedOperation,
  kind: KindDescriptor,
  options: ApplyOptions,
): Promise<OperationResult> {
  const { client } = options;
  // An unversioned update would overwrite whatever changed since the plan read the object: read it
  // again right before writing, and stop there if it changed.
  if (op.action === "update" && op.verdicts.unchangedSincePlan) {
    const current = await readBack(client, op, kind);
    if (current.error) return failed(op, `could not read it again before writing: ${current.error}`);
    if (!current.raw) return concurrentChange(op, "deleted in Kibana after the plan read it; run plan again");
    if (!op.verdicts.unchangedSincePlan(current.raw))
      return concurrentChange(op, "changed in Kibana after the plan read it; run plan again");
  }
  const res = await send(client, op.request, op.desired?.body);
  if (res.status > 0 && res.status < 300) {
    if (op.afterCreate) return followCreate(op, kind, res, options);
    if (op.afterDelete?.length) return followDelete(op, options);
    return { ...done(op), ...converged(op, kind, res.body) };
  }
  // A write whose answer was lost (or that Kibana answered 5xx after all) may have landed: the
  // object, read back, says whether it did. A retried write meets its own effect the same way: a
  // create meets 409, a versioned update 409 (the version moved), a delete 404.
  if (res.status === 404 && op.action === "delete") {
    return { operation: op, status: "done", message: "already deleted" };
  }
  // Never call failed what may have happened: say so when Kibana could not be read back to tell.
  let unknown = "";
  const cannotTell = "; Kibana could not be read back to tell whether it was applied: run plan to see";
  if (res.status === 409 && op.action === "create") {
    const settled = await settleTakenId(op, kind, options, (res.attempts ?? 1) > 1);
    if (settled === "unknown") unknown = cannotTell;
    else if (settled) return settled;
  }
  const message = errorMessageOf(res.body) ?? `HTTP ${res.status}`;
  if (res.status === 409 && op.action === "update" && !/already exist/i.test(message)) {
    const current = await readBack(client, op, kind);
    if (current.raw && op.verdicts.matchesManifest?.(current.raw)) {
      const by = (res.attempts ?? 1) > 1 ? " by an earlier attempt" : "";
      return { operation: op, status: "done", message: `already up to date${by}` };
    }
    return concurrentChange(op, `changed in Kibana after the plan read it (${message}); run plan again`);
  }
  if (res.status === 0 || res.status >= 500) {
    const settled = await settleLostAnswer(op, kind, options, res.status);
    if (settled === "unknown") unknown = cannotTell;
    else if (settled) return settled;
  }
  // Agent and integration policy ids are unique across spaces: a taken id may be invisible from here.
  const taken =
    res.status === 409 && op.action === "create" && !/already exist/i.test(message)
      ? "; the id is taken, maybe by an object in another space (ids are unique across spaces): choose another id"
      : "";
  return failed(op, `${res.status ? `${res.status}: ${message}${taken}` : message}${unknown}`);
}

/**
 * The object Kibana answered a write with, compared with the manifest: a field it normalised,
 * defaulted or dropped shows at the first apply, not as a change that comes back on every plan.
 */
function converged(
  op: PlannedOperation,
  kind: KindDescriptor,
  answer: unknown,
): Pick<OperationResult, "divergences"> {
  if (op.action === "delete" || !op.verdicts.divergence) return {};
  const raw = answeredObject(kind, op.id, answer);
  const divergences = raw ? op.verdicts.divergence(raw) : [];
  return divergences.length > 0 ? { divergences } : {};
}

/** Fleet answers `{item}`; Cases settings answer with the object itself. */
function answeredObject(kind: KindDescriptor, id: string, answer: unknown): Body | undefined {
  const body = answer as Body | undefined;
  const identity = (raw: Body) => (kind.liveIdentity ? kind.liveIdentity(raw) : String(raw.id));
  return [body?.item, body].find(
    (candidate): candidate is Body =>
      !!candidate && typeof candidate === "object" && !Array.isArray(candidate) && identity(candidate) === id,
  );
}

/** Sends a planned request: its masked values are filled in from the manifest object only now. */
async function send(client: KibanaClient, request: PlannedRequest, source: unknown): Promise<KibanaResponse> {
  const body = fillSecrets(request.body, request.secrets, source);
  return client
    .request(request.method, request.path, { query: request.query, body, allowErrors: true, written: true })
    .catch((err: Error) => ({ status: 0, body: { message: err.message }, headers: {} }));
}

/**
 * A create met an object with its id. Read back, it is ours when a retry met the effect of the first
 * attempt; otherwise someone else created it after the plan read Kibana. Someone else's object that
 * matches the manifest is adopted, after its write-only values (which no read can compare) are sent;
 * one that differs is a conflict, never reported as created.
 */
async function settleTakenId(
  op: PlannedOperation,
  kind: KindDescriptor,
  options: ApplyOptions,
  retried: boolean,
): Promise<OperationResult | "unknown" | undefined> {
  const current = await readBack(options.client, op, kind);
  if (current.error) return "unknown";
  if (!current.raw) return undefined;
  const matches = op.verdicts.matchesManifest?.(current.raw) ?? false;
  if (matches && retried)
    return { operation: op, status: "done", message: "already created by an earlier attempt" };
  const theirs = `an object with this id was created in Kibana${retried ? "" : " by someone else"} after the plan read it`;
  if (!matches) return concurrentChange(op, `${theirs}, and it differs from the manifest; run plan again`);
  if (op.adopt) {
    const res = await send(options.client, op.adopt, op.desired?.body);
    if (res.status > 0 && res.status < 300) {
      const message = `${theirs}; it matches the manifest, and the manifest's write-only values were sent to it`;
      return { operation: op, status: "done", adopted: true, message };
    }
    return failed(
      op,
      `${theirs}; it matches the manifest, but sending its write-only values failed: ${errorMessageOf(res.body) ?? `HTTP ${res.status}`}`,
    );
  }
  if (op.request.secrets.length > 0) {
    return concurrentChange(
      op,
      `${theirs}; it matches the manifest except for write-only values, which cannot be read: run plan again, and apply with --rotate-secrets to send yours`,
    );
  }
  return { operation: op, status: "done", adopted: true, message: `${theirs}, and it matches the manifest` };
}

/** A write whose answer never came (or came as 5xx): done when the object, read back, shows it landed. */
async function settleLostAnswer(
  op: PlannedOperation,
  kind: KindDescriptor,
  options: ApplyOptions,
  status: number,
): Promise<OperationResult | "unknown" | undefined> {
  if (!op.read) return undefined;
  const current = await readBack(options.client, op, kind);
  if (current.error) return "unknown";
  const landed =
    op.action === "delete" ? !current.raw : !!current.raw && !!op.verdicts.matchesManifest?.(current.raw);
  if (!landed) return undefined;
  const answer = status ? `Kibana answered ${status}` : "its answer was lost";
  return { operation: op, status: "done", message: `applied, although ${answer}` };
}

/** The one object an operation is about, read again (absent when Kibana has none). */
async function readBack(
  client: KibanaClient,
  op: PlannedOperation,
  kind: KindDescriptor,
): Promise<{ raw?: Body; error?: string }> {
  if (!op.read) return { error: "it cannot be read by itself" };
  try {
    const res = await client.request("GET", op.read.path, { query: op.read.query, allowErrors: true });
    if (res.status === 404) return {};
    if (res.status >= 300) return { error: errorMessageOf(res.body) ?? `HTTP ${res.status}` };
    if (op.read.shape === "item") return { raw: res.body?.item ?? undefined };
    const items: Body[] = Array.isArray(res.body) ? res.body : [];
    return {
      raw: items.find((raw) => (kind.liveIdentity ? kind.liveIdentity(raw) : String(raw.id)) === op.id),
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The update that completes a create whose object Kibana filled in itself (Elastic Defend). */
async function followCreate(
  op: PlannedOperation,
  kind: KindDescriptor,
  created: KibanaResponse,
  options: ApplyOptions,
): Promise<OperationResult> {
  const next = op.afterCreate!(created.body?.item ?? {});
  // The object to hold against the manifest is the last one Kibana answered with.
  if (!next) return { ...done(op), ...converged(op, kind, created.body) };
  const res = await send(options.client, next, op.desired?.body);
  if (res.status > 0 && res.status < 300) return { ...done(op), ...converged(op, kind, res.body) };
  const message = errorMessageOf(res.body) ?? `HTTP ${res.status}`;
  return failed(
    op,
    `created, but the update that sets what Kibana filled in failed: ${message}; run apply again`,
  );
}

/** The calls that complete a delete Kibana left half done (a forced integration delete bumps no revision). */
async function followDelete(op: PlannedOperation, options: ApplyOptions): Promise<OperationResult> {
  for (const call of op.afterDelete ?? []) {
    const res = await send(options.client, call, undefined);
    if (res.status > 0 && res.status < 300) continue;
    const message = errorMessageOf(res.body) ?? `HTTP ${res.status}`;
    return failed(
      op,
      `deleted, but the call that completes it (${call.method} ${call.path}) failed: ${message}`,
    );
  }
  return done(op);
}

const done = (operation: PlannedOperation): OperationResult => ({ operation, status: "done" });

const failed = (operation: PlannedOperation, message: string): OperationResult => ({
  operation,
  status: "failed",
  message,
});

const concurrentChange = (operation: PlannedOperation, message: string): OperationResult => ({
  operation,
  status: "failed",
  concurrentChange: true,
  message,
});

async function installPackage(client: KibanaClient, install: PackageInstall): Promise<PackageInstallResult> {
  const ref = { name: install.name, version: install.version };
  const { method, path, body } = install.request;
  try {
    await client.request(method, path, { body, written: true });
    return { ...ref, status: "done" };
  } catch (err) {
    const message = err instanceof KibanaApiError ? err.kibanaMessage : (err as Error).message;
    return { ...ref, status: "failed", message };
  }
}
