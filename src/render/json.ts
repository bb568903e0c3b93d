import type { ApplyReport } from "../apply/apply-plan.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Change, Plan, PlannedRequest } from "../diff/types.js";
import type { Target } from "../read/target.js";
import type { TokenStep } from "../tokens/enrollment-tokens.js";
import { diagnosticToJson } from "./diagnostics.js";
import { divergenceWarnings } from "./divergences.js";
import { targetToJson } from "./target.js";

/** The `--json` document of `plan`/`drift` (see design: plan-output.schema.json). */
export function planToJson(plan: Plan, target?: Target): Record<string, unknown> {
  return {
    ...(target ? { target: targetToJson(target, plan) } : {}),
    summary: summarize(plan),
    operations: plan.operations.map((op) => ({
      action: op.action,
      kind: op.kind,
      id: op.id,
      ...(op.space !== undefined ? { space: op.space } : {}),
      ...(op.name !== undefined ? { name: op.name } : {}),
      changes: op.changes.map(changeToJson),
      request: requestToJson(op.request),
      ...(op.notes?.length ? { notes: op.notes } : {}),
      ...(op.dependsOn.length > 0 ? { depends_on: op.dependsOn } : {}),
    })),
    packages: plan.packages.map(({ name, version }) => ({ name, version })),
    ...(plan.tokens?.length ? { enrollment_tokens: plan.tokens.map(tokenStepToJson) } : {}),
    blocked: plan.blocked,
    unmanaged: plan.unmanaged,
    not_deletable: plan.notDeletable,
    errors: plan.problems.map(diagnosticToJson),
    warnings: plan.warnings.map(diagnosticToJson),
  };
}

/** A change as an RFC 6902 operation (`value` is the new value), with the model's other facts beside it. */
export function changeToJson(c: Change): Record<string, unknown> {
  return {
    op: c.op,
    path: c.path,
    ...(c.op !== "remove" ? { value: c.after } : {}),
    ...(c.before !== undefined ? { before: c.before } : {}),
    sensitive: c.sensitive,
    stated: c.stated,
  };
}

/** The request apply sends, masked: each masked value names where in the manifest object it comes from. */
export function requestToJson(r: PlannedRequest): Record<string, unknown> {
  return {
    method: r.method,
    path: r.path,
    ...(r.query ? { query: r.query } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(r.secrets.length > 0 ? { secrets: r.secrets } : {}),
  };
}

/**
 * The `--json` document of a command that stopped before it had a plan (manifest errors, an
 * unreachable Kibana, a bad option): a zero summary, no operations, and what went wrong, each with
 * `file`, `line` and `column` where known, so that it stays valid against the schema.
 */
export function errorsToJson(problems: Diagnostic[]): Record<string, unknown> {
  return {
    summary: { create: 0, update: 0, delete: 0, unchanged: 0 },
    operations: [],
    errors: problems.map(diagnosticToJson),
  };
}

export function summarize(plan: Plan) {
  const count = (action: string) => plan.operations.filter((op) => op.action === action).length;
  return {
    create: count("create"),
    update: count("update"),
    delete: count("delete"),
    unchanged: plan.unchanged,
  };
}

/** The `--json` document of `apply`: the plan's shape plus what happened to each operation. */
export function applyReportToJson(
  plan: Plan,
  report: ApplyReport,
  target?: Target,
  wallMs?: number,
): Record<string, unknown> {
  const base = planToJson(plan, target);
  const status = new Map(report.results.map((r) => [r.operation.key, r]));
  const count = (s: string) => report.results.filter((r) => r.status === s).length;
  return {
    ...base,
    operations: (base.operations as Record<string, unknown>[]).map((op, i) => {
      const result = status.get(plan.operations[i]!.key);
      return {
        ...op,
        status: result?.status ?? "not-started",
        ...(result?.message ? { message: result.message } : {}),
        ...(result?.concurrentChange ? { concurrent_change: true } : {}),
        ...(result?.adopted ? { adopted: true } : {}),
        ...(result?.divergences ? { divergences: result.divergences } : {}),
      };
    }),
    warnings: [...plan.warnings, ...divergenceWarnings(report)].map(diagnosticToJson),
    packages: report.packages,
    ...(report.tokens?.length
      ? {
          enrollment_tokens: report.tokens.map((t) => ({
            ...tokenStepToJson(t.step),
            status: t.status,
            ...(t.message ? { message: t.message } : {}),
          })),
        }
      : {}),
    result: {
      done: count("done"),
      failed: count("failed"),
      skipped: count("skipped"),
      not_started: count("not-started"),
      interrupted: report.interrupted,
      ...(wallMs !== undefined ? { wall_ms: Math.round(wallMs) } : {}),
    },
  };
}

/** An enrollment token step: what apply asks Kibana for (a token's secret is never part of it). */
function tokenStepToJson(step: TokenStep): Record<string, unknown> {
  return {
    action: step.action,
    policy_id: step.policyId,
    name: step.name,
    request: { method: step.request.method, path: step.request.path, body: step.request.body },
    ...(step.revoke.length ? { revokes: step.revoke } : {}),
  };
}
