import type { Plan } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import { fieldPath } from "./field-path.js";
import { summarize } from "./json.js";
import { problemMarkdownLines } from "./problems.js";
import { diffText, inline, isMultiline } from "./values.js";

/** A plan as Markdown for a pull-request comment: the summary first, details folded. */
export function renderPlanMarkdown(plan: Plan, title = "fleetform plan"): string {
  const s = summarize(plan);
  const lines = [
    `### ${title}`,
    "",
    `**${s.create}** to create, **${s.update}** to update, **${s.delete}** to delete, ${s.unchanged} unchanged` +
      (plan.packages.length ? `, ${plan.packages.length} package(s) to install` : "") +
      (plan.problems.length ? `, **${plan.problems.length} error(s)**` : ""),
    "",
  ];
  if (plan.problems.length > 0) {
    lines.push("#### Errors", "", ...problemMarkdownLines(plan.problems, escapeCell), "");
  }
  if (plan.warnings.length > 0) {
    lines.push("#### Warnings", "", ...problemMarkdownLines(plan.warnings, escapeCell, "⚠"), "");
  }
  if (plan.operations.length > 0) {
    lines.push("| | kind | id | name | fields |", "|---|---|---|---|---|");
    for (const op of plan.operations) {
      const fields = op.changes.map((c) => `\`${fieldPath(c.path)}\``).join(", ");
      lines.push(
        `| ${op.action} | ${kindOf(op.kind).noun} | \`${op.id}\` | ${escapeCell(op.name ?? "")} | ${fields} |`,
      );
    }
    lines.push("", "<details><summary>Changes</summary>", "", "```diff");
    for (const op of plan.operations) {
      lines.push(`${op.action === "delete" ? "-" : op.action === "create" ? "+" : "!"} ${op.kind}/${op.id}`);
      for (const note of op.notes ?? []) lines.push(`# ${note}`);
      for (const c of op.changes) {
        if (isMultiline(c.before) || isMultiline(c.after)) {
          // A diff block colours these lines: text that spans lines reads as a line diff.
          lines.push(`    ${fieldPath(c.path)}:`, ...diffText(c.before, c.after).map(fence));
          continue;
        }
        const shown = c.op === "remove" ? "(server default)" : inline(c.after);
        lines.push(
          `    ${fieldPath(c.path)}: ${c.before !== undefined ? `${inline(c.before)} → ` : ""}${shown}`,
        );
      }
    }
    lines.push("```", "", "</details>", "");
  }
  if (plan.blocked.length > 0) {
    lines.push("#### Deletes Kibana would refuse", "");
    for (const b of plan.blocked)
      lines.push(`- ${kindOf(b.kind).noun} \`${b.id}\`: ${escapeCell(b.reason ?? "")}`);
    lines.push("");
  }
  if (plan.unmanaged.length > 0) {
    lines.push(
      `<details><summary>${plan.unmanaged.length} live object(s) not in the manifests</summary>`,
      "",
    );
    for (const u of plan.unmanaged)
      lines.push(`- ${kindOf(u.kind).noun} \`${u.id}\`${u.name ? ` (${escapeCell(u.name)})` : ""}`);
    lines.push("", "</details>", "");
  }
  return lines.join("\n");
}

/** A line inside the diff fence: the sign first, and never a line that closes the fence. */
function fence(line: string): string {
  return `${line[0]}       ${line.slice(2)}`.replace(/```/g, "`\u200b``");
}

export function escapeCell(text: string): string {
  return text.replace(/[|<>]/g, (ch) => `\\${ch}`);
}
