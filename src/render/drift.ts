import type { Plan, PlannedOperation } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import type { TokenStep } from "../tokens/enrollment-tokens.js";
import { colors } from "./colors.js";
import { fieldPath } from "./field-path.js";
import { planToJson } from "./json.js";
import { escapeCell } from "./markdown.js";
import { problemMarkdownLines, problemTextLines } from "./problems.js";
import { diffText, inline, isMultiline } from "./values.js";

/** How many differences a plan shows as drift: its operations, kept fields and missing enrollment tokens. */
export function driftCount(plan: Plan): number {
  return plan.operations.length + plan.warnings.length + (plan.tokens?.length ?? 0);
}

/** How a plan reads as drift: what Kibana has that the manifests do not say, and who changed it. */
function driftLine(op: PlannedOperation): string {
  const noun = kindOf(op.kind).noun;
  switch (op.action) {
    case "create":
      return `${noun} "${op.id}" is missing from Kibana`;
    case "delete":
      return `${noun} "${op.id}" exists in Kibana but not in the manifests`;
    default:
      return `${noun} "${op.id}" differs from the manifests`;
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
    const wanted = c.op === "remove" ? "(server default)" : inline(c.after);
    const says =
      c.stated || c.op === "remove"
        ? `manifest says ${wanted}`
        : `manifest leaves it to the default ${wanted}`;
    return [`${field}: Kibana has ${c.before === undefined ? "(not set)" : inline(c.before)}, ${says}`];
  });
}

export function renderDriftText(plan: Plan, options: { color?: boolean } = {}): string {
  const c = colors(options.color ?? false);
  const lines: string[] = [];
  if (driftCount(plan) === 0) lines.push("No drift: Kibana matches the manifests.");
  lines.push(...problemTextLines(plan.warnings, "⚠"));
  for (const op of plan.operations) {
    const symbol = { create: c.green("+"), update: c.yellow("~"), delete: c.red("-") }[op.action];
    lines.push(`${symbol} ${driftLine(op)}${changedBy(op)}`);
    for (const f of fieldLines(op)) lines.push(`    ${f}`);
  }
  for (const t of plan.tokens ?? []) lines.push(`${c.green("+")} ${tokenDriftLine(t)}`);
  for (const b of plan.blocked)
    lines.push(`! ${kindOf(b.kind).noun} "${b.id}" cannot be deleted: ${b.reason}`);
  if (plan.unmanaged.length > 0) {
    lines.push("", "Unmanaged (in Kibana, not in the manifests):");
    for (const u of plan.unmanaged)
      lines.push(`  ? ${kindOf(u.kind).noun} "${u.id}"${u.name ? ` (${u.name})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Why drift could not be checked, worded and placed as `plan` words and places it. */
export function renderDriftProblemsText(plan: Plan): string {
  return `${["Drift cannot be checked:", "", ...problemTextLines(plan.problems)].join("\n")}\n`;
}

export function driftToJson(plan: Plan): Record<string, unknown> {
  const base = planToJson(plan);
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

/** Ready to post as an issue or pull-request comment: the summary first, details folded. */
export function renderDriftMarkdown(plan: Plan): string {
  const lines = ["### fleetform drift report", ""];
  if (plan.warnings.length > 0) lines.push(...problemMarkdownLines(plan.warnings, escapeCell, "⚠"), "");
  if (plan.problems.length > 0) {
    const n = plan.problems.length;
    lines.push(`❌ Drift cannot be checked: **${n}** error${n === 1 ? "" : "s"}.`, "");
    lines.push(...problemMarkdownLines(plan.problems, escapeCell));
  } else if (driftCount(plan) === 0) {
    lines.push("✅ Kibana matches the manifests.");
  } else if (plan.operations.length > 0) {
    lines.push(`⚠️ **${plan.operations.length}** object(s) drifted from the manifests.`, "");
    lines.push("| kind | id | drift | last changed by | at |", "|---|---|---|---|---|");
    for (const op of plan.operations) {
      lines.push(
        `| ${kindOf(op.kind).noun} | \`${op.id}\` | ${op.action === "update" ? `${op.changes.length} field(s)` : driftLine(op)} | ${op.live?.updatedBy ?? ""} | ${op.live?.updatedAt ?? ""} |`,
      );
    }
    lines.push("", "<details><summary>Field by field</summary>", "");
    for (const op of plan.operations) {
      lines.push(`**${kindOf(op.kind).noun} \`${op.id}\`**${changedBy(op)}`, "");
      for (const f of fieldLines(op)) lines.push(`- ${f.replace(/\|/g, "\\|")}`);
      lines.push("");
    }
    lines.push("</details>");
  }
  for (const t of plan.tokens ?? []) lines.push(`- ${tokenDriftLine(t)}`);
  if (plan.unmanaged.length > 0) {
    lines.push("", `<details><summary>${plan.unmanaged.length} unmanaged object(s)</summary>`, "");
    for (const u of plan.unmanaged)
      lines.push(`- ${kindOf(u.kind).noun} \`${u.id}\`${u.name ? ` (${u.name})` : ""}`);
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}
