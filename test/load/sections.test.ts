import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadManifests } from "../../src/load/index.js";
import { load, loadOne, where, writeTree } from "./helpers.js";

const EVERY_KIND = new URL("../fixtures/every-kind/", import.meta.url).pathname;

describe("loading manifests", () => {
  test("the every-kind fixture loads with zero errors and one object per entry", async () => {
    const loaded = await loadManifests([EVERY_KIND], { env: { ES_OUTPUT_SSL_KEY: "pem-key" } });
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => `${o.kind}/${o.id}`)).toEqual([
      "proxies/corp-proxy",
      "outputs/es-prod",
      "outputs/kafka-events",
      "download_sources/corp-artifacts",
      "fleet_server_hosts/corp-fleet-server",
      "agent_policies/linux-servers",
      "integration_policies/nginx-linux",
      "case_settings/securitySolution",
      "case_settings/observability",
      "fleet_settings/settings",
    ]);
    const nginx = loaded.objects.find((o) => o.kind === "integration_policies")!;
    expect(nginx.body.inputs).toEqual({
      "nginx-logfile": { streams: { "nginx.access": { vars: { tags: ["test"] } } } },
    });
    expect(loaded.files.map((f) => f.slice(EVERY_KIND.length))).toEqual([
      "10-connectivity.yaml",
      "20-policies.yaml",
      "30-settings.yaml",
    ]);
  });

  test("sections merge across files and directories, recursively and sorted", async () => {
    const root = await writeTree({
      "top.yaml": "proxies:\n  - id: p1\n    name: one\n    url: http://p1:3128\n",
      "dir/b.yml": "proxies:\n  - id: p3\n    name: three\n    url: http://p3:3128\n",
      "dir/a.yaml": "proxies:\n  - id: p2\n    name: two\n    url: http://p2:3128\n",
      "dir/nested/c.yaml": "agent_policies:\n  - id: ap\n    name: ap\n    namespace: default\n",
      "dir/notes.txt": "not a manifest: [",
    });
    const loaded = await load(root, ["top.yaml", "dir"]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.files).toEqual(["top.yaml", "dir/a.yaml", "dir/b.yml", "dir/nested/c.yaml"]);
    expect(loaded.objects.map((o) => `${o.kind}/${o.id}@${o.location.file}:${o.location.line}`)).toEqual([
      "proxies/p1@top.yaml:2",
      "proxies/p2@dir/a.yaml:2",
      "proxies/p3@dir/b.yml:2",
      "agent_policies/ap@dir/nested/c.yaml:2",
    ]);
  });

  test("multi-document YAML files contribute every document", async () => {
    const loaded = await loadOne(
      "proxies:\n  - id: p1\n    name: one\n    url: http://p1\n---\nproxies:\n  - id: p2\n    name: two\n    url: http://p2\n",
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => [o.id, o.location.line, o.location.column])).toEqual([
      ["p1", 2, 5],
      ["p2", 7, 5],
    ]);
  });

  test("case_settings are identified by owner and fleet_settings by the singleton id", async () => {
    const loaded = await loadOne(
      "case_settings:\n  - owner: cases\n    closure_type: close-by-user\nfleet_settings:\n  prerelease_integrations_enabled: true\n",
    );
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => [o.kind, o.id])).toEqual([
      ["case_settings", "cases"],
      ["fleet_settings", "settings"],
    ]);
    expect(loaded.objects[1]!.body).toEqual({ prerelease_integrations_enabled: true });
  });

  test("locate points at nested values and, with key, at field names", async () => {
    const loaded = await loadOne(
      "outputs:\n  - id: es\n    hosts:\n      - https://a:9200\n      - https://b:9200\n",
    );
    const es = loaded.objects[0]!;
    expect(es.locate(["hosts", 1])).toMatchObject({ line: 5, column: 9 });
    expect(es.locate(["hosts"], { key: true })).toMatchObject({ line: 3, column: 5 });
    expect(es.locate(["absent", "deeper"])).toEqual(es.location);
  });

  test("an unknown section is an error at its key with a did-you-mean suggestion", async () => {
    const loaded = await loadOne("proxies: []\noutput:\n  - id: x\n");
    expect(where(loaded.errors)).toEqual(['m.yaml:2:1 unknown section "output"; did you mean "outputs"?']);
    expect(loaded.errors[0]!.hint).toContain("fleet_settings");
  });

  test("a section that is not a list, and fleet_settings that is not a mapping, are errors", async () => {
    const loaded = await loadOne("outputs:\n  id: x\nfleet_settings:\n  - a\nproxies:\n  - just-a-string\n");
    expect(where(loaded.errors)).toEqual([
      "m.yaml:2:3 outputs must be a list of objects",
      "m.yaml:4:3 fleet_settings must be a mapping of settings, not a list",
      "m.yaml:6:5 entry 1 of proxies must be a mapping of fields, not a string",
    ]);
  });

  test("a document that is not a mapping is an error", async () => {
    const loaded = await loadOne("- outputs\n");
    expect(where(loaded.errors)).toEqual(["m.yaml:1:1 a manifest document must be a mapping of sections"]);
  });

  test("a duplicate id within a kind names both places", async () => {
    const root = await writeTree({
      "a.yaml": "outputs:\n  - id: es-prod\n    name: a\n",
      "b.yaml":
        "proxies:\n  - id: es-prod\n    name: same id, other kind\n    url: http://p\noutputs:\n  - name: b\n    id: es-prod\n",
    });
    const loaded = await load(root, ["a.yaml", "b.yaml"]);
    expect(where(loaded.errors)).toEqual([
      'b.yaml:7:9 duplicate id "es-prod" in outputs: defined here and at a.yaml:2:9',
    ]);
  });

  test("a duplicate case_settings owner and a second fleet_settings are errors", async () => {
    const root = await writeTree({
      "a.yaml":
        "case_settings:\n  - owner: cases\nfleet_settings:\n  prerelease_integrations_enabled: true\n",
      "b.yaml":
        "case_settings:\n  - owner: cases\nfleet_settings:\n  prerelease_integrations_enabled: false\n",
    });
    const loaded = await load(root, ["a.yaml", "b.yaml"]);
    expect(where(loaded.errors)).toEqual([
      'b.yaml:2:12 duplicate owner "cases" in case_settings: defined here and at a.yaml:2:12',
      "b.yaml:4:3 fleet_settings is defined twice: here and at a.yaml:4:3",
    ]);
  });

  test("a path that does not exist, and a directory without manifests, are errors", async () => {
    const root = await writeTree({ "ok.yaml": "proxies: []\n" });
    await mkdir(join(root, "empty"));
    const loaded = await load(root, ["missing.yaml", "empty", "ok.yaml"]);
    expect(where(loaded.errors)).toEqual([
      'path "missing.yaml" does not exist',
      'directory "empty" holds no *.yaml or *.yml files',
    ]);
    expect(loaded.files).toEqual(["ok.yaml"]);
  });

  test("empty files and comment-only documents load without errors or objects", async () => {
    const root = await writeTree({ "empty.yaml": "", "comments.yaml": "# nothing yet\n---\n" });
    const loaded = await load(root, ["empty.yaml", "comments.yaml"]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects).toEqual([]);
  });

  test("a symlinked file or directory leading out of the directory given is refused, and the rest loads", async () => {
    const outside = await writeTree({
      "secret.yaml": "proxies:\n  - id: stolen\n    name: s\n    url: http://s\n",
      "dir/more.yaml": "proxies:\n  - id: stolen-too\n    name: s\n    url: http://s\n",
    });
    const root = await writeTree({
      "repo/m.yaml": "proxies:\n  - id: mine\n    name: m\n    url: http://m\n",
    });
    await symlink(join(outside, "secret.yaml"), join(root, "repo", "link.yaml"));
    await symlink(join(outside, "dir"), join(root, "repo", "linked-dir"));
    const loaded = await load(join(root, "repo"), ["."]);
    expect(where(loaded.errors)).toEqual([
      `"link.yaml" is a symlink to ${join(outside, "secret.yaml")}, outside "." and the working directory; it was not read`,
      `"linked-dir" is a symlink to ${join(outside, "dir")}, outside "." and the working directory; it was not read`,
    ]);
    expect(loaded.objects.map((o) => o.id)).toEqual(["mine"]);
  });

  test("a symlink that stays inside the directory given is followed", async () => {
    const root = await writeTree({
      "shared/p.yaml": "proxies:\n  - id: p\n    name: p\n    url: http://p\n",
    });
    await mkdir(join(root, "env"));
    await symlink(join(root, "shared", "p.yaml"), join(root, "env", "p.yaml"));
    const loaded = await loadManifests([join(root, "env")], { cwd: root, env: {} });
    expect(loaded.errors).toEqual([]);
    expect(loaded.objects.map((o) => o.id)).toEqual(["p"]);
  });
});
