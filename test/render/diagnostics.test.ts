/** One diagnostic, whichever stage found it, reads the same in every output format. */
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import {
  diagnosticMarkdownLines,
  diagnosticTextLines,
  diagnosticToJson,
  formatDiagnostic,
} from "../../src/render/diagnostics.js";
import { escapeCell } from "../../src/render/markdown-budget.js";

const kept: Diagnostic = {
  severity: "warning",
  subject: { kind: "outputs", id: "es" },
  location: { file: "fleet.yaml", line: 3, column: 5 },
  message: "Kibana keeps topic",
  hint: "write topic\nor change it in Kibana",
};
const { location: _, ...unplaced } = kept;

describe("a diagnostic", () => {
  it("prints on stderr at its place with its severity, the hint indented below", () => {
    expect(formatDiagnostic(kept)).toBe(
      "fleet.yaml:3:5: warning: Kibana keeps topic\n  write topic\n  or change it in Kibana",
    );
  });

  it("names its object where it has no place", () => {
    expect(formatDiagnostic(unplaced)).toMatch(/^outputs\/es: warning: /);
    expect(diagnosticTextLines([unplaced])[0]).toBe("  ⚠ outputs/es: Kibana keeps topic");
  });

  it("is marked by its severity in a report's section", () => {
    expect(
      diagnosticTextLines([kept, { ...kept, severity: "error" }]).filter((l) => !l.startsWith("      ")),
    ).toEqual(["  ⚠ fleet.yaml:3:5: Kibana keeps topic", "  ✗ fleet.yaml:3:5: Kibana keeps topic"]);
  });

  it("is a list item in Markdown, its hint a nested item", () => {
    expect(diagnosticMarkdownLines(kept, escapeCell, "⚠")).toEqual([
      "- ⚠ `fleet.yaml:3:5`: Kibana keeps topic",
      `  - ${escapeCell("write topic\nor change it in Kibana")}`,
    ]);
  });

  it("keeps message, object and place in JSON, with its severity", () => {
    expect(diagnosticToJson(kept)).toEqual({
      severity: "warning",
      kind: "outputs",
      id: "es",
      message: "Kibana keeps topic",
      file: "fleet.yaml",
      line: 3,
      column: 5,
      location: "fleet.yaml:3:5",
      hint: "write topic\nor change it in Kibana",
    });
  });
});
