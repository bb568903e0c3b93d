import { type Diagnostic, formatLocation } from "../diagnostics/diagnostic.js";

/**
 * The one formatter of diagnostics, for every command and output format: a diagnostic reads the same
 * wherever it comes from (load, validate, the plan's checks, apply, a failed command).
 */

/** Where it is: file:line:column, else the object it is about. */
function whereOf(d: Diagnostic): string | undefined {
  if (d.location) return formatLocation(d.location);
  return d.subject ? `${d.subject.kind}/${d.subject.id}` : undefined;
}

function indented(text: string, by: string): string[] {
  return text.split("\n").map((line) => `${by}${line}`);
}

/** `file:line:column: error: message`, then the hint indented below it: one diagnostic on stderr. */
/** The line that ends a manifest's errors, in every command and in the public API. */
export function manifestErrorsHeadline(count: number): string {
  return `${count} error${count === 1 ? "" : "s"} in the manifests; nothing was changed in Kibana`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = whereOf(d);
  const head = `${where ? `${where}: ` : ""}${d.severity}: ${d.message}`;
  return [head, ...(d.hint ? indented(d.hint, "  ") : [])].join("\n");
}

const MARK = { error: "✗", warning: "⚠" } as const;

/** `  ✗ file:line:column: message`, the hint indented below: the items of a section of a report. */
export function diagnosticTextLines(diagnostics: Diagnostic[], mark?: string): string[] {
  return diagnostics.flatMap((d) => {
    const where = whereOf(d);
    return [
      `  ${mark ?? MARK[d.severity]} ${where ? `${where}: ` : ""}${d.message}`,
      ...(d.hint ? indented(d.hint, "      ") : []),
    ];
  });
}

/** One list item, the hint a nested item (Markdown: `escapeText` escapes the free text). */
export function diagnosticMarkdownLines(
  d: Diagnostic,
  escapeText: (text: string) => string,
  mark?: string,
): string[] {
  const where = whereOf(d);
  return [
    `- ${mark ? `${mark} ` : ""}${where ? `\`${where}\`: ` : ""}${escapeText(d.message)}`,
    ...(d.hint ? [`  - ${escapeText(d.hint)}`] : []),
  ];
}

/**
 * A diagnostic in a `--json` document: `severity`, the object's `kind` and `id`, `message`, and
 * `file`, `line`, `column` (with `location` as `file:line:column`) and `hint` where known.
 */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    ...(d.subject ? { kind: d.subject.kind, id: d.subject.id } : {}),
    message: d.message,
    ...(d.location ? { ...d.location, location: formatLocation(d.location) } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.code ? { code: d.code } : {}),
  };
}
