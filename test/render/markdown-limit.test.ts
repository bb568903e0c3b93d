/**
 * Markdown made for a pull-request comment: found by its marker, the target and summary first, one
 * fold per kind, and never over GitHub's 65,536-character limit, however large the plan.
 */
import { describe, expect, it } from "vitest";
import type { ApplyReport } from "../../src/apply/apply-plan.js";
import type { Plan, PlannedOperation } from "../../src/diff/types.js";
import { renderApplyMarkdown } from "../../src/render/apply-markdown.js";
import { renderDriftMarkdown } from "../../src/render/drift.js";
import { renderErrorsMarkdown, renderPlanMarkdown } from "../../src/render/markdown.js";
import { everyChangePlan, TARGET } from "./every-change.js";

const GITHUB_LIMIT = 65_536;

/** A plan creating `n` outputs, each with a few hundred characters of changes. */
function bigPlan(n: number): Plan {
  const plan = everyChangePlan();
  const creates: PlannedOperation[] = Array.from({ length: n }, (_, i) => ({
    ...plan.operations[1]!,
    key: `outputs/out-${i}`,
    id: `out-${i}`,
    changes: [
      { op: "add", path: "/name", after: `Output ${i}`, sensitive: false, stated: true },
      {
        op: "add",
        path: "/hosts",
        after: [`https://es-${i}.example.com:9200`],
        sensitive: false,
        stated: true,
      },
      { op: "add", path: "/config_yaml", after: "x: 1\n".repeat(20), sensitive: false, stated: true },
    ],
  }));
  return { ...plan, operations: [...creates, ...plan.operations.slice(2)] };
}

describe("plan Markdown", () => {
  it("starts with the hidden marker the CI recipes look for", () => {
    expect(renderPlanMarkdown(everyChangePlan()).startsWith("<!-- fleetform-plan -->\n")).toBe(true);
  });

  it("puts the target and the summary before any fold", () => {
    const md = renderPlanMarkdown(everyChangePlan(), { target: TARGET });
    const details = md.indexOf("<details>");
    expect(md.indexOf("`https://kibana.example.com:5601`")).toBeLessThan(details);
    expect(md.indexOf("**2** to create, **4** to update, **2** to delete")).toBeLessThan(details);
  });

  it("folds each kind once", () => {
    const summaries = [...renderPlanMarkdown(everyChangePlan()).matchAll(/<summary><b>([^<]+)<\/b>/g)].map(
      (m) => m[1],
    );
    expect(summaries).toEqual([
      "Proxies",
      "Outputs",
      "Agent policies",
      "Integration policies",
      "Fleet settings",
    ]);
  });

  it("stays under GitHub's comment limit for 1,000 objects, saying how many were left out and where to see them", () => {
    const md = renderPlanMarkdown(bigPlan(1000), { target: TARGET });
    expect(md.length).toBeLessThan(GITHUB_LIMIT);
    expect(md).toMatch(/_\d+ outputs of 1002 left out here, to fit a GitHub comment\._/);
    expect(md).toContain("entries left out** to keep this comment under GitHub's 65,536 characters");
    expect(md).toContain("`fleetform plan --out fleetform.plan`");
    // Cut per object: later kinds keep their fold and summary, and every object shown is whole.
    expect(md).toContain("<summary><b>Fleet settings</b>: 1 to update</summary>");
    expect(md.split("```").length % 2).toBe(1);
  });

  it("keeps a small plan whole, without a cut notice", () => {
    const md = renderPlanMarkdown(everyChangePlan());
    expect(md).not.toContain("left out");
  });

  it("cuts to any limit it is given", () => {
    const md = renderPlanMarkdown(bigPlan(50), { limit: 5_000 });
    expect(md.length).toBeLessThanOrEqual(5_000);
    expect(md).toContain("left out");
  });
});

describe("errors as Markdown", () => {
  it("are a document with the command's marker, each error at its place with its hint", () => {
    const md = renderErrorsMarkdown("plan", [
      {
        severity: "error",
        message: 'missing required field "name"',
        location: { file: "f.yaml", line: 2, column: 5 },
        hint: "add name:",
      },
    ]);
    expect(md.split("\n").slice(0, 2)).toEqual(["<!-- fleetform-plan -->", "### fleetform plan"]);
    expect(md).toContain('- `f.yaml:2:5`: missing required field "name"\n  - add name:');
  });
});

describe("drift and apply Markdown", () => {
  it("drift has its own marker and stays under the limit for 1,000 drifted objects", () => {
    const md = renderDriftMarkdown(bigPlan(1000), { target: TARGET });
    expect(md.startsWith("<!-- fleetform-drift -->\n")).toBe(true);
    expect(md.length).toBeLessThan(GITHUB_LIMIT);
    expect(md).toContain("left out");
  });

  it("apply has its own marker, the outcome first, each failure once, and stays under the limit", () => {
    const plan = bigPlan(1000);
    const report: ApplyReport = {
      packages: [],
      interrupted: false,
      results: plan.operations.map((operation, i) =>
        i === 0
          ? { operation, status: "failed", message: "400: Bad Request" }
          : { operation, status: "done" },
      ),
    };
    const md = renderApplyMarkdown(plan, report, { target: TARGET, wallMs: 2300 });
    expect(md.startsWith("<!-- fleetform-apply -->\n")).toBe(true);
    expect(md.length).toBeLessThan(GITHUB_LIMIT);
    expect(md).toContain(
      "❌ **Apply incomplete**: 999 created, 4 updated, 2 deleted; 1 failed, 0 skipped, 0 not started. Took 2.3 s.",
    );
    expect(md.split("400: Bad Request").length).toBe(2);
  });
});
