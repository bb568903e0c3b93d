import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Plan, PlannedOperation } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import type { Target } from "../read/target.js";
import { describeTokenStep } from "../tokens/enrollment-tokens.js";
import { operationBody } from "./changes.js";
import { diagnosticMarkdownLines } from "./diagnostics.js";
import { summarize } from "./json.js";
import {
  escapeCell,
  fitMarkdown,
  inFence,
  MARKDOWN_LIMIT,
  marker,
  type Part,
  type Section,
} from "./markdown-budget.js";
import { countOf, groupByKind, kindTitle, plural } from "./nouns.js";
import { describeTargetMarkdown, type PlanSpaces } from "./target.js";
import { actionCounts, operationHeading } from "./text.js";

export { escapeCell } from "./markdown-budget.js";

export interface PlanMarkdownOptions {
  target?: Target;
  /** List the live objects the manifests do not mention, instead of counting them. */
  showUnmanaged?: boolean;
  /** At most this many characters (default: under GitHub's comment limit). */
  limit?: number;
  /** The command whose marker starts the document (`plan`, or `apply` when apply stops at its plan). */
  command?: string;
}

/**
 * A plan as a pull-request comment: a hidden marker the CI finds its comment by, the target and the
 * summary first, then one fold per kind, cut per object to stay under GitHub's comment limit.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const command = options.command ?? "plan";
  const s = summarize(plan);
  const head = [
    marker(command),
    `### fleetform ${command}`,
    "",
    ...(options.target ? [describeTargetMarkdown(options.target, plan), ""] : []),
    `**${s.create}** to create, **${s.update}** to update, **${s.delete}** to delete, ${s.unchanged} unchanged` +
      (plan.packages.length
        ? `, ${plural(plan.packages.length, "package")} to install (${plan.packages.map((p) => `\`${p.name} ${p.version}\``).join(", ")})`
        : "") +
      (plan.problems.length
        ? `; **${plural(plan.problems.length, "error")}**: nothing can be applied until they are fixed`
        : ""),
    "",
  ];
  const parts: Part[] = [head];
  if (plan.problems.length > 0) parts.push(problemSection("#### ❌ Errors", plan.problems, "error"));
  if (plan.warnings.length > 0) parts.push(problemSection("#### ⚠️ Warnings", plan.warnings, "warning", "⚠"));
  for (const { kind, items } of groupByKind(plan.operations)) {
    parts.push({
      open: [`<details><summary><b>${kindTitle(kind)}</b>: ${actionCounts(items)}</summary>`, "", "```diff"],
      items: items.map((op) => fencedOperation(op, plan)),
      close: ["```"],
      leftOut: (n) => [
        "",
        `_${countOf(kind, n)} of ${items.length} left out here, to fit a GitHub comment._`,
      ],
      end: ["", "</details>", ""],
    });
  }
  if (plan.tokens?.length)
    parts.push([
      "#### Enrollment tokens",
      "",
      ...plan.tokens.map((t) => `- ${escapeCell(describeTokenStep(t))}`),
      "",
    ]);
  if (plan.blocked.length + plan.notDeletable.length > 0) {
    const refused = [
      ...plan.blocked.map(
        (b) => `- ${kindOf(b.kind).noun} \`${b.id}\` cannot be deleted: ${escapeCell(b.reason ?? "")}`,
      ),
      ...plan.notDeletable.map(
        (n) => `- ${kindOf(n.kind).noun} \`${n.id}\` is not in the manifests: ${escapeCell(n.reason ?? "")}`,
      ),
    ];
    parts.push(listSection("#### Deletes Kibana would refuse", refused, "refused delete"));
  }
  if (plan.unmanaged.length > 0) parts.push(...unmanagedParts(plan, options.showUnmanaged ?? false));
  return fitMarkdown(parts, options.limit ?? MARKDOWN_LIMIT, leftOutNote(command));
}

/** The closing note when details were left out: where the whole plan is. */
export function leftOutNote(command: string) {
  return (n: number) => [
    "",
    `> **${plural(n, "entry", "entries")} left out** to keep this comment under GitHub's 65,536 characters. ` +
      (command === "drift"
        ? "`fleetform drift` prints the whole report, and `fleetform drift --json` every field."
        : "`fleetform plan` prints the whole plan; `fleetform plan --out fleetform.plan` saves every operation " +
          "(JSON, secrets masked): keep that file as the job's artifact."),
  ];
}

function unmanagedParts(plan: Plan, show: boolean): Part[] {
  const counts = groupByKind(plan.unmanaged).map(({ kind, items }) => countOf(kind, items.length));
  const line = `${plural(plan.unmanaged.length, "live object")} not in the manifests, left alone: ${counts.join(", ")}.`;
  if (!show) return [[`${line} \`--show-unmanaged\` lists them.`, ""]];
  return [
    {
      open: [`<details><summary>${line}</summary>`, ""],
      items: plan.unmanaged.map((u) => [
        `- ${kindOf(u.kind).noun} \`${u.id}\`${u.name ? ` (${escapeCell(u.name)})` : ""}${u.reason ? `: --prune keeps it, ${escapeCell(u.reason)}` : ""}`,
      ]),
      close: [],
      leftOut: (n) => [`- _…and ${n} more_`],
      end: ["", "</details>", ""],
    },
  ];
}

export function problemSection(title: string, problems: Diagnostic[], what: string, mark?: string): Section {
  return {
    open: [title, ""],
    items: problems.map((p) => diagnosticMarkdownLines(p, escapeCell, mark)),
    close: [],
    leftOut: (n) => [
      `- _…and ${plural(n, `more ${what}`, `more ${what}s`)}, left out to fit a GitHub comment_`,
    ],
    end: [""],
  };
}

function listSection(title: string, items: string[], what: string): Section {
  return {
    open: [title, ""],
    items: items.map((i) => [i]),
    close: [],
    leftOut: (n) => [`- _…and ${plural(n, `more ${what}`, `more ${what}s`)}_`],
    end: [""],
  };
}

/**
 * Diff highlighting per line: `+` added, `-` removed, `!` changed. A line's own sign moves to the
 * first column (where GitHub reads it) and leaves a space behind, so the text keeps its indentation.
 */
function fencedOperation(op: PlannedOperation, spaces: PlanSpaces | undefined): string[] {
  const sign = { create: "+", update: "!", delete: "-" }[op.action];
  return [
    `${sign} ${operationHeading(op, spaces).slice(2)}`,
    ...operationBody(op).map((line) => {
      const own = /^(\s*)([-+~]) /.exec(line);
      if (op.action !== "update") return inFence(`${sign}       ${line}`);
      if (!own) return inFence(`        ${line}`);
      const lineSign = own[2] === "~" ? "!" : own[2]!;
      return inFence(`${lineSign}       ${own[1]}  ${line.slice(own[0].length)}`);
    }),
    "",
  ];
}

/** A command that stopped before it had a plan (manifest errors, no Kibana, a bad option), as Markdown. */
export function renderErrorsMarkdown(
  command: string,
  problems: Diagnostic[],
  limit = MARKDOWN_LIMIT,
): string {
  const items = problems.map((p) => diagnosticMarkdownLines(p, escapeCell));
  const parts: Part[] = [
    [
      marker(command),
      `### fleetform ${command}`,
      "",
      `❌ **fleetform ${command} stopped: ${plural(problems.length, "error")}.** Nothing was changed in Kibana.`,
      "",
    ],
    {
      open: [],
      items,
      close: [],
      leftOut: (n) => [`- _…and ${plural(n, "more error")}: run \`fleetform ${command}\` to see them all_`],
      end: [""],
    },
  ];
  return fitMarkdown(parts, limit, () => []);
}
