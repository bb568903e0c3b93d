import type { Diagnostic, SourceLocation } from "../load/types.js";

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** `file:line:col: error: message`, then the hint (if any) indented on the following line(s). */
export function formatDiagnostic(d: Diagnostic): string {
  const head = d.location ? `${formatLocation(d.location)}: error: ${d.message}` : `error: ${d.message}`;
  if (!d.hint) return head;
  return `${head}\n${d.hint
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n")}`;
}
