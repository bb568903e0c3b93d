/**
 * Values in a plan are never cut (a change past the cut would read as identical old → new), and text
 * that spans lines (config_yaml, PEM certificates, YAML vars) reads as a line diff, as in Terraform.
 */
import { describe, expect, it } from "vitest";
import type { Plan, PlannedOperation } from "../../src/diff/types.js";
import { renderDriftText } from "../../src/render/drift.js";
import { renderPlanMarkdown } from "../../src/render/markdown.js";
import { renderPlanText } from "../../src/render/text.js";
import { diffText } from "../../src/render/values.js";

function planOf(...operations: Partial<PlannedOperation>[]): Plan {
  return {
    operations: operations.map((op) => ({
      key: `outputs/${op.id}`,
      action: "update",
      kind: "outputs",
      id: "es",
      changes: [],
      request: { method: "PUT", path: `/api/fleet/outputs/${op.id}`, secrets: [] },
      verdicts: {},
      dependsOn: [],
      ...op,
    })),
    unchanged: 0,
    packages: [],
    blocked: [],
    unmanaged: [],
    notDeletable: [],
    problems: [],
    warnings: [],
  };
}

const head = "x".repeat(130);
const yamlBefore = ["a: 1", "b: 2", "c: 3", "d: 4", "e: 5", "f: 6", "g: 7", "h: 8", "i: 9"].join("\n");
const yamlAfter = yamlBefore.replace("e: 5", "e: 50");
const unmasked = { sensitive: false, stated: false };

describe("values in a plan", () => {
  it("shows a long single-line value in full, so a change past the 117th character is visible", () => {
    const plan = planOf({
      changes: [
        { op: "replace", path: "/description", after: `${head}new`, before: `${head}old`, ...unmasked },
      ],
    });
    const text = renderPlanText(plan);
    expect(text).toContain(`"${head}old" → "${head}new"`);
  });

  it("shows a multi-line change as a line diff with the unchanged lines folded", () => {
    const plan = planOf({
      changes: [{ op: "replace", path: "/config_yaml", after: yamlAfter, before: yamlBefore, ...unmasked }],
    });
    const text = renderPlanText(plan);
    expect(text).toContain("~ config_yaml:");
    expect(text).toContain("- e: 5");
    expect(text).toContain("+ e: 50");
    expect(text).toContain("  d: 4");
    expect(text).toContain("# (1 unchanged line hidden)");
    expect(text).not.toContain("\\n");
  });

  it("shows a multi-line value of a create as a block, one line per line", () => {
    const plan = planOf({
      action: "create",
      changes: [{ op: "add", path: "/config_yaml", after: yamlBefore, ...unmasked }],
    });
    const lines = renderPlanText(plan).split("\n");
    expect(lines).toContain("      config_yaml: <<EOT");
    expect(lines).toContain("          i: 9");
  });

  it("shows a multi-line change in Markdown as diff lines inside the diff fence", () => {
    const plan = planOf({
      changes: [{ op: "replace", path: "/config_yaml", after: yamlAfter, before: yamlBefore, ...unmasked }],
    });
    const lines = renderPlanMarkdown(plan).split("\n");
    expect(lines).toContainEqual(expect.stringMatching(/^- +e: 5$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\+ +e: 50$/));
  });

  it("shows a multi-line drift as a line diff between Kibana and the manifest", () => {
    const plan = planOf({
      changes: [{ op: "replace", path: "/config_yaml", after: yamlAfter, before: yamlBefore, ...unmasked }],
    });
    const text = renderDriftText(plan);
    expect(text).toContain("config_yaml: Kibana has other text than the default (- Kibana, + the default):");
    expect(text).toContain("- e: 5");
  });

  it("shows multi-line text replaced by an empty string as its lines removed, and says it becomes empty", () => {
    const plan = planOf({
      changes: [{ op: "replace", path: "/description", after: "", before: "one\ntwo", ...unmasked }],
    });
    const lines = renderPlanText(plan).split("\n");
    expect(lines).toContain('      ~ description: → ""');
    expect(lines).toContain("          - two");
    expect(lines.filter((l) => l.trim() === "+")).toEqual([]);
  });

  it("diffs lines by their longest common subsequence: a moved line is one removal and one addition", () => {
    expect(diffText("a\nb\nc", "b\nc\na")).toEqual(["- a", "  b", "  c", "+ a"]);
  });
});
