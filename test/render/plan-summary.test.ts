/** The last line of a plan says whether Kibana matches the manifests: never "No changes" when it does not. */
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/diff/types.js";
import { renderPlanText } from "../../src/render/text.js";

const empty: Plan = {
  operations: [],
  unchanged: 3,
  packages: [],
  blocked: [],
  unmanaged: [],
  notDeletable: [],
  problems: [],
  warnings: [],
};
const lastLine = (plan: Plan) => renderPlanText(plan).trimEnd().split("\n").at(-1);
const location = { file: "fleet.yaml", line: 3, column: 5 };

describe("the closing line of a plan", () => {
  it("says No changes when Kibana matches the manifests", () => {
    expect(lastLine(empty)).toBe("No changes. Kibana matches the manifests (3 objects unchanged).");
  });

  it("does not say No changes when the only content is a delete Kibana would refuse", () => {
    const plan = { ...empty, blocked: [{ kind: "outputs" as const, id: "o", reason: "it is the default" }] };
    expect(lastLine(plan)).toContain("Nothing to apply, but Kibana does not match the manifests");
  });

  it("does not say No changes when the plan has errors", () => {
    const plan = {
      ...empty,
      problems: [
        {
          severity: "error" as const,
          subject: { kind: "outputs" as const, id: "o" },
          message: "bad",
          location,
        },
      ],
    };
    expect(lastLine(plan)).toBe(
      "Plan not applicable: 1 error above; nothing will be changed until they are fixed.",
    );
  });

  it("does not say No changes when Kibana keeps a field the manifest leaves out", () => {
    const plan = {
      ...empty,
      warnings: [
        {
          severity: "warning" as const,
          subject: { kind: "outputs" as const, id: "o" },
          message: "kept",
          location,
        },
      ],
    };
    expect(lastLine(plan)).toContain("Nothing to apply, but Kibana does not match the manifests");
  });
});
