import type { Plan, PlannedOperation } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import type { Target } from "../read/target.js";
import type { TokenStep } from "../tokens/enrollment-tokens.js";
import { colors } from "./colors.js";
import { diagnosticTextLines } from "./diagnostics.js";
import { fieldPath } from "./field-path.js";
import { planToJson } from "./json.js";
import { leftOutNote, problemSection } from "./markdown.js";
import { escapeCell, fitMarkdown, MARKDOWN_LIMIT, marker, type Part } from "./markdown-budget.js";
import { countOf, groupByKind, kindTitle, plural } from "./nouns.js";
import { describeTarget, describeTargetMarkdown, type PlanSpaces, spaceSuffix } from "./target.js";
import { diffText, inline, isMultiline } from "./values.js";

/** How many differences a plan shows as drift: its operations, kept fields and missing enrollment tokens. */
export function driftCount(plan: Plan): number {
  return plan.operations.length + plan.warnings.length + (plan.tokens?.length ?? 0);
}

export interface DriftOptions {
  color?: boolean;
  target?: Target;
  /** List the live objects the manifests do not mention, instead of counting them. */
  showUnmanaged?: boolean;
  /** Markdown: at most this many characters (default: under GitHub's comment limit). */
  limit?: number;
}

/** How a plan reads as drift: what Kibana has that the manifests do not say, and who changed it. */
function driftLine(op: PlannedOperation, spaces: PlanSpaces | undefined): string {
  const object = `${kindOf(op.kind).noun} "${op.id}"${spaceSuffix(op, spaces)}`;
  switch (op.action) {
    case "create":
      return `${object} is missing from Kibana`;
    case "delete":
      return `${object} exists in Kibana but not in the manifests`;
    default:
      return `${object} differs from the manifests`;
  }
}

function tokenDriftLine(step: TokenStep): string {
  return `enrollment token "${step.name}" of agent policy "${step.policyId}" has no active token in Kibana`;
}

function changedBy(op: PlannedOperation): string {
  const who = op.live?.updatedBy;
  const when = op.live?.updatedAt;
  if (!who && !when) return "";
  return ` (last changed${who ? ` by ${who}` : ""}${when ? ` at ${when}` : ""})`;
}

function fieldLines(op: PlannedOperation): string[] {
  return op.changes.flatMap((c) => {
    const field = fieldPath(c.path);
    // A field the manifest leaves out stands for the server's default: say so rather than quote it.
    if (isMultiline(c.before) || isMultiline(c.after)) {
      const source = c.stated ? "the manifest" : "the default";
      return [
        `${field}: Kibana has other text than ${source} (- Kibana, + ${source}):`,
        ...diffText(c.before, c.after).map((l) => `    ${l}`),
      ];
    }
    // A whole element of a list of objects: which one Kibana has that the manifest does not list, or the reverse.
    const list = /\/(0|[1-9]\d*)$/.test(c.path) ? fieldPath(c.path.replace(/\/\d+$/, "")) : undefined;
    if (list && c.op === "remove" && isElement(c.before))
      return [`${list}: Kibana has ${inline(c.before)}, which the manifest does not list`];
    if (list && c.op === "add" && isElement(c.after))
      return [`${list}: the manifest lists ${inline(c.after)}, which Kibana does not have`];
    const wanted = c.op === "remove" ? "(server default)" : inline(c.after);
    const says =
      c.stated || c.op === "remove"
        ? `manifest says ${wanted}`
        : `manifest leaves it to the default ${wanted}`;
    return [`${field}: Kibana has ${c.before === undefined ? "(not set)" : inline(c.before)}, ${says}`];
  });
}

const isElement = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);

function unmanagedCount(plan: Plan): string {
  return groupByKind(plan.unmanaged)
    .map(({ kind, items }) => countOf(kind, items.length))
    .join(", ");
}

export function renderDriftText(plan: Plan, options: DriftOptions = {}): string {
  const c = colors(options.color ?? false);
  const lines: string[] = [];
  if (options.target) lines.push(`Target: ${describeTarget(options.target, plan)}`, "");
  if (driftCount(plan) === 0) lines.push("No drift: Kibana matches the manifests.");
  lines.push(...diagnosticTextLines(plan.warnings, "⚠"));
  for (const { kind, items } of groupByKind(plan.operations)) {
    if (lines.length > 0) lines.push("");
    lines.push(`${kindTitle(kind)}: ${plural(items.length, "object")} drifted`);
    for (const op of items) {
      const symbol = { create: c.green("+"), update: c.yellow("~"), delete: c.red("-") }[op.action];
      lines.push(`  ${symbol} ${driftLine(op, plan)}${changedBy(op)}`);
      for (const f of fieldLines(op)) lines.push(`      ${f}`);
    }
  }
  for (const t of plan.tokens ?? []) lines.push(`${c.green("+")} ${tokenDriftLine(t)}`);
  for (const b of plan.blocked)
    lines.push(`! ${kindOf(b.kind).noun} "${b.id}" cannot be deleted: ${b.reason}`);
  if (plan.unmanaged.length > 0) {
    if (options.showUnmanaged) {
      lines.push("", "Unmanaged (in Kibana, not in the manifests):");
      for (const u of plan.unmanaged)
        lines.push(`  ? ${kindOf(u.kind).noun} "${u.id}"${u.name ? ` (${u.name})` : ""}`);
    } else {
      lines.push(
        "",
        `Unmanaged (in Kibana, not in the manifests): ${unmanagedCount(plan)} (--show-unmanaged lists them).`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Why drift could not be checked, worded and placed as `plan` words and places it. */
export function renderDriftProblemsText(plan: Plan): string {
  return `${["Drift cannot be checked:", "", ...diagnosticTextLines(plan.problems)].join("\n")}\n`;
}

export function driftToJson(plan: Plan, target?: Target): Record<string, unknown> {
  const base = planToJson(plan, target);
  return {
    in_sync: driftCount(plan) === 0 && plan.problems.length === 0,
    ...base,
    operations: (base.operations as Record<string, unknown>[]).map((op, i) => {
      const live = plan.operations[i]!.live;
      return {
        ...op,
        ...(live?.updatedBy ? { updated_by: live.updatedBy } : {}),
        ...(live?.updatedAt ? { updated_at: live.updatedAt } : {}),
      };
    }),
  };
}

/** Ready to post as an issue or pull-request comment: the summary first, one fold per kind, cut to fit. */
export function renderDriftMarkdown(plan: Plan, options: DriftOptions = {}): string {
  const head = [marker("drift"), "### fleetform drift report", ""];
  if (options.target) head.push(describeTargetMarkdown(options.target, plan), "");
  if (plan.problems.length > 0) {
    head.push(`❌ Drift cannot be checked: **${plural(plan.problems.length, "error")}**.`, "");
  } else if (driftCount(plan) === 0) {
    head.push("✅ Kibana matches the manifests.", "");
  } else if (plan.operations.length > 0) {
    head.push(`⚠️ **${plural(plan.operations.length, "object")}** drifted from the manifests.`, "");
  }
  const parts: Part[] = [head];
  if (plan.problems.length > 0) parts.push(problemSection("#### ❌ Errors", plan.problems, "error"));
  if (plan.warnings.length > 0) parts.push(problemSection("#### ⚠️ Warnings", plan.warnings, "warning", "⚠"));
  for (const { kind, items } of groupByKind(plan.operations)) {
    parts.push({
      open: [
        `<details><summary><b>${kindTitle(kind)}</b>: ${plural(items.length, "object")} drifted</summary>`,
        "",
      ],
      items: items.map((op) => [
        `**${escapeCell(driftLine(op, plan))}**${escapeCell(changedBy(op))}`,
        "",
        ...fieldLines(op).map((f) => `- ${escapeCell(f)}`),
        "",
      ]),
      close: [],
      leftOut: (n) => [`_${countOf(kind, n)} of ${items.length} left out here, to fit a GitHub comment._`],
      end: ["", "</details>", ""],
    });
  }
  for (const b of plan.blocked)
    parts.push([`- ${kindOf(b.kind).noun} \`${b.id}\` cannot be deleted: ${escapeCell(b.reason ?? "")}`]);
  if (plan.tokens?.length) parts.push([...plan.tokens.map((t) => `- ${escapeCell(tokenDriftLine(t))}`), ""]);
  if (plan.unmanaged.length > 0) {
    const line = `${plural(plan.unmanaged.length, "unmanaged object")} (in Kibana, not in the manifests): ${unmanagedCount(plan)}.`;
    if (!options.showUnmanaged) parts.push(["", `${line} \`--show-unmanaged\` lists them.`]);
    else
      parts.push({
        open: ["", `<details><summary>${line}</summary>`, ""],
        items: plan.unmanaged.map((u) => [
          `- ${kindOf(u.kind).noun} \`${u.id}\`${u.name ? ` (${escapeCell(u.name)})` : ""}`,
        ]),
        close: [],
        leftOut: (n) => [`- _…and ${n} more_`],
        end: ["", "</details>"],
      });
  }
  return fitMarkdown(parts, options.limit ?? MARKDOWN_LIMIT, leftOutNote("drift"));
}
