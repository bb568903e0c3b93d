/**
 * Lists change element by element, matched by identity: an element inserted in the middle of a list
 * is one added element, not every later element changed; and the changes, as `--json` lists them,
 * still apply in order to the live object to give the desired one (RFC 6902).
 */
import fastJsonPatch, { type Operation } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { comparableDesired, comparableLive } from "../../src/diff/comparable.js";
import type { Plan } from "../../src/diff/types.js";
import { kindOf } from "../../src/kinds/index.js";
import type { Body } from "../../src/kinds/types.js";
import { changeToJson } from "../../src/render/json.js";
import { renderPlanText } from "../../src/render/text.js";
import { liveState, manifestFromYaml, planInMemory } from "./helpers.js";

const tags = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));
const yamlTags = (pairs: [string, string][]) =>
  pairs.map(([name, value]) => `      - {name: ${name}, value: "${value}"}`).join("\n");

async function policyPlan(live: [string, string][], wanted: [string, string][]) {
  const manifest = await manifestFromYaml(
    `agent_policies:\n  - id: web\n    name: Web\n    namespace: default\n    global_data_tags:\n${yamlTags(wanted)}\n`,
  );
  const state = liveState({
    agent_policies: [{ id: "web", name: "Web", namespace: "default", global_data_tags: tags(...live) }],
  });
  return { plan: planInMemory(manifest, state), manifest, state };
}

/** The plan's lines under one list's header (those indented deeper), without indentation. */
const listLines = (plan: Plan | string, field: string) => {
  const lines = (typeof plan === "string" ? plan : renderPlanText(plan)).split("\n");
  const start = lines.findIndex((l) => l.trim() === `~ ${field}:`);
  expect(start, `no "~ ${field}:" in the plan`).toBeGreaterThanOrEqual(0);
  const indent = (l: string) => l.length - l.trimStart().length;
  const end = lines.findIndex((l, i) => i > start && indent(l) <= indent(lines[start]!));
  return lines.slice(start + 1, end).map((l) => l.trim());
};

/** The JSON changes of the plan's only operation, applied in order to what Kibana has. */
function applyJsonChanges(plan: Plan, have: Body): Body {
  const ops = plan.operations[0]!.changes.map(changeToJson) as unknown as Operation[];
  return fastJsonPatch.applyPatch(structuredClone(have), ops, true, false).newDocument;
}

describe("a keyed list of objects (global_data_tags, by name)", () => {
  it("shows an element inserted in the middle as one added element", async () => {
    const { plan } = await policyPlan(
      [
        ["a", "1"],
        ["c", "3"],
        ["d", "4"],
      ],
      [
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
        ["d", "4"],
      ],
    );
    expect(plan.operations[0]!.changes.map((c) => `${c.op} ${c.path}`)).toEqual(["add /global_data_tags/1"]);
    expect(listLines(plan, "global_data_tags")).toEqual(['+ [1] {"name":"b","value":"2"}']);
  });

  it("shows an element removed from the middle as one removed element, at the index it had", async () => {
    const { plan } = await policyPlan(
      [
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
        ["d", "4"],
      ],
      [
        ["a", "1"],
        ["c", "3"],
        ["d", "4"],
      ],
    );
    expect(plan.operations[0]!.changes.map((c) => `${c.op} ${c.path}`)).toEqual([
      "remove /global_data_tags/1",
    ]);
    expect(listLines(plan, "global_data_tags")).toEqual(['- [1] {"name":"b","value":"2"}']);
  });

  it("changes an element in place when its identity stays and another is inserted before it", async () => {
    const { plan } = await policyPlan(
      [
        ["a", "1"],
        ["c", "3"],
      ],
      [
        ["b", "2"],
        ["a", "1"],
        ["c", "30"],
      ],
    );
    expect(listLines(plan, "global_data_tags")).toEqual([
      '+ [0] {"name":"b","value":"2"}',
      '~ [2] name "c":',
      '~ value: "3" → "30"',
    ]);
  });

  it("shows a reorder as the moved element leaving its place and arriving at its new one", async () => {
    const { plan } = await policyPlan(
      [
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
      ],
      [
        ["c", "3"],
        ["a", "1"],
        ["b", "2"],
      ],
    );
    expect(listLines(plan, "global_data_tags")).toEqual([
      '+ [0] {"name":"c","value":"3"}',
      '- [2] {"name":"c","value":"3"}',
    ]);
  });

  it("lists JSON changes that apply in order to the live object to give the desired one", async () => {
    const { plan, manifest, state } = await policyPlan(
      [
        ["a", "1"],
        ["b", "2"],
        ["c", "3"],
        ["d", "4"],
        ["e", "5"],
      ],
      [
        ["e", "50"],
        ["b", "2"],
        ["x", "9"],
        ["a", "1"],
        ["d", "40"],
      ],
    );
    const kind = kindOf("agent_policies");
    const ctx = { packages: new Map(), live: state };
    const object = manifest.objects[0]!;
    const have = comparableLive(kind, state.get("agent_policies")!.get("web")!, ctx, object.body);
    expect(applyJsonChanges(plan, have)).toEqual(comparableDesired(kind, object.body, ctx));
  });
});

describe("a list of objects keyed by `key` (Cases custom fields)", () => {
  it("shows a custom field inserted before the others as one added element", async () => {
    const field = (key: string, label: string) => ({ key, label, type: "text", required: false });
    const manifest = await manifestFromYaml(`case_settings:
  - owner: cases
    closure_type: close-by-user
    connector: {id: none, name: none, type: .none, fields: null}
    customFields:
      - {key: team, label: Team, type: text, required: false}
      - {key: region, label: Region, type: text, required: false}
      - {key: tier, label: Support tier, type: text, required: false}
`);
    const state = liveState({
      case_settings: [
        {
          id: "cfg-1",
          owner: "cases",
          closure_type: "close-by-user",
          connector: { id: "none", name: "none", type: ".none", fields: null },
          customFields: [field("region", "Region"), field("tier", "Tier")],
          version: "WzMsMV0=",
        },
      ],
    });
    const plan = planInMemory(manifest, state);
    expect(listLines(plan, "customFields")).toEqual([
      '+ [0] {"key":"team","label":"Team","type":"text","required":false}',
      '~ [2] key "tier":',
      '~ label: "Tier" → "Support tier"',
    ]);
  });
});

describe("secrets in lists of objects", () => {
  it("masks the value of a removed element where the manifest interpolates that field in another", async () => {
    const manifest = await manifestFromYaml(
      `outputs:
  - id: k
    name: Kafka
    type: kafka
    hosts: ["kafka:9092"]
    auth_type: none
    topic: logs
    headers:
      - {key: X-Auth, value: "\${env:KAFKA_TOKEN}"}
      - {key: X-Team, value: web}
`,
      { env: { KAFKA_TOKEN: "new-token-value" } },
    );
    const state = liveState({
      outputs: [
        {
          id: "k",
          name: "Kafka",
          type: "kafka",
          hosts: ["kafka:9092"],
          auth_type: "none",
          topic: "logs",
          headers: [
            { key: "X-Team", value: "web" },
            { key: "Authorization", value: "old-token-value" },
          ],
        },
      ],
    });
    const text = renderPlanText(planInMemory(manifest, state));
    expect(listLines(text, "headers")).toEqual([
      '+ [0] {"key":"X-Auth","value":"(sensitive)"}',
      '- [1] {"key":"Authorization","value":"(sensitive)"}',
    ]);
    expect(text).not.toContain("token-value");
  });
});

describe("a list of plain values (monitoring_enabled, hosts)", () => {
  it("shows a value inserted in the middle as one added value", async () => {
    const manifest = await manifestFromYaml(`outputs:
  - id: ls
    name: Logstash
    type: logstash
    hosts: ["ls1:5044", "ls2:5044", "ls3:5044"]
`);
    const state = liveState({
      outputs: [{ id: "ls", name: "Logstash", type: "logstash", hosts: ["ls1:5044", "ls3:5044"] }],
    });
    const plan = planInMemory(manifest, state);
    expect(listLines(plan, "hosts")).toEqual(['"ls1:5044"', '+ "ls2:5044"', '"ls3:5044"']);
  });
});
