/**
 * The renderings users read, pinned: a plan with every kind of change as text (plain and coloured),
 * Markdown and JSON. A change to any of them shows here as a snapshot diff to review.
 */
import { describe, expect, it } from "vitest";
import { planToJson } from "../../src/render/json.js";
import { renderPlanMarkdown } from "../../src/render/markdown.js";
import { renderPlanText } from "../../src/render/text.js";
import { everyChangePlan, TARGET } from "./every-change.js";

const plan = everyChangePlan();
const snapshot = (name: string) => `./__snapshots__/every-change.${name}.snap`;

describe("a plan with every kind of change", () => {
  it("reads as plain text", async () => {
    await expect(renderPlanText(plan, { target: TARGET })).toMatchFileSnapshot(snapshot("plan.txt"));
  });

  it("reads as coloured text", async () => {
    await expect(renderPlanText(plan, { target: TARGET, color: true })).toMatchFileSnapshot(
      snapshot("plan.ansi.txt"),
    );
  });

  it("lists the unmanaged objects with --show-unmanaged", async () => {
    await expect(renderPlanText(plan, { target: TARGET, showUnmanaged: true })).toMatchFileSnapshot(
      snapshot("plan-show-unmanaged.txt"),
    );
  });

  it("reads as Markdown", async () => {
    await expect(renderPlanMarkdown(plan, { target: TARGET })).toMatchFileSnapshot(snapshot("plan.md"));
  });

  it("reads as JSON", async () => {
    await expect(`${JSON.stringify(planToJson(plan, TARGET), null, 2)}\n`).toMatchFileSnapshot(
      snapshot("plan.json"),
    );
  });

  it("prints a delete's notes under it, in text and Markdown", () => {
    const note = "# from locked agent policy locked: sent with force, then its revision bumped";
    const text = renderPlanText(plan, { target: TARGET });
    expect(text).toContain(`  - integration policy "old-nginx" (old-nginx) will be deleted\n      ${note}\n`);
    expect(renderPlanMarkdown(plan, { target: TARGET })).toContain(`-       ${note}`);
  });
});
