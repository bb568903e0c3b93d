import type { ApplyReport, OperationResult } from "../apply/apply-plan.js";
import type { Change, Plan, PlannedOperation, PlannedRequest } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import { describeTokenStep } from "../tokens/enrollment-tokens.js";
import { formatLocation } from "../validate/format.js";
import { type Colors, colors } from "./colors.js";
import { divergenceWarnings } from "./divergences.js";
import { fieldPath } from "./field-path.js";
import { summarize } from "./json.js";
import { problemTextLines } from "./problems.js";
import { diffText, inline, isMultiline } from "./values.js";

const SYMBOL = { create: "+", update: "~", delete: "-" } as const;
const VERB = {
  create: "will be created",
  update: "will be updated in place",
  delete: "will be deleted",
} as const;

/** Terraform-like plan: one block per operation, one line per changed field, then a summary. */
export function renderPlanText(
  plan: Plan,
  options: { color?: boolean; prune?: boolean; verbose?: boolean } = {},
): string {
  const c = colors(options.color ?? false);
  const lines: string[] = [];
  if (plan.problems.length > 0) {
    lines.push(c.red("The plan cannot be applied:"), "", ...problemTextLines(plan.problems, c.red("✗")), "");
  }
  if (plan.warnings.length > 0) {
    lines.push(c.yellow("Warnings:"), "", ...problemTextLines(plan.warnings, c.yellow("⚠")), "");
  }
  if (plan.packages.length > 0) {
    lines.push(`Packages to install: ${plan.packages.map((p) => `${p.name} ${p.version}`).join(", ")}`, "");
  }
  for (const op of plan.operations) lines.push(...renderOperation(op, c, options.verbose ?? false), "");
  for (const t of plan.tokens ?? []) lines.push(describeTokenStep(t), "");
  for (const b of plan.blocked) {
    lines.push(
      `  ${c.yellow("!")} ${kindOf(b.kind).noun} "${b.id}"${named(b.name)} cannot be deleted: ${b.reason}`,
    );
  }
  for (const n of plan.notDeletable) {
    lines.push(`  ${c.yellow("!")} ${kindOf(n.kind).noun} "${n.id}" is not in the manifests: ${n.reason}`);
  }
  if (plan.blocked.length + plan.notDeletable.length > 0) lines.push("");
  if (plan.unmanaged.length > 0) {
    lines.push(
      options.prune
        ? "Live objects not in the manifests, of kinds outside --prune-kinds (left alone):"
        : "Live objects not in the manifests (left alone; --prune deletes them):",
    );
    for (const u of plan.unmanaged) {
      const kept = u.reason ? ` (--prune keeps it: ${u.reason})` : "";
      lines.push(`  ? ${kindOf(u.kind).noun} "${u.id}"${named(u.name)}${kept}`);
    }
    lines.push("");
  }
  const s = summarize(plan);
  const refused = plan.blocked.length + plan.notDeletable.length + plan.warnings.length;
  if (plan.problems.length > 0) {
    const errors = `${plan.problems.length} error${plan.problems.length === 1 ? "" : "s"}`;
    lines.push(c.red(`Plan not applicable: ${errors} above; nothing will be changed until they are fixed.`));
  } else if (s.create + s.update + s.delete === 0 && plan.packages.length === 0 && !plan.tokens?.length) {
    const objects = `${s.unchanged} object${s.unchanged === 1 ? "" : "s"}`;
    // Deletes that cannot happen are not "no changes": the manifests and Kibana still differ.
    lines.push(
      refused > 0
        ? c.yellow(
            `Nothing to apply, but Kibana does not match the manifests: ${refused} difference${refused === 1 ? "" : "s"} marked ! or ⚠ above stay as they are (${objects} unchanged).`,
          )
        : c.green(`No changes. Kibana matches the manifests (${objects} unchanged).`),
    );
  } else {
    lines.push(
      `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged` +
        (plan.packages.length
          ? `, ${plan.packages.length} package${plan.packages.length === 1 ? "" : "s"} to install`
          : "") +
        (plan.tokens?.length
          ? `, ${plan.tokens.length} enrollment token${plan.tokens.length === 1 ? "" : "s"} to create.`
          : "."),
    );
  }
  return `${lines.join("\n")}\n`;
}

function renderOperation(op: PlannedOperation, c: Colors, verbose: boolean): string[] {
  const noun = kindOf(op.kind).noun;
  const paint = op.action === "create" ? c.green : op.action === "delete" ? c.red : c.yellow;
  const lines = [paint(`  ${SYMBOL[op.action]} ${noun} "${op.id}"${named(op.name)} ${VERB[op.action]}`)];
  if (verbose) lines.push(...renderRequest(op.request).map((l) => c.cyan(`      ${l}`)));
  if (op.action === "delete") return lines;
  for (const note of op.notes ?? []) lines.push(c.cyan(`      # ${note}`));
  // In a package upgrade, what disappears is gone from the new version, not reset to a default.
  const gone = op.notes?.length ? "(not in the new package version)" : "(server default)";
  for (const change of op.changes)
    for (const line of renderChange(change, op.action === "create", gone)) lines.push(`      ${line}`);
  return lines;
}

function renderChange(change: Change, creating: boolean, removed = "(server default)"): string[] {
  const path = fieldPath(change.path);
  const after = change.after;
  // Text that spans lines reads as a line diff (or a block on create), never squeezed onto one line.
  if (isMultiline(change.before) || isMultiline(after)) {
    if (creating)
      return [
        `${path}: <<EOT`,
        ...String(after)
          .split("\n")
          .map((l) => `    ${l}`),
        "EOT",
      ];
    const to = change.op === "remove" ? ` → ${removed}` : after === "" ? ` → ""` : "";
    return [`~ ${path}:${to}`, ...diffText(change.before, after).map((l) => `    ${l}`)];
  }
  switch (change.op) {
    case "add":
      return [`${creating ? "" : "+ "}${path}: ${inline(after)}`];
    case "remove":
      return [`- ${path}: ${inline(change.before)} → ${removed}`];
    case "replace":
      return [`~ ${path}: ${inline(change.before)} → ${inline(after)}`];
  }
}

/** The request apply will send (`plan -v`): masked values name where in the manifest object they come from. */
function renderRequest(request: PlannedRequest): string[] {
  const query = new URLSearchParams(
    Object.entries(request.query ?? {}).flatMap(([k, v]): [string, string][] =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  ).toString();
  const lines = [`# request: ${request.method} ${request.path}${query ? `?${query}` : ""}`];
  if (request.body !== undefined)
    lines.push(
      ...JSON.stringify(request.body, null, 2)
        .split("\n")
        .map((l) => `#   ${l}`),
    );
  for (const s of request.secrets) lines.push(`#   ${s.at}: the manifest's value at ${s.from}`);
  return lines;
}

const named = (name: string | undefined) => (name ? ` (${name})` : "");

/** One progress line per operation, for stderr during apply. */
export function renderProgress(result: OperationResult, color = false): string {
  const c = colors(color);
  const op = result.operation;
  const noun = kindOf(op.kind).noun;
  const verb = result.adopted
    ? "adopted"
    : { create: "created", update: "updated", delete: "deleted" }[op.action];
  switch (result.status) {
    case "done":
      return `${c.green(SYMBOL[op.action])} ${noun} "${op.id}" ${verb}${result.message ? ` (${result.message})` : ""}`;
    case "failed": {
      // Point at the manifest entry, so a refusal from Kibana leads straight to the line to fix.
      const where = op.desired ? ` (${formatLocation(op.desired.location)})` : "";
      return `${c.red("✗")} ${noun} "${op.id}"${where} not ${verb}: ${result.message}`;
    }
    case "skipped":
      return `${c.yellow("○")} ${noun} "${op.id}" skipped: ${result.message}`;
    default:
      return `○ ${noun} "${op.id}" not started (interrupted)`;
  }
}

/** What apply did and did not do. */
export function renderApplySummary(report: ApplyReport, plan: Plan): string {
  const count = (status: string) => report.results.filter((r) => r.status === status).length;
  const lines: string[] = [];
  const failures = report.results.filter((r) => r.status !== "done");
  if (failures.length > 0) {
    lines.push("", "Not applied:");
    for (const r of failures) lines.push(`  ${renderProgress(r)}`);
  }
  for (const p of report.packages.filter((p) => p.status === "failed")) {
    lines.push(`  ✗ package ${p.name} ${p.version} not installed: ${p.message}`);
  }
  for (const t of (report.tokens ?? []).filter((t) => t.status !== "done")) {
    lines.push(`  ✗ ${describeTokenStep(t.step).slice(2)} ${t.status}: ${t.message}`);
  }
  for (const b of plan.blocked)
    lines.push(`warning: ${kindOf(b.kind).noun} "${b.id}" was not deleted: ${b.reason}`);
  const diverged = divergenceWarnings(report);
  if (diverged.length > 0)
    lines.push(
      "",
      "Kibana stored some fields otherwise than the manifests say:",
      ...problemTextLines(diverged, "⚠"),
    );
  const done = report.results.filter((r) => r.status === "done" && !r.adopted);
  const adopted = report.results.filter((r) => r.adopted).length;
  const by = (a: string) => done.filter((r) => r.operation.action === a).length;
  lines.push(
    "",
    `Apply ${failures.length === 0 && !report.interrupted ? "complete" : report.interrupted ? "interrupted" : "incomplete"}: ` +
      `${by("create")} created, ${by("update")} updated, ${by("delete")} deleted` +
      (adopted ? `, ${adopted} adopted` : "") +
      (report.tokens?.length
        ? `, ${report.tokens.filter((t) => t.status === "done").length} enrollment token(s) made`
        : "") +
      (failures.length
        ? `; ${count("failed")} failed, ${count("skipped")} skipped, ${count("not-started")} not started`
        : "") +
      ".",
  );
  if (failures.length > 0 || report.interrupted)
    lines.push("Run apply again to converge once the cause is fixed.");
  return `${lines.join("\n")}\n`;
}
