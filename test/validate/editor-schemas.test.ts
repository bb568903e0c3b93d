// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
/**
 * schemas/editor/: the schemas an editor checks manifests with, as they are written (before
 * interpolation). src/validate/ keeps checking the interpolated values against schemas/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { SCHEMAS_DIR } from "../../src/validate/index.js";
import { validateYaml } from "./helpers.js";

const require = createRequire(import.meta.url);
const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
const addFormats = require("ajv-formats") as { default: (ajv: unknown) => void };

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

/** The editor's manifest schema alone, compiled as an editor would (it refers to no other file). */
function editorValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(new URL("editor/manifest.schema.json", SCHEMAS_DIR), "utf8")));
}
const validate = editorValidator();

function exampleManifests(): string[] {
  return readdirSync(EXAMPLES, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith("ci"))
    .map((f) => join(EXAMPLES, f));
}

const kafka = (extra: Record<string, unknown>) => ({
  outputs: [{ id: "k", name: "Kafka", type: "kafka", hosts: ["kafka:9092"], auth_type: "none", ...extra }],
});

describe("the editor schema (schemas/editor/manifest.schema.json)", () => {
  test("accepts every example manifest", () => {
    const files = exampleManifests();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      validate(parse(readFileSync(file, "utf8")));
      expect(validate.errors ?? [], file).toEqual([]);
    }
  });

  test("accepts a typed reference ${env:X:int} in an integer field", () => {
    expect(validate(kafka({ required_acks: "${env:KAFKA_ACKS:int}" })), JSON.stringify(validate.errors)).toBe(
      true,
    );
    expect(validate(kafka({ required_acks: "${env:KAFKA_ACKS:public:int}" }))).toBe(true);
  });

  test("refuses a string that is not a typed reference in an integer field", () => {
    for (const value of ["all", "${env:KAFKA_ACKS}", "${env:KAFKA_ACKS:bool}", "x${env:KAFKA_ACKS:int}"]) {
      expect(validate(kafka({ required_acks: value })), value).toBe(false);
    }
  });

  test("accepts ${env:X:bool} in a boolean field and refuses other text there", () => {
    const settings = (value: unknown) => ({ fleet_settings: { prerelease_integrations_enabled: value } });
    expect(validate(settings("${env:PRERELEASE:bool}"))).toBe(true);
    expect(validate(settings("${env:PRERELEASE:int}"))).toBe(false);
    expect(validate(settings("yes"))).toBe(false);
  });

  test("accepts a reference in a text field whose pattern the reference itself would not match", () => {
    const policy = { id: "p", name: "P", namespace: "${env:FLEET_NAMESPACE:public}" };
    expect(validate({ agent_policies: [policy] }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ agent_policies: [{ ...policy, namespace: "Not:Valid" }] })).toBe(false);
  });

  test("refers to no other file, so that the one file `fleetform schema` prints works anywhere", () => {
    const text = readFileSync(new URL("editor/manifest.schema.json", SCHEMAS_DIR), "utf8");
    const refs = [...text.matchAll(/"\$ref": "([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !r.startsWith("#/"))).toEqual([]);
  });
});

describe("validation after interpolation (schemas/)", () => {
  test("takes the number a typed reference gives an integer field", async () => {
    const yaml = `outputs:
  - {id: k, name: Kafka, type: kafka, hosts: ["kafka:9092"], auth_type: none, required_acks: "\${env:KAFKA_ACKS:int}"}
`;
    expect(await validateYaml(yaml, { KAFKA_ACKS: "1" })).toEqual([]);
  });

  test("still refuses a string in an integer field, even one that reads like a reference", async () => {
    const yaml = `outputs:
  - {id: k, name: Kafka, type: kafka, hosts: ["kafka:9092"], auth_type: none, required_acks: "$\${env:KAFKA_ACKS:int}"}
`;
    const errors = await validateYaml(yaml);
    expect(errors.map((e) => e.message)).toContainEqual(
      expect.stringMatching(/^wrong type for required_acks .* got string$/),
    );
  });
});
