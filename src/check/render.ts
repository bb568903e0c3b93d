/** The check's table (text) and its `--json` document (valid against plan-output.schema.json). */

import { diagnosticTextLines, diagnosticToJson } from "../render/diagnostics.js";
import { changeToJson } from "../render/json.js";
import { NOT_CHECKED } from "./objects.js";
import type { CheckReport, Phase, Step, SubjectResult } from "./run.js";

export type CheckOutcome = "matched" | "differences" | "error" | "interrupted";

/** 0 all matched, 2 differences, 1 error (the cleanup leaving objects behind included), 130 interrupted. */
export function outcomeOf(report: CheckReport): { outcome: CheckOutcome; exitCode: number } {
  if (report.interrupted) return { outcome: "interrupted", exitCode: 130 };
  if (report.errors.length > 0 || report.leftovers.length > 0) return { outcome: "error", exitCode: 1 };
  const differs = report.subjects.some((row) =>
    Object.values(row.steps).some((s) => s.status === "differs" || s.status === "failed"),
  );
  return differs ? { outcome: "differences", exitCode: 2 } : { outcome: "matched", exitCode: 0 };
}

const COLUMNS: { phase: Phase; title: string }[] = [
  { phase: "create", title: "create" },
  { phase: "replan", title: "re-plan" },
  { phase: "update", title: "update" },
  { phase: "delete", title: "delete" },
];

const MARK: Record<Step["status"], string> = {
  ok: "✓",
  differs: "✗",
  failed: "✗",
  skipped: "–",
  "not-applicable": "n/a",
};

const label = (row: SubjectResult) => (row.variant ? `${row.kind} (${row.variant})` : row.kind);

export function renderCheckText(report: CheckReport, kibana: string): string {
  const width =
    Math.max(...report.subjects.map((r) => label(r).length), ...NOT_CHECKED.map((n) => n.kind.length)) + 2;
  const lines = [`Kibana ${kibana}, scratch space ${report.space}`, ""];
  lines.push(`  ${"object".padEnd(width)}${COLUMNS.map((c) => c.title.padEnd(9)).join("")}`);
  for (const row of report.subjects) {
    lines.push(
      `  ${label(row).padEnd(width)}${COLUMNS.map((c) => MARK[row.steps[c.phase].status].padEnd(9)).join("")}`,
    );
  }
  for (const n of NOT_CHECKED) lines.push(`  ${n.kind.padEnd(width)}not checked: ${n.reason}`);
  const notes = report.subjects.flatMap((row) =>
    COLUMNS.flatMap(({ phase, title }) => {
      const step = row.steps[phase];
      if (
        step.status === "ok" ||
        step.status === "not-applicable" ||
        (step.status === "skipped" && !step.message)
      )
        return [];
      const what = step.fields?.length
        ? `Kibana holds ${step.fields.join(", ")} otherwise than the manifest says`
        : (step.message ?? step.status);
      return [`  ${MARK[step.status]} ${label(row)} "${row.id}", ${title}: ${what}`];
    }),
  );
  if (notes.length > 0) lines.push("", "What Kibana did differently:", ...notes);
  const notApplicable = report.subjects.flatMap((row) =>
    COLUMNS.flatMap(({ phase, title }) =>
      row.steps[phase].status === "not-applicable"
        ? [`  n/a ${label(row)}, ${title}: ${row.steps[phase].message}`]
        : [],
    ),
  );
  if (notApplicable.length > 0) lines.push("", ...notApplicable);
  if (report.errors.length > 0) lines.push("", "Errors:", ...diagnosticTextLines(report.errors));
  if (report.leftovers.length > 0) {
    lines.push("", "Left behind (delete them by hand):", ...report.leftovers.map((l) => `  - ${l}`));
  }
  const { outcome } = outcomeOf(report);
  lines.push(
    "",
    {
      matched: "All matched: Kibana kept every object as fleetform planned it.",
      differences: "Differences found: fleetform's model and this Kibana disagree where marked ✗ above.",
      error: "The check did not complete.",
      interrupted: "Interrupted: what the check had created was deleted.",
    }[outcome],
  );
  return `${lines.join("\n")}\n`;
}

export function checkToJson(report: CheckReport, kibana: string): Record<string, unknown> {
  const done = (phase: string) =>
    report.operations.filter((o) => o.phase === phase && o.result.status === "done").length;
  return {
    summary: { create: done("create"), update: done("update"), delete: done("delete"), unchanged: 0 },
    operations: report.operations.map(({ phase, result }) => ({
      phase,
      action: result.operation.action,
      kind: result.operation.kind,
      id: result.operation.id,
      ...(result.operation.name !== undefined ? { name: result.operation.name } : {}),
      changes: result.operation.changes.map(changeToJson),
      status: result.status,
      ...(result.message ? { message: result.message } : {}),
      ...(result.divergences ? { divergences: result.divergences } : {}),
    })),
    kibana,
    space: report.space,
    result: outcomeOf(report).outcome,
    checks: report.subjects.map((row) => ({
      kind: row.kind,
      ...(row.variant ? { variant: row.variant } : {}),
      id: row.id,
      ...row.steps,
    })),
    not_checked: NOT_CHECKED,
    errors: report.errors.map(diagnosticToJson),
    leftovers: report.leftovers,
  };
}
