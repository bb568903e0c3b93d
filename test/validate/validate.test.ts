import { describe, expect, test } from "vitest";
import { loadManifests } from "../../src/load/index.js";
import { formatDiagnostic } from "../../src/render/diagnostics.js";
import { validateManifest } from "../../src/validate/index.js";
import { validateYaml, where } from "./helpers.js";

const EVERY_KIND = new URL("../fixtures/every-kind/", import.meta.url).pathname;

describe("validateManifest", () => {
  test("the every-kind fixture is valid", async () => {
    const loaded = await loadManifests([EVERY_KIND], { env: { ES_OUTPUT_SSL_KEY: "pem" } });
    expect(loaded.errors).toEqual([]);
    expect(validateManifest(loaded)).toEqual([]);
  });

  test("an unknown field is reported at its key with a did-you-mean suggestion", async () => {
    const d = await validateYaml(
      "outputs:\n  - id: es-prod\n    nmae: Production\n    name: x\n    type: elasticsearch\n    hosts: [https://es:9200]\n",
    );
    expect(where(d)).toEqual(['m.yaml:3:5 unknown field "nmae" in outputs "es-prod"; did you mean "name"?']);
    expect(d[0]!.hint).toMatch(/^fields of type elasticsearch outputs: id, name, /);
  });

  test("an unknown nested field names the path and the object", async () => {
    const d = await validateYaml(
      "outputs:\n  - id: es\n    name: x\n    type: elasticsearch\n    hosts: [https://es:9200]\n    ssl:\n      verificaton_mode: full\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:7:7 unknown field "verificaton_mode" in ssl of outputs "es"; did you mean "verification_mode"?',
    ]);
  });

  test("a field of another output type is unknown in this type's branch", async () => {
    const d = await validateYaml(
      "outputs:\n  - id: ls\n    name: ls\n    type: logstash\n    hosts: [ls:5044]\n    topic: events\n",
    );
    expect(where(d)).toEqual(['m.yaml:6:5 unknown field "topic" in outputs "ls"']);
    expect(d[0]!.hint).toMatch(/^fields of type logstash outputs: /);
  });

  test("read-only fields are refused as unknown fields", async () => {
    const d = await validateYaml(
      "agent_policies:\n  - id: a\n    name: a\n    namespace: ns\n    revision: 3\n    updated_at: now\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:5:5 unknown field "revision" in agent_policies "a"',
      'm.yaml:6:5 unknown field "updated_at" in agent_policies "a"',
    ]);
  });

  test("is_preconfigured: true in the Fleet settings is refused at the field, as Kibana would lock the setting", async () => {
    const d = await validateYaml(
      "fleet_settings:\n  delete_unenrolled_agents:\n    enabled: true\n    is_preconfigured: true\n",
    );
    expect(where(d)).toEqual([
      expect.stringMatching(
        /^m\.yaml:4:5 delete_unenrolled_agents\.is_preconfigured in fleet_settings: is_preconfigured: true is refused: /,
      ),
    ]);
    expect(d[0]!.message).toContain("xpack.fleet.enableDeleteUnenrolledAgents");
  });

  test("space_ids on an agent policy is refused at the field, pointing to --space", async () => {
    // Kibana's create/update handlers strip space_ids and call updateAgentPolicySpaces
    // (FLEET/server/routes/agent_policy/handlers.ts, services/spaces/agent_policy.ts): a no-op without
    // space awareness, else a move of the policy, its integration policies and agents to other spaces.
    const d = await validateYaml(
      "agent_policies:\n  - id: a\n    name: a\n    namespace: ns\n    space_ids: [default, team-a]\n",
    );
    expect(where(d)).toEqual([
      expect.stringMatching(/^m\.yaml:5:5 space_ids in agent_policies "a": space_ids is refused: /),
    ]);
    expect(d[0]!.message).toContain("run fleetform with --space");
  });

  test("an enum error lists the allowed values and suggests the closest", async () => {
    const d = await validateYaml(
      "agent_policies:\n  - id: a\n    name: a\n    namespace: ns\n    monitoring_enabled: [logs, metrix]\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:5:32 invalid value "metrix" for monitoring_enabled[1] in agent_policies "a"; allowed values: "logs", "metrics", "traces"',
    ]);
    expect(d[0]!.hint).toBe('did you mean "metrics"?');
  });

  test("an unknown output type lists the four types", async () => {
    const d = await validateYaml("outputs:\n  - id: r\n    name: r\n    type: redis\n    hosts: [r:6379]\n");
    expect(where(d)).toEqual([
      'm.yaml:4:11 invalid value "redis" for type in outputs "r"; allowed values: "elasticsearch", "remote_elasticsearch", "logstash", "kafka"',
    ]);
  });

  test("a wrong type says what was expected and what was given", async () => {
    const d = await validateYaml(
      "outputs:\n  - id: es\n    name: x\n    type: elasticsearch\n    hosts: https://es:9200\n    is_default: yes\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:5:12 wrong type for hosts in outputs "es": expected array of strings, got string',
      'm.yaml:6:17 wrong type for is_default in outputs "es": expected boolean, got string',
    ]);
  });

  test("a package variable of no accepted shape lists the accepted shapes", async () => {
    const d = await validateYaml(
      "integration_policies:\n  - id: n\n    name: n\n    package: { name: nginx, version: 1.5.0 }\n    inputs:\n      nginx-logfile:\n        streams:\n          nginx.access:\n            vars: { tags: { a: 1 } }\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:9:27 wrong type for inputs.nginx-logfile.streams.nginx.access.vars.tags in integration_policies "n": expected one of: boolean, string, number, array of strings, array of numbers, object {id, isSecretRef}, null, got object',
    ]);
  });

  test("a missing required field names the field and the object, at the object", async () => {
    const d = await validateYaml("proxies:\n  - id: corp\n    url: http://p:3128\n");
    expect(where(d)).toEqual(['m.yaml:2:5 missing required field "name" in proxies "corp"']);
  });

  test("a missing nested required field names its parent", async () => {
    const d = await validateYaml(
      "integration_policies:\n  - id: n\n    name: n\n    package: { version: 1.5.0 }\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:4:14 missing required field "name" in package of integration_policies "n"',
    ]);
  });

  test("a package without a version is valid: it means the newest version Kibana offers", async () => {
    const manifest =
      "packages:\n  - name: synthetics\n  - name: elastic_agent\n    version: latest\n" +
      "integration_policies:\n  - id: n\n    name: n\n    package: { name: nginx }\n";
    expect(where(await validateYaml(manifest))).toEqual([]);
  });

  test("an object without id is named by its position", async () => {
    const d = await validateYaml(
      "proxies:\n  - id: a\n    name: a\n    url: http://a\n  - name: b\n    url: http://b\n",
    );
    expect(where(d)).toEqual(['m.yaml:5:5 missing required field "id" in proxies entry #2']);
  });

  test("a missing output type is reported once, with the types to choose from", async () => {
    const d = await validateYaml("outputs:\n  - id: o\n    name: o\n    hosts: [h]\n");
    expect(where(d)).toEqual(['m.yaml:2:5 missing required field "type" in outputs "o"']);
    expect(d[0]!.hint).toBe('add type: one of "elasticsearch", "remote_elasticsearch", "logstash", "kafka"');
  });

  test("kafka outputs need only name, type, hosts and auth_type (contract quirk)", async () => {
    const ok = await validateYaml(
      "outputs:\n  - id: k\n    name: k\n    type: kafka\n    hosts: [k:9092]\n    auth_type: none\n",
    );
    expect(ok).toEqual([]);
    const d = await validateYaml("outputs:\n  - id: k\n    name: k\n    type: kafka\n    hosts: [k:9092]\n");
    expect(where(d)).toEqual([
      'm.yaml:2:5 missing required field "auth_type" in outputs "k" (required for type kafka)',
    ]);
  });

  test("an invalid id is explained", async () => {
    const d = await validateYaml('proxies:\n  - id: "a/../b"\n    name: a\n    url: http://a\n');
    expect(where(d)).toEqual([
      'm.yaml:2:9 invalid id "a/../b" in proxies: an id is 1-255 characters, not ".", without "/", ".." or control characters, and not __proto__, constructor or prototype',
    ]);
  });

  // Kibana's saved objects refuse only "/" (core saved-objects api-server-internal helpers/id_utils.ts),
  // but "." is a dot segment every URL parser drops from /api/fleet/proxies/. (even as %2E): the object
  // is created, then never found (404 on update, "already deleted" on prune while it stays).
  test.each([
    [".", '"."'],
    ["a\nb", '"a\\nb"'],
    ["tab\there", '"tab\\there"'],
    ["del\u007f", '"del\\u007f"'],
  ])("the id %j is refused offline, before any request", async (id, shown) => {
    const d = await validateYaml(`proxies:\n  - id: ${JSON.stringify(id)}\n    name: a\n    url: http://a\n`);
    expect(where(d)).toEqual([
      `m.yaml:2:9 invalid id ${shown} in proxies: an id is 1-255 characters, not ".", without "/", ".." or control characters, and not __proto__, constructor or prototype`,
    ]);
  });

  test("an id with dots that is no dot segment is accepted", async () => {
    expect(await validateYaml('proxies:\n  - id: "a.b."\n    name: a\n    url: http://a\n')).toEqual([]);
  });

  test("case_settings need owner, closure_type and connector; unknown fields are refused", async () => {
    const d = await validateYaml(
      "case_settings:\n  - owner: cases\n    closure_type: close-by-user\n    colour: red\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:2:5 missing required field "connector" in case_settings "cases"',
      'm.yaml:4:5 unknown field "colour" in case_settings "cases"',
    ]);
  });

  test("fleet_settings refuse read-only fields", async () => {
    const d = await validateYaml(
      "fleet_settings:\n  prerelease_integrations_enabled: true\n  version: WzEsMV0=\n",
    );
    expect(where(d)).toEqual(['m.yaml:3:3 unknown field "version" in fleet_settings']);
  });

  test("errors of all objects and all files come back in one run", async () => {
    const d = await validateYaml(
      "proxies:\n  - id: a\n    url: http://a\n  - id: b\n    name: b\n    url: 3\nagent_policies:\n  - id: c\n    name: c\n",
    );
    expect(where(d)).toEqual([
      'm.yaml:2:5 missing required field "name" in proxies "a"',
      'm.yaml:6:10 wrong type for url in proxies "b": expected string, got integer',
      'm.yaml:8:5 missing required field "namespace" in agent_policies "c"',
    ]);
  });
});

describe("formatDiagnostic", () => {
  test("prints file:line:col: error: message and the hint indented", () => {
    expect(
      formatDiagnostic({
        severity: "error",
        message: 'unknown field "nmae" in outputs "es-prod"; did you mean "name"?',
        location: { file: "a.yaml", line: 3, column: 5 },
        hint: "fields of type elasticsearch outputs: id, name\nsecond line",
      }),
    ).toBe(
      'a.yaml:3:5: error: unknown field "nmae" in outputs "es-prod"; did you mean "name"?\n  fields of type elasticsearch outputs: id, name\n  second line',
    );
  });

  test("prints error: message when there is no location or hint", () => {
    expect(formatDiagnostic({ severity: "error", message: 'path "x" does not exist' })).toBe(
      'error: path "x" does not exist',
    );
  });

  test("prints a warning as a warning, and names the object where there is no location", () => {
    expect(
      formatDiagnostic({ severity: "warning", subject: { kind: "outputs", id: "es" }, message: "kept" }),
    ).toBe("outputs/es: warning: kept");
  });
});
