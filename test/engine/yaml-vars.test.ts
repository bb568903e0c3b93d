/**
 * A yaml var holds YAML text. Kibana parses it before checking it, so `multi: true` on a yaml var
 * (apm's `tail_sampling_policies`, whose default is `- sample_rate: 0.1`) means the text must hold a
 * list (validatePackagePolicyConfig in FLEET/common/services/validate_package_policy.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { CORPUS } from "../support/packages.js";
import { changedPaths, type EngineHarness, engineHarness } from "./harness.js";

const manifest = (id: string, policies: unknown) =>
  stringify({
    agent_policies: [{ id: `ap-${id}`, name: `ap-${id}`, namespace: "default" }],
    integration_policies: [
      {
        id,
        name: id,
        policy_ids: [`ap-${id}`],
        package: { name: "apm", version: "8.4.2" },
        inputs: { "apmserver-apm": { vars: { tail_sampling_policies: policies } } },
      },
    ],
  });

let h: EngineHarness;
beforeAll(async () => {
  h = await engineHarness({ packages: [CORPUS] });
});
afterAll(() => h.close());

describe("multi yaml vars", () => {
  it("takes YAML text holding a list, and plans clean", async () => {
    const yaml = manifest(
      "apm-sampling",
      "- sample_rate: 0.5\n  service.name: checkout\n- sample_rate: 0.1\n",
    );
    await h.apply(yaml);
    expect(changedPaths((await h.plan(yaml)).plan)).toEqual([]);
  });

  it("says at plan time that YAML text holding a single value is not a list", async () => {
    const { plan } = await h.plan(manifest("apm-single", "sample_rate: 0.5\n"));
    expect(plan.problems.map((p) => p.message)).toEqual([
      'var "tail_sampling_policies" on input apmserver-apm expects YAML text holding a list',
    ]);
  });

  it("says at plan time that text which is not YAML is refused", async () => {
    const { plan } = await h.plan(manifest("apm-broken", "- sample_rate: [0.5\n"));
    expect(plan.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^var "tail_sampling_policies" on input apmserver-apm is not valid YAML: /),
    ]);
  });
});
