/**
 * Tests of the contract harness itself that need no contract: where the spec is read from
 * (test/support/openapi.ts) and the OpenAPI 3.0 → JSON Schema conversion (test/support/openapi-schema.ts),
 * on hand-made schemas. The harness must reject invalid bodies, so the contract suite cannot pass vacuously.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_SPEC_PATH, specAvailable, specPath } from "../support/openapi.js";
import { dereference, toJsonSchema } from "../support/openapi-schema.js";

describe("spec location", () => {
  const saved = process.env.FLEETFORM_OPENAPI;
  afterEach(() => {
    if (saved === undefined) delete process.env.FLEETFORM_OPENAPI;
    else process.env.FLEETFORM_OPENAPI = saved;
  });

  it("defaults to ../shared/kibana-openapi/fleet-cases.yaml beside the repo", () => {
    delete process.env.FLEETFORM_OPENAPI;
    expect(specPath()).toBe(DEFAULT_SPEC_PATH);
    expect(DEFAULT_SPEC_PATH.replace(/\\/g, "/")).toMatch(/\/shared\/kibana-openapi\/fleet-cases\.yaml$/);
  });

  it("FLEETFORM_OPENAPI overrides it, and a missing file makes specAvailable() false", () => {
    process.env.FLEETFORM_OPENAPI = join(tmpdir(), "no-such-dir-fleetform", "missing.yaml");
    expect(specPath()).toBe(process.env.FLEETFORM_OPENAPI);
    expect(specAvailable()).toBe(false);
  });
});

describe("OpenAPI 3.0 → JSON Schema conversion", () => {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });

  it("turns nullable into a union with null, and keeps non-nullable fields strict", () => {
    const schema = toJsonSchema({
      type: "object",
      properties: { a: { type: "string", nullable: true }, b: { type: "string" } },
    });
    const validate = ajv.compile(schema as object);
    expect(validate({ a: null, b: "x" })).toBe(true);
    expect(validate({ a: "x", b: null })).toBe(false);
  });

  it("adds null to a nullable enum and wraps a nullable schema without type", () => {
    const e = ajv.compile(toJsonSchema({ type: "string", enum: ["a"], nullable: true }) as object);
    expect(e(null)).toBe(true);
    expect(e("b")).toBe(false);
    const u = ajv.compile(
      toJsonSchema({ oneOf: [{ type: "number" }, { not: {} }], nullable: true }) as object,
    );
    expect(u(null)).toBe(true);
    expect(u(4)).toBe(true);
    expect(u("4")).toBe(false);
  });

  it("drops example and x-* keys but never property names that look like them", () => {
    const out = toJsonSchema({
      type: "object",
      example: { a: 1 },
      "x-oas-optional": true,
      properties: { example: { type: "string", "x-foo": 1 } },
    }) as Record<string, any>;
    expect(out.example).toBeUndefined();
    expect(out["x-oas-optional"]).toBeUndefined();
    expect(out.properties.example).toEqual({ type: "string" });
  });

  it("converts OAS 3.0 boolean exclusiveMinimum to the JSON Schema number form", () => {
    const v = ajv.compile(toJsonSchema({ type: "number", minimum: 0, exclusiveMinimum: true }) as object);
    expect(v(0)).toBe(false);
    expect(v(0.1)).toBe(true);
  });

  it("removes the four conditional fields from the kafka variants' required (behaviours doc §6)", () => {
    const out = toJsonSchema({
      type: "object",
      properties: { type: { type: "string", enum: ["kafka"] } },
      required: [
        "name",
        "type",
        "hosts",
        "compression_level",
        "auth_type",
        "connection_type",
        "username",
        "password",
      ],
    }) as Record<string, any>;
    expect(out.required).toEqual(["name", "type", "hosts", "auth_type"]);
    const other = toJsonSchema({
      type: "object",
      properties: { type: { type: "string", enum: ["logstash"] } },
      required: ["username"],
    }) as Record<string, any>;
    expect(other.required).toEqual(["username"]);
  });

  it("dereferences recursive $refs into $defs so ajv can compile them", () => {
    const doc = {
      components: {
        schemas: {
          Node: {
            type: "object",
            properties: {
              name: { type: "string" },
              children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
            },
            required: ["name"],
            additionalProperties: false,
          },
        },
      },
    };
    const defs: Record<string, any> = {};
    const inlined = dereference(doc, { $ref: "#/components/schemas/Node" }, defs) as Record<string, any>;
    const schema = toJsonSchema(inlined) as Record<string, any>;
    schema.$defs = Object.fromEntries(Object.entries(defs).map(([k, v]) => [k, toJsonSchema(v)]));
    const validate = ajv.compile(schema);
    expect(validate({ name: "a", children: [{ name: "b", children: [{ name: "c" }] }] })).toBe(true);
    expect(validate({ name: "a", children: [{ name: "b", children: [{ nom: "c" }] }] })).toBe(false);
  });
});
