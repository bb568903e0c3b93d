// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/**
 * Diagnostics carry stable codes (src/diagnostics/codes.ts) that scripts read from `--json`: each
 * producer sets its own, and a code keeps its text once published.
 */
import { describe, expect, test } from "vitest";
import { CODES } from "../../src/diagnostics/codes.js";
import { checkReferences } from "../../src/diff/references.js";
import { KINDS } from "../../src/kinds/index.js";
import { diagnosticToJson } from "../../src/render/diagnostics.js";
import { load, loadOne, writeTree } from "../load/helpers.js";
import { validateYaml } from "./helpers.js";

const codesOf = (diagnostics: { code?: string }[]) => diagnostics.map((d) => d.code);

describe("diagnostic codes", () => {
  test("the published codes keep their text", () => {
    // A script matches these strings: renaming one breaks it. Add codes; never change these.
    expect(CODES).toEqual({
      manifestFile: "manifest-file",
      yaml: "yaml",
      manifestShape: "manifest-shape",
      interpolation: "interpolation",
      duplicateObject: "duplicate-object",
      schema: "schema",
      referenceMissing: "reference-missing",
      referenceOtherSpace: "reference-other-space",
      unknownPackage: "unknown-package",
      versionRefused: "version-refused",
      packagePin: "package-pin",
      objectInvalid: "object-invalid",
      unplannable: "unplannable",
      nameTaken: "name-taken",
      protectedObject: "protected-object",
      spaceConflict: "space-conflict",
      defaultFlag: "default-flag",
      credentialInClear: "credential-in-clear",
      keptField: "kept-field",
      deleteBlocked: "delete-blocked",
      storedOtherwise: "stored-otherwise",
      tokenNotRotated: "token-not-rotated",
      usage: "usage",
      connection: "connection",
      kibanaError: "kibana-error",
    });
  });

  test("no two kinds of problem share a code", () => {
    const codes = Object.values(CODES);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test("a path that does not exist is a manifest-file error", async () => {
    const root = await writeTree({});
    expect(codesOf((await load(root, ["missing.yaml"])).errors)).toEqual(["manifest-file"]);
  });

  test("text that is no YAML is a yaml error", async () => {
    expect(codesOf((await loadOne("proxies: [\n")).errors)).toEqual(["yaml"]);
  });

  test("an unknown section is a manifest-shape error", async () => {
    expect(codesOf((await loadOne("proxys: []\n")).errors)).toEqual(["manifest-shape"]);
  });

  test("an unset environment variable is an interpolation error", async () => {
    const loaded = await loadOne("proxies:\n  - id: px\n    name: P\n    url: ${env:NOT_SET}\n");
    expect(codesOf(loaded.errors)).toEqual(["interpolation"]);
  });

  test("one id twice is a duplicate-object error", async () => {
    const proxy = "  - id: px\n    name: P\n    url: http://p:3128\n";
    expect(codesOf((await loadOne(`proxies:\n${proxy}${proxy}`)).errors)).toEqual(["duplicate-object"]);
  });

  test("a field the schema refuses is a schema error", async () => {
    const problems = await validateYaml(
      "proxies:\n  - id: px\n    name: P\n    url: http://p:3128\n    urll: x\n",
    );
    expect(codesOf(problems)).toEqual(["schema"]);
  });

  test("a reference to an object nowhere in the manifests is reference-missing", async () => {
    const loaded = await loadOne(
      "agent_policies:\n  - id: web\n    name: Web\n    namespace: default\n    data_output_id: es-typo\n",
    );
    expect(codesOf(checkReferences(loaded.objects, undefined, KINDS))).toEqual(["reference-missing"]);
  });

  test("--json shows the code beside the message", () => {
    const json = diagnosticToJson({ severity: "error", code: CODES.schema, message: "m" });
    expect(json).toEqual({ severity: "error", message: "m", code: "schema" });
  });
});
