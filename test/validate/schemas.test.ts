import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { KIND_NAMES } from "../../src/kinds/shapes.js";
import { manifestFileValidator, SCHEMAS_DIR } from "../../src/validate/index.js";
import { kindValidator } from "../../src/validate/schemas.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OPENAPI = join(ROOT, "..", "shared", "kibana-openapi", "fleet-cases.yaml");
const EVERY_KIND = fileURLToPath(new URL("../fixtures/every-kind/", import.meta.url));

describe("schemas/", () => {
  test("holds one schema per kind plus manifest.schema.json, and their editor variants in editor/", () => {
    const schemas = [...KIND_NAMES.map((k) => `${k}.schema.json`), "manifest.schema.json"].sort();
    expect(readdirSync(SCHEMAS_DIR).sort()).toEqual([...schemas, "editor"].sort());
    expect(readdirSync(new URL("editor/", SCHEMAS_DIR)).sort()).toEqual(schemas);
  });

  test.skipIf(!existsSync(OPENAPI))("scripts/gen-schemas.mjs reproduces the committed schemas", () => {
    const out = mkdtempSync(join(tmpdir(), "fleetform-schemas-"));
    execFileSync(process.execPath, [join(ROOT, "scripts", "gen-schemas.mjs"), OPENAPI, out]);
    const names = readdirSync(SCHEMAS_DIR, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(relative(fileURLToPath(SCHEMAS_DIR), entry.parentPath), entry.name));
    expect(names).toContain(join("editor", "manifest.schema.json"));
    for (const name of names) {
      expect(readFileSync(join(out, name), "utf8"), name).toBe(
        readFileSync(new URL(name, SCHEMAS_DIR), "utf8"),
      );
    }
  });

  test("identity, name and namespace fields carry descriptions for editor completion", () => {
    for (const kind of KIND_NAMES) {
      const schema = JSON.parse(readFileSync(new URL(`${kind}.schema.json`, SCHEMAS_DIR), "utf8"));
      const props = kind === "outputs" ? schema.$defs.elasticsearch.properties : schema.properties;
      for (const field of ["id", "name", "owner", "namespace"].filter((f) => f in props)) {
        expect(props[field].description, `${kind}.${field}`).toEqual(expect.any(String));
      }
    }
  });

  test("manifest.schema.json accepts the every-kind fixture files", () => {
    const validate = manifestFileValidator();
    for (const file of readdirSync(EVERY_KIND)) {
      const ok = validate(parse(readFileSync(join(EVERY_KIND, file), "utf8")));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  test("manifest.schema.json rejects an unknown section and a list-shaped fleet_settings", () => {
    const validate = manifestFileValidator();
    expect(validate({ outptus: [] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: "additionalProperties",
      params: { additionalProperty: "outptus" },
    });
    expect(validate({ fleet_settings: [{ prerelease_integrations_enabled: true }] })).toBe(false);
  });

  test("manifest.schema.json accepts a document space and a section in a space, for space-scoped kinds only", () => {
    const validate = manifestFileValidator();
    const policy = { id: "a", name: "A", namespace: "default" };
    expect(validate({ space: "ops", agent_policies: { space: "web", items: [policy] } })).toBe(true);
    expect(validate({ space: "Ops" })).toBe(false);
    expect(validate({ outputs: { space: "ops", items: [] } })).toBe(false);
  });

  test("a body from Kibana's Preview API request validates once it has an id", () => {
    // As Kibana's UI previews `POST kbn:/api/fleet/outputs` and `POST kbn:/api/fleet/agent_policies`.
    const output = {
      name: "Remote cluster",
      type: "remote_elasticsearch",
      hosts: ["https://remote.example.com:443"],
      is_default: false,
      is_default_monitoring: false,
      preset: "balanced",
      config_yaml: "",
      ssl: { certificate: "", certificate_authorities: [] },
      proxy_id: null,
      secrets: { service_token: "AAEAAWVs" },
      sync_integrations: false,
    };
    const policy = {
      name: "Agent policy 1",
      description: "",
      namespace: "default",
      monitoring_enabled: ["logs", "metrics", "traces"],
      inactivity_timeout: 1209600,
      is_protected: false,
    };
    const outputs = kindValidator("outputs");
    expect(outputs(output)).toBe(false);
    expect(outputs.errors?.map((e) => e.params)).toContainEqual({ missingProperty: "id" });
    expect(outputs({ id: "remote", ...output }), JSON.stringify(outputs.errors)).toBe(true);
    const policies = kindValidator("agent_policies");
    expect(policies({ id: "p1", ...policy }), JSON.stringify(policies.errors)).toBe(true);
  });
});
