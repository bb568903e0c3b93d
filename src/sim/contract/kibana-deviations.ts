/**
 * Where Kibana 9.x's own request schemas and API tests accept more than the older contract extract
 * (../shared/kibana-openapi/fleet-cases.yaml). Kibana's handlers win: these patches are applied to the
 * converted JSON Schemas by the simulator's request validation (src/sim/validate.ts) and by the test
 * suite's contract checks (test/support/openapi.ts), so a faithful answer never counts as a violation.
 *
 * - `compiled_stream` of a legacy package-policy stream is `schema.maybe(schema.any())` in
 *   FLEET/server/types/models/package_policy.ts; the generator marks the untyped key required. Kibana's
 *   own tests post streams without it (fleet_api_integration/apis/package_policy/create.ts).
 * - Cases custom fields have a `number` type since 8.16 (CASES/common/types/domain/custom_field/v1.ts):
 *   a number `defaultValue`/`value`, and a `null` template value (configure/post_configure.ts).
 * - Cases configurations take `observableTypes: [{key, label}]` since 8.18
 *   (CASES/common/types/api/configure/v1.ts; configure/patch_configure.ts), and a template's
 *   `caseFields` may be null (configure/post_configure.ts, patch_configure.ts), its `category` too
 *   (configure/get_configure.ts 'should return a configuration with templates').
 */

type Schema = Record<string, any>;

const OBSERVABLE_TYPES: Schema = {
  type: "array",
  maxItems: 10,
  items: {
    type: "object",
    properties: { key: { type: "string" }, label: { type: "string", minLength: 1, maxLength: 50 } },
    required: ["key", "label"],
  },
};

const isTextToggleEnum = (v: unknown) =>
  Array.isArray(v) && v.length === 2 && v.includes("text") && v.includes("toggle");

const isStringOrBoolean = (s: Schema | undefined) =>
  Array.isArray(s?.oneOf) &&
  s.oneOf.length === 2 &&
  s.oneOf.some((o: Schema) => o?.type === "string") &&
  s.oneOf.some((o: Schema) => o?.type === "boolean");

/** Patches a converted JSON Schema in place (and returns it). */
export function applyKibanaDeviations<T>(schema: T): T {
  walk(schema as unknown);
  return schema;
}

function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n);
    return;
  }
  if (!node || typeof node !== "object") return;
  const s = node as Schema;
  const props = s.properties as Schema | undefined;
  if (props && Array.isArray(s.required) && "compiled_stream" in props) {
    s.required = s.required.filter((k: string) => k !== "compiled_stream");
  }
  if (props?.type && isTextToggleEnum(props.type.enum)) {
    props.type.enum = [...props.type.enum, "number"];
    for (const key of ["defaultValue", "value"]) {
      if (isStringOrBoolean(props[key])) props[key] = { type: ["string", "boolean", "number", "null"] };
    }
  }
  if (props?.closure_type && props.connector && !props.observableTypes)
    props.observableTypes = OBSERVABLE_TYPES;
  if (props?.caseFields?.type === "object") props.caseFields.type = ["object", "null"];
  if (props?.caseFields?.properties?.category?.type === "string")
    props.caseFields.properties.category.type = ["string", "null"];
  for (const value of Object.values(s)) walk(value);
}
