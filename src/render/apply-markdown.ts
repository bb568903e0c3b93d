import type { ApplyReport, OperationResult } from "../apply/apply-plan.js";
import { formatLocation } from "../diagnostics/diagnostic.js";
import type { Plan } from "../diff/types.js";
import { kindOf } from "../kinds/index.js";
import type { Target } from "../read/target.js";
import { describeTokenStep } from "../tokens/enrollment-tokens.js";
import { escapeCell, fitMarkdown, MARKDOWN_LIMIT, marker, type Part } from "./markdown-budget.js";
import { countOf, groupByKind, kindTitle, plural } from "./nouns.js";
import { formatDuration } from "./progress.js";
import { describeTargetMarkdown, type PlanSpaces, spaceSuffix } from "./target.js";

const DONE = { create: "created", update: "updated", delete: "deleted" } as const;

/** The apply report as a comment: outcome and target first, what failed once, what was done folded per kind. */
export function renderApplyMarkdown(
  plan: Plan,
  report: ApplyReport,
  options: { target?: Target; wallMs?: number; limit?: number } = {},
): string {
  const count = (status: string) => report.results.filter((r) => r.status === status).length;
  const done = report.results.filter((r) => r.status === "done");
  const notDone = report.results.filter((r) => r.status === "failed" || r.status === "skipped");
  const packagesFailed = report.packages.filter((p) => p.status === "failed");
  const tokensFailed = (report.tokens ?? []).filter((t) => t.status !== "done");
  const complete =
    notDone.length + count("not-started") + packagesFailed.length + tokensFailed.length === 0 &&
    !report.interrupted;
  const by = (a: string) => done.filter((r) => r.operation.action === a && !r.adopted).length;
  const adopted = done.filter((r) => r.adopted).length;
  const state = complete
    ? "✅ **Apply complete**"
    : report.interrupted
      ? "❌ **Apply interrupted**"
      : "❌ **Apply incomplete**";
  const head = [marker("apply"), "### fleetform apply", ""];
  if (options.target) head.push(describeTargetMarkdown(options.target, plan), "");
  head.push(
    `${state}: ${by("create")} created, ${by("update")} updated, ${by("delete")} deleted` +
      (adopted ? `, ${adopted} adopted` : "") +
      (report.tokens?.length
        ? `, ${report.tokens.length - tokensFailed.length} enrollment token(s) made`
        : "") +
      (complete
        ? ""
        : `; ${count("failed")} failed, ${count("skipped")} skipped, ${count("not-started")} not started`) +
      "." +
      (options.wallMs !== undefined ? ` Took ${formatDuration(options.wallMs)}.` : "") +
      (complete ? "" : " Run apply again to converge once the cause is fixed."),
    "",
  );
  const parts: Part[] = [head];
  if (packagesFailed.length > 0)
    parts.push([
      ...packagesFailed.map(
        (p) => `- ✗ package \`${p.name} ${p.version}\` not installed: ${escapeCell(p.message ?? "")}`,
      ),
      "",
    ]);
  if (tokensFailed.length > 0)
    parts.push([
      ...tokensFailed.map(
        (t) =>
          `- ✗ ${escapeCell(describeTokenStep(t.step).slice(2))} ${t.status}: ${escapeCell(t.message ?? "")}`,
      ),
      "",
    ]);
  if (notDone.length > 0) {
    parts.push({
      open: ["#### Not applied", ""],
      items: notDone.map((r) => [notDoneLine(r, plan)]),
      close: [],
      leftOut: (n) => [
        `- _…and ${n} more, left out to fit a GitHub comment: \`fleetform apply --json\` lists them all_`,
      ],
      end: [""],
    });
  }
  if (plan.blocked.length > 0)
    parts.push([
      ...plan.blocked.map(
        (b) => `- ⚠ ${kindOf(b.kind).noun} \`${b.id}\` was not deleted: ${escapeCell(b.reason ?? "")}`,
      ),
      "",
    ]);
  for (const { kind, items } of groupByKind(done.map((r) => ({ kind: r.operation.kind, result: r })))) {
    const verbs = (["create", "update", "delete"] as const)
      .map((a) => [a, items.filter((i) => i.result.operation.action === a).length] as const)
      .filter(([, n]) => n > 0)
      .map(([a, n]) => `${n} ${DONE[a]}`);
    parts.push({
      open: [`<details><summary><b>${kindTitle(kind)}</b>: ${verbs.join(", ")}</summary>`, ""],
      items: items.map(({ result }) => [doneLine(result, plan)]),
      close: [],
      leftOut: (n) => [`- _…and ${countOf(kind, n)} more_`],
      end: ["", "</details>", ""],
    });
  }
  return fitMarkdown(parts, options.limit ?? MARKDOWN_LIMIT, (n) => [
    "",
    `> **${plural(n, "entry", "entries")} left out** to keep this comment under GitHub's 65,536 characters; \`fleetform apply --json\` reports every operation.`,
  ]);
}

function doneLine(r: OperationResult, spaces: PlanSpaces | undefined): string {
  const op = r.operation;
  const verb = r.adopted ? "adopted" : DONE[op.action];
  return `- ${verb} ${kindOf(op.kind).noun} \`${op.id}\`${escapeCell(spaceSuffix(op, spaces))}${op.name ? ` (${escapeCell(op.name)})` : ""}${r.message ? `: ${escapeCell(r.message)}` : ""}`;
}

function notDoneLine(r: OperationResult, spaces: PlanSpaces | undefined): string {
  const op = r.operation;
  const object = `${kindOf(op.kind).noun} \`${op.id}\`${escapeCell(spaceSuffix(op, spaces))}`;
  if (r.status === "skipped") return `- ○ ${object} skipped: ${escapeCell(r.message ?? "")}`;
  const where = op.desired ? ` (\`${formatLocation(op.desired.location)}\`)` : "";
  return `- ✗ ${object}${where} not ${DONE[op.action]}: ${escapeCell(r.message ?? "")}`;
}
