import type { ObjectRef, Plan, PlannedOperation, PlannedRequest } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import type { Target } from "../read/target.js";
import { describeTokenStep } from "../tokens/enrollment-tokens.js";
import { operationBody } from "./changes.js";
import { type Colors, colors } from "./colors.js";
import { diagnosticTextLines } from "./diagnostics.js";
import { summarize } from "./json.js";
import { countOf, groupByKind, kindTitle, plural } from "./nouns.js";
import { describeTarget, type PlanSpaces, spaceSuffix } from "./target.js";

export { changeLines } from "./changes.js";

const SYMBOL = { create: "+", update: "~", delete: "-" } as const;
const VERB = {
  create: "will be created",
  update: "will be updated in place",
  delete: "will be deleted",
} as const;

export interface PlanTextOptions {
  color?: boolean;
  prune?: boolean;
  /** Show the request each operation sends. */
  verbose?: boolean;
  /** List the live objects the manifests do not mention, instead of counting them. */
  showUnmanaged?: boolean;
  /** The Kibana the plan was made against, named first. */
  target?: Target;
}

/** Terraform-like plan: the target, then operations grouped by kind, one line per changed field, then a summary. */
export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const c = colors(options.color ?? false);
  const lines: string[] = [];
  if (options.target) lines.push(`Target: ${describeTarget(options.target, plan)}`, "");
  if (plan.problems.length > 0) {
    lines.push(
      c.red("The plan cannot be applied:"),
      "",
      ...diagnosticTextLines(plan.problems, c.red("✗")),
      "",
    );
  }
  if (plan.warnings.length > 0) {
    lines.push(c.yellow("Warnings:"), "", ...diagnosticTextLines(plan.warnings, c.yellow("⚠")), "");
  }
  if (plan.packages.length > 0) {
    lines.push(`Packages to install: ${plan.packages.map((p) => `${p.name} ${p.version}`).join(", ")}`, "");
  }
  for (const { kind, items } of groupByKind(plan.operations)) {
    lines.push(`${kindTitle(kind)}: ${actionCounts(items)}`);
    for (const op of items) lines.push(...renderOperation(op, c, options.verbose ?? false, plan), "");
  }
  if (plan.tokens?.length) {
    lines.push("Enrollment tokens:", ...plan.tokens.map((t) => `  ${describeTokenStep(t)}`), "");
  }
  for (const b of plan.blocked) {
    lines.push(
      `  ${c.yellow("!")} ${kindOf(b.kind).noun} "${b.id}"${named(b.name)} cannot be deleted: ${b.reason}`,
    );
  }
  for (const n of plan.notDeletable) {
    lines.push(`  ${c.yellow("!")} ${kindOf(n.kind).noun} "${n.id}" is not in the manifests: ${n.reason}`);
  }
  if (plan.blocked.length + plan.notDeletable.length > 0) lines.push("");
  if (plan.unmanaged.length > 0) lines.push(...unmanagedLines(plan.unmanaged, options), "");
  lines.push(closingLine(plan, c));
  return `${lines.join("\n")}\n`;
}

/** `1 to create, 2 to update`: what a group of operations does. */
export function actionCounts(ops: readonly PlannedOperation[]): string {
  return (["create", "update", "delete"] as const)
    .map((action) => [action, ops.filter((op) => op.action === action).length] as const)
    .filter(([, n]) => n > 0)
    .map(([action, n]) => `${n} to ${action}`)
    .join(", ");
}

/**
 * Live objects the manifests leave alone, as a count by kind: every Fleet has defaults (an output, a
 * Fleet Server host) that would otherwise fill every plan. `--show-unmanaged` lists them.
 */
function unmanagedLines(unmanaged: ObjectRef[], options: PlanTextOptions): string[] {
  if (!options.showUnmanaged) {
    const counts = groupByKind(unmanaged).map(({ kind, items }) => countOf(kind, items.length));
    return options.prune
      ? [
          `Live objects not in the manifests, of kinds outside --prune-kinds (left alone): ${counts.join(", ")}; --show-unmanaged lists them.`,
        ]
      : [
          `Live objects not in the manifests (left alone): ${counts.join(", ")}; --show-unmanaged lists them, --prune deletes them.`,
        ];
  }
  return [
    options.prune
      ? "Live objects not in the manifests, of kinds outside --prune-kinds (left alone):"
      : "Live objects not in the manifests (left alone; --prune deletes them):",
    ...unmanaged.map((u) => {
      const kept = u.reason ? ` (--prune keeps it: ${u.reason})` : "";
      return `  ? ${kindOf(u.kind).noun} "${u.id}"${named(u.name)}${kept}`;
    }),
  ];
}

function closingLine(plan: Plan, c: Colors): string {
  const s = summarize(plan);
  const refused = plan.blocked.length + plan.notDeletable.length + plan.warnings.length;
  if (plan.problems.length > 0) {
    const errors = plural(plan.problems.length, "error");
    return c.red(`Plan not applicable: ${errors} above; nothing will be changed until they are fixed.`);
  }
  if (s.create + s.update + s.delete === 0 && plan.packages.length === 0 && !plan.tokens?.length) {
    const objects = plural(s.unchanged, "object");
    // Deletes that cannot happen are not "no changes": the manifests and Kibana still differ.
    return refused > 0
      ? c.yellow(
          `Nothing to apply, but Kibana does not match the manifests: ${plural(refused, "difference")} marked ! or ⚠ above stay as they are (${objects} unchanged).`,
        )
      : c.green(`No changes. Kibana matches the manifests (${objects} unchanged).`);
  }
  return (
    `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged` +
    (plan.packages.length ? `, ${plural(plan.packages.length, "package")} to install` : "") +
    (plan.tokens?.length ? `, ${plural(plan.tokens.length, "enrollment token")} to create.` : ".")
  );
}

/**
 * An operation's heading line, without colour: `+ output "es" (Production) will be created`, with
 * ` in space "ops"` after the id when the plan covers several `spaces`.
 */
export function operationHeading(op: PlannedOperation, spaces?: PlanSpaces): string {
  return `${SYMBOL[op.action]} ${kindOf(op.kind).noun} "${op.id}"${spaceSuffix(op, spaces)}${named(op.name)} ${VERB[op.action]}`;
}

function renderOperation(
  op: PlannedOperation,
  c: Colors,
  verbose: boolean,
  spaces: PlanSpaces | undefined,
): string[] {
  const paint = op.action === "create" ? c.green : op.action === "delete" ? c.red : c.yellow;
  const lines = [paint(`  ${operationHeading(op, spaces)}`)];
  if (verbose) lines.push(...renderRequest(op.request).map((l) => c.cyan(`      ${l}`)));
  for (const line of operationBody(op))
    lines.push(line.startsWith("# ") ? c.cyan(`      ${line}`) : `      ${line}`);
  return lines;
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

export const named = (name: string | undefined) => (name ? ` (${name})` : "");
