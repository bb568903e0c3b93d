// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/**
 * The Redactor leaves values under four characters alone (they would mask ordinary words), so every
 * message that quotes a manifest value masks it by provenance: an interpolated value is never printed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOne } from "../load/helpers.js";
import { validateYaml } from "../validate/helpers.js";
import { type EngineHarness, engineHarness } from "./harness.js";

let h: EngineHarness;
beforeEach(async () => {
  h = await engineHarness();
});
afterEach(() => h.close());

const SHORT = "q7z";

describe("a secret too short for the Redactor", () => {
  it("is not printed by an unknown-reference problem", async () => {
    const { plan } = await h.plan(
      "agent_policies:\n  - { id: ap, name: AP, namespace: default, data_output_id: '${env:OUT}' }\n",
      {},
      { OUT: SHORT },
    );
    const text = JSON.stringify(plan.problems);
    expect(plan.problems.map((p) => p.message)).toEqual([
      "data_output_id refers to outputs (sensitive), which neither the manifests nor Kibana have",
    ]);
    expect(text).not.toContain(SHORT);
  });

  it("is not printed by a name clash", async () => {
    const { plan } = await h.plan(
      "agent_policies:\n  - { id: a, name: q7z, namespace: default }\n  - { id: b, name: '${env:NAME}', namespace: default }\n",
      {},
      { NAME: SHORT },
    );
    expect(plan.problems.map((p) => p.message)).toEqual([
      'name (sensitive) is also the name of "a" in the manifests, and Kibana requires unique names',
    ]);
  });

  it("is not printed by a duplicate id", async () => {
    const loaded = await loadOne(
      "proxies:\n  - { id: q7z, name: a, url: 'http://a' }\n  - { id: '${env:ID}', name: b, url: 'http://b' }\n",
      { ID: SHORT },
    );
    expect(loaded.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^duplicate id \(sensitive\) in proxies: defined here and at m.yaml:2:11$/),
    ]);
  });

  it("is not printed as the object's name in a validation message", async () => {
    const d = await validateYaml("proxies:\n  - { id: '${env:ID}', name: b, url: 'ftp://b' }\n", {
      ID: SHORT,
    });
    expect(d.map((x) => x.message).join("\n")).not.toContain(SHORT);
    expect(d[0]!.message).toContain("proxies entry #1");
  });
});
