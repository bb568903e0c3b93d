import { describe, expect, test } from "vitest";
import { loadOne, where } from "./helpers.js";

const policy = (id: string, indent = "  ") =>
  `${indent}- id: ${id}\n${indent}  name: ${id}\n${indent}  namespace: default\n`;

describe("spaces in manifests", () => {
  test("a document's space: puts its agent policies, integrations and Cases settings in that space", async () => {
    const loaded = await loadOne(
      "space: ops\nagent_policies:\n" +
        policy("ops-linux") +
        "case_settings:\n  - owner: cases\n    closure_type: close-by-user\n",
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => `${o.kind}/${o.id} ${o.space}`)).toEqual([
      "agent_policies/ops-linux ops",
      "case_settings/cases ops",
    ]);
  });

  test("a document's space: leaves its global kinds global", async () => {
    const loaded = await loadOne(
      "space: ops\nproxies:\n  - id: p1\n    name: one\n    url: http://p1:3128\n",
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects[0]!.space).toBeUndefined();
  });

  test("a section written as {space, items} puts its objects in its space, beside the document's", async () => {
    const loaded = await loadOne(
      `space: ops\nagent_policies:\n  space: web\n  items:\n${policy("web-linux", "    ")}`,
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => o.space)).toEqual(["web"]);
    expect(loaded.sectionSpaces).toEqual([{ kind: "agent_policies", space: "web" }]);
  });

  test("objects without a space have none, so the run's --space applies", async () => {
    const loaded = await loadOne(`agent_policies:\n${policy("plain")}`);
    expect(loaded.objects[0]!.space).toBeUndefined();
    expect(loaded.sectionSpaces).toEqual([{ kind: "agent_policies" }]);
  });

  test("an empty section with a space still names the space (its prune scope)", async () => {
    const loaded = await loadOne("agent_policies:\n  space: web\n  items: []\n");
    expect(loaded.errors).toEqual([]);
    expect(loaded.sectionSpaces).toEqual([{ kind: "agent_policies", space: "web" }]);
  });

  test("a global kind's section that names a space is an error at the space key", async () => {
    const loaded = await loadOne(
      "outputs:\n  space: ops\n  items:\n    - id: es\n      name: es\n      type: elasticsearch\n",
    );
    expect(where(loaded.errors)).toEqual([
      "m.yaml:2:3 outputs are global in Kibana, the same in every space: the section cannot name a space",
    ]);
  });

  test("a space that is not a Kibana space identifier is an error at its value", async () => {
    const loaded = await loadOne(`space: Ops Team\nagent_policies:\n${policy("a")}`);
    expect(where(loaded.errors)).toEqual([
      'm.yaml:1:8 space must be a Kibana space identifier, not "Ops Team"',
    ]);
  });

  test("a file read with anchors places space errors where a plain file does", async () => {
    // An anchor sends the file to the reader with positions; without one it is read fast, positions later.
    const section =
      "outputs:\n  space: ops\n  items:\n    - id: es\n      name: es\n      type: elasticsearch\n";
    const plain = await loadOne(section);
    const anchored = await loadOne(`${section}      config_yaml: &cfg ""\n`);
    expect(where(anchored.errors)).toEqual(where(plain.errors));
    expect(where(plain.errors)).toEqual([
      "m.yaml:2:3 outputs are global in Kibana, the same in every space: the section cannot name a space",
    ]);
  });

  test("the same agent policy id in two spaces is refused with both places", async () => {
    const loaded = await loadOne(
      `agent_policies:\n  space: ops\n  items:\n${policy("shared", "    ")}---\nspace: web\nagent_policies:\n${policy("shared")}`,
    );
    expect(where(loaded.errors)).toEqual([
      'm.yaml:10:9 id "shared" of agent_policies is in space "web" here and in space "ops" at m.yaml:4:11, and Kibana keeps agent_policies ids unique across spaces',
    ]);
  });

  test("the same Cases owner in two spaces is two objects", async () => {
    const cases = "case_settings:\n  - owner: cases\n    closure_type: close-by-user\n";
    const loaded = await loadOne(`${cases}---\nspace: web\n${cases}`);
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => `${o.id} ${o.space ?? "-"}`)).toEqual(["cases -", "cases web"]);
  });
});
