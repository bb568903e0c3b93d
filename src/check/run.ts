/**
 * `check-kibana`: a conformance run of fleetform's model against a real Kibana. In a scratch space it
 * creates one representative object of every kind, plans again (expecting no change), updates each,
 * deletes what it created, and records where Kibana did something other than fleetform expects. It
 * drives the ordinary pipeline (load, validate, plan, apply) on manifests it writes itself.
 */

import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { type ApplyReport, applyPlan, type OperationResult } from "../apply/apply-plan.js";
import { errorMessageOf } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import { type Diagnostic, errorDiagnostic } from "../diagnostics/diagnostic.js";
import type { Plan } from "../diff/types.js";
import { KINDS } from "../kinds/index.js";
import type { KindName } from "../kinds/shapes.js";
import { loadManifests } from "../load/index.js";
import type { LoadedManifest } from "../load/types.js";
import { buildPlan, type PlanRequest } from "../pipeline.js";
import type { PackageRef } from "../read/packages.js";
import { readLive } from "../read/read-live.js";
import { fieldPath } from "../render/field-path.js";
import { validateManifest } from "../validate/index.js";
import { CHECK_PREFIX, checkSubjects, manifestOf, SERVICE_TOKEN_VAR, type Subject } from "./objects.js";

export type StepStatus = "ok" | "differs" | "failed" | "skipped" | "not-applicable";

export interface Step {
  status: StepStatus;
  /** What Kibana said, or why the step did not run. */
  message?: string;
  /** Fields Kibana holds otherwise than the manifest says (dotted paths). */
  fields?: string[];
}

export type Phase = "create" | "replan" | "update" | "delete";

export interface SubjectResult {
  kind: KindName;
  variant?: string;
  id: string;
  steps: Record<Phase, Step>;
}

/** One write the check made, for the `--json` report. */
export interface CheckOperation {
  phase: "create" | "update" | "delete" | "cleanup";
  result: OperationResult;
}

export interface CheckReport {
  space: string;
  subjects: SubjectResult[];
  operations: CheckOperation[];
  /** Problems that stopped the check (exit 1). */
  errors: Diagnostic[];
  /** Objects the cleanup could not delete (named, so a person can). */
  leftovers: string[];
  /** Packages the run installed (removed again by the cleanup). */
  installed: PackageRef[];
  interrupted: boolean;
}

export interface CheckOptions {
  /** A client of the default space: it creates and deletes the scratch space. */
  client: KibanaClient;
  /** A client of another space, with the same connection settings. */
  inSpace(space: string): KibanaClient;
  /** Once aborted, no new write starts; the cleanup still runs. */
  signal?: AbortSignal;
  progress?(line: string): void;
  /** The run's token (random by default): ids are `fleetform-check-<token>-…`. */
  token?: string;
  concurrency?: number;
}

const PHASES: Phase[] = ["create", "replan", "update", "delete"];

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const token = options.token ?? randomBytes(3).toString("hex");
  const prefix = `${CHECK_PREFIX}${token}`;
  const say = options.progress ?? (() => {});
  const report: CheckReport = {
    space: prefix,
    subjects: [],
    operations: [],
    errors: [],
    leftovers: [],
    installed: [],
    interrupted: false,
  };
  const aborted = () => options.signal?.aborted ?? false;
  const env = { [SERVICE_TOKEN_VAR]: randomBytes(16).toString("hex") };
  if (!(await createSpace(options.client, prefix, report))) return report;
  const scratch = options.inSpace(prefix);
  // The manifests of the phases are files, so that they go through the loader like any other.
  const dir = await mkdtemp(path.join(tmpdir(), "fleetform-check-"));
  try {
    const subjects = checkSubjects(prefix, await systemPackage(options.client));
    report.subjects = subjects.map((s) => ({
      kind: s.kind,
      ...(s.variant ? { variant: s.variant } : {}),
      id: s.id,
      steps: Object.fromEntries(PHASES.map((p) => [p, { status: "skipped" }])) as Record<Phase, Step>,
    }));
    const load = async (phase: string, sections: Record<string, unknown>) => {
      const file = path.join(dir, `${phase}.yaml`);
      await writeFile(file, stringify(sections));
      const loaded = await loadManifests([file], { env });
      const errors = [...loaded.errors, ...(loaded.errors.length ? [] : validateManifest(loaded))];
      if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("; "));
      return loaded;
    };
    const run = new CheckRun(scratch, report, subjects, options, aborted);
    say(`creating ${subjects.length} objects in space ${prefix}…`);
    const createManifest = await load("create", manifestOf(subjects, "create"));
    if (!(await run.write("create", createManifest))) return report;
    say("planning again…");
    await run.replan("replan", createManifest);
    if (aborted()) return report;
    say("updating them…");
    const updateManifest = await load("update", manifestOf(subjects, "update"));
    if (!(await run.write("update", updateManifest))) return report;
    await run.replan("update", updateManifest);
    if (aborted()) return report;
    say("deleting them…");
    await run.remove(await load("delete", emptySections(subjects)), "delete");
    return report;
  } catch (err) {
    report.errors.push(errorDiagnostic((err as Error).message));
    return report;
  } finally {
    report.interrupted = aborted();
    say(`cleaning up space ${prefix}…`);
    await cleanup(options, scratch, report).catch((err) =>
      report.errors.push(errorDiagnostic(`cleanup: ${(err as Error).message}`)),
    );
    await rm(dir, { recursive: true, force: true });
  }
}

function emptySections(subjects: Subject[]): Record<string, unknown[]> {
  return Object.fromEntries(subjects.map((s) => [s.kind, []]));
}

/** The phases of one run against the scratch space. */
class CheckRun {
  constructor(
    private readonly client: KibanaClient,
    private readonly report: CheckReport,
    private readonly subjects: Subject[],
    private readonly options: CheckOptions,
    private readonly aborted: () => boolean,
  ) {}

  private row(key: string): SubjectResult | undefined {
    return this.report.subjects.find((r) => `${r.kind}/${r.id}` === key);
  }

  /** Plans and applies a manifest; records each object's outcome. False when the check must stop. */
  async write(phase: "create" | "update", manifest: LoadedManifest): Promise<boolean> {
    const plan = await this.plan(manifest, { prune: false });
    if (!plan) return false;
    const report = await this.apply(plan, phase);
    for (const result of report.results) {
      const row = this.row(result.operation.key);
      if (row) row.steps[phase] = stepOf(result);
    }
    for (const p of report.packages) {
      if (p.status === "done") this.report.installed.push({ name: p.name, version: p.version });
      else
        this.report.errors.push(
          errorDiagnostic(`package ${p.name} ${p.version} could not be installed: ${p.message}`),
        );
    }
    return !this.aborted();
  }

  /** Plans the same manifest again: any change is a field Kibana holds otherwise than written. */
  async replan(phase: "replan" | "update", manifest: LoadedManifest): Promise<void> {
    const plan = await this.plan(manifest, { prune: false });
    if (!plan) return;
    for (const row of this.report.subjects) {
      const before = phase === "replan" ? row.steps.create : row.steps.update;
      if (before.status !== "ok" && before.status !== "differs") continue;
      const op = plan.operations.find((o) => o.key === `${row.kind}/${row.id}`);
      const fields = op ? op.changes.map((c) => fieldPath(c.path)) : [];
      const step: Step = fields.length > 0 ? { status: "differs", fields } : { status: "ok" };
      if (phase === "replan") row.steps.replan = step;
      else row.steps.update = mergeSteps(before, step);
    }
  }

  /** Deletes the run's objects (and nothing else, however the plan of the empty manifest prunes). */
  async remove(manifest: LoadedManifest, phase: "delete" | "cleanup"): Promise<void> {
    const kinds = [...new Set(this.subjects.map((s) => s.kind))];
    const plan = await this.plan(manifest, { prune: true, pruneKinds: kinds });
    if (!plan) return;
    const ours = new Set(this.subjects.map((s) => `${s.kind}/${s.id}`));
    const operations = plan.operations
      .filter((op) => op.action === "delete" && ours.has(op.key) && op.id.startsWith(this.report.space))
      .map((op) => ({ ...op, dependsOn: op.dependsOn.filter((key) => ours.has(key)) }));
    const report = await this.apply({ ...plan, operations, packages: [] }, phase, phase === "cleanup");
    if (phase !== "delete") return;
    for (const row of this.report.subjects) {
      const result = report.results.find((r) => r.operation.key === `${row.kind}/${row.id}`);
      if (result) row.steps.delete = stepOf(result);
      else if (row.steps.create.status === "ok" || row.steps.create.status === "differs") {
        const reason = plan.notDeletable.find((n) => n.kind === row.kind)?.reason;
        row.steps.delete = reason
          ? { status: "not-applicable", message: `${reason.split(";")[0]}: deleted with the scratch space` }
          : { status: "differs", message: "the plan of an empty manifest does not delete it" };
      }
    }
  }

  private async plan(manifest: LoadedManifest, request: PlanRequest): Promise<Plan | undefined> {
    const { plan } = await buildPlan(this.client, manifest, request);
    if (plan.problems.length === 0) return plan;
    // The scratch manifest's file means nothing to the reader: each problem names its object instead.
    this.report.errors.push(...plan.problems.map(({ location: _, ...p }) => p));
    return undefined;
  }

  private async apply(plan: Plan, phase: CheckOperation["phase"], finishing = false): Promise<ApplyReport> {
    const report = await applyPlan(plan, {
      client: this.client,
      kinds: KINDS,
      concurrency: this.options.concurrency ?? 4,
      // The cleanup runs to its end: an interruption is what it cleans up after.
      ...(finishing ? {} : { signal: this.options.signal }),
    });
    for (const result of report.results) this.report.operations.push({ phase, result });
    return report;
  }
}

function stepOf(result: OperationResult): Step {
  if (result.status === "done") {
    const fields = (result.divergences ?? []).map((d) => fieldPath(d.path));
    return fields.length > 0 ? { status: "differs", fields } : { status: "ok" };
  }
  if (result.status === "failed") return { status: "failed", message: result.message ?? "failed" };
  return { status: "skipped", message: result.message ?? "not started" };
}

/** An update is as good as its write and the plan after it. */
function mergeSteps(write: Step, replan: Step): Step {
  const fields = [...new Set([...(write.fields ?? []), ...(replan.fields ?? [])])];
  return fields.length > 0 ? { status: "differs", fields } : write;
}

async function createSpace(client: KibanaClient, id: string, report: CheckReport): Promise<boolean> {
  const res = await client.request("POST", "/api/spaces/space", {
    body: { id, name: id, description: "Scratch space of fleetform check-kibana; deleted when it ends" },
    allowErrors: true,
  });
  if (res.status < 300) return true;
  report.errors.push(
    errorDiagnostic(
      `could not create the scratch space ${id} (POST /api/spaces/space answered ${res.status}: ${errorMessageOf(res.body) ?? "no message"})`,
    ),
  );
  return false;
}

/** The system package at the version Kibana has installed (else its latest): no new install if possible. */
async function systemPackage(client: KibanaClient): Promise<{ name: string; version: string }> {
  const res = await client.request("GET", "/api/fleet/epm/packages");
  const item = (res.body?.items ?? []).find((p: { name?: string }) => p.name === "system");
  // Installed versions: `installationInfo` (8.11 and later), `savedObject` before.
  const version = item?.installationInfo?.version ?? item?.savedObject?.attributes?.version ?? item?.version;
  if (typeof version !== "string")
    throw new Error("Kibana's package registry does not offer the system package");
  return { name: "system", version };
}

/**
 * Deletes whatever of the run is still there (after an interruption or a failure as well), the
 * package installs it made, and the scratch space.
 */
async function cleanup(options: CheckOptions, scratch: KibanaClient, report: CheckReport): Promise<void> {
  const rows = report.subjects;
  if ((await leftovers(scratch, report)).length > 0) {
    const kinds = [...new Set(rows.map((r) => r.kind))];
    const empty: LoadedManifest = { objects: [], files: [], secrets: [], errors: [], sections: kinds };
    const run = new CheckRun(scratch, report, rows.map(asSubject), options, () => false);
    await run.remove(empty, "cleanup");
    report.leftovers = await leftovers(scratch, report);
  }
  for (const p of report.installed) {
    const at = `/api/fleet/epm/packages/${encodeURIComponent(p.name)}/${encodeURIComponent(p.version)}`;
    const res = await options.client.request("DELETE", at, { allowErrors: true });
    if (res.status >= 300) report.leftovers.push(`package ${p.name} ${p.version} (installed by the check)`);
  }
  const at = `/api/spaces/space/${encodeURIComponent(report.space)}`;
  const res = await options.client.request("DELETE", at, { allowErrors: true });
  if (res.status >= 300 && res.status !== 404) report.leftovers.push(`space ${report.space}`);
}

const asSubject = (row: SubjectResult): Subject => ({ kind: row.kind, id: row.id, create: {}, update: {} });

/** The run's objects Kibana still has, as `kind/id` (Cases settings go with the space). */
async function leftovers(scratch: KibanaClient, report: CheckReport): Promise<string[]> {
  const kinds = new Set(report.subjects.map((r) => r.kind));
  const live = await readLive(
    scratch,
    KINDS.filter((k) => kinds.has(k.name) && "call" in k.deletion),
  );
  return report.subjects
    .filter((r) => r.id.startsWith(report.space) && live.get(r.kind)?.has(r.id))
    .map((r) => `${r.kind}/${r.id}`);
}
