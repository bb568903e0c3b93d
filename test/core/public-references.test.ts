// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/** A `:public` reference shows in the plan; any other reference is masked on both sides, whatever field it fills. */
import { describe, expect, it } from "vitest";
import { renderPlanText } from "../../src/render/text.js";
import { liveState, manifestFromYaml, planInMemory } from "./helpers.js";

const live = liveState({ agent_policies: [{ id: "ap", name: "AP", namespace: "dev", description: "old" }] });
const yaml = (namespace: string) =>
  `agent_policies:\n  - id: ap\n    name: AP\n    namespace: "${namespace}"\n    description: "\${env:DESCRIPTION}"\n`;

describe("public references in plans", () => {
  it("shows the value of a :public reference, and masks a secret one on both sides", async () => {
    const manifest = await manifestFromYaml(yaml("${env:NAMESPACE:public}"), {
      env: { NAMESPACE: "staging", DESCRIPTION: "new-description" },
    });
    const text = renderPlanText(planInMemory(manifest, live));
    expect(text).toContain('~ namespace: "dev" → "staging"');
    expect(text).toContain("~ description: (sensitive) → (sensitive)");
    expect(text).not.toContain("new-description");
  });
});
