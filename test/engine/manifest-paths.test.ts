import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { renderPlanText } from "../../src/render/text.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

const kafka = (password: string) =>
  stringify({
    outputs: [
      {
        id: "k",
        name: "Kafka",
        type: "kafka",
        hosts: ["kafka:9092"],
        auth_type: "user_pass",
        username: "fleet",
        password,
        topic: "t",
      },
    ],
  });

describe("plans name fields by the path the manifest uses", () => {
  it("labels a plain kafka password `password`, not the secrets form Kibana stores it in", async () => {
    await h.apply(kafka("first-password"));
    const { plan } = await h.plan(kafka("second-password"), { rotateSecrets: true });
    expect(changedPaths(plan)).toEqual(["update k replace /password"]);
    const text = renderPlanText(plan);
    expect(text).toContain("~ password: (sensitive) → (sensitive)");
    expect(text).not.toContain("secrets.password");
  });
});
