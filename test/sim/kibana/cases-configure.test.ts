/**
 * Kibana's own Cases configuration API tests, ported: x-pack/platform/test/cases_api_integration/
 * security_and_spaces/tests/common/configure/post_configure.ts ('post_configure') and get_configure.ts
 * ('get_configure'; its rbac tests need users and roles, which the simulator does not model: only the
 * owner filter is ported); patch_configure.ts is in cases-patch-configure.test.ts. The
 * `extractObservables` and `workflowTags` tests are Kibana main only (not in 9.x): not ported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { call, type Harness, startHarness } from "../helpers.js";
import { configureApi, numberField, request, textField, toggleField } from "./cases-fixtures.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const { post } = configureApi(() => h.api);

describe("Kibana configure/post_configure.ts", () => {
  it("should create a configuration", async () => {
    const res = await post(request());
    expect(res.body).toMatchObject({
      connector: { id: "none", name: "none", type: ".none", fields: null },
      closure_type: "close-by-user",
      customFields: [],
      templates: [],
      observableTypes: [],
      mappings: [],
      error: null,
      updated_at: null,
      updated_by: null,
    });
  });

  it("should create a configuration with customFields (number fields included)", async () => {
    const customFields = [
      { key: "text_1", label: "text 1", type: "text", required: false },
      { key: "toggle_1", label: "toggle 1", type: "toggle", required: true, defaultValue: false },
      { key: "number_1", label: "number 1", type: "number", required: false },
      { key: "number_2", label: "number 2", type: "number", required: true, defaultValue: 2 },
    ];
    const res = await post(request({}, { customFields }));
    expect(res.status).toBe(200);
    expect(res.body.customFields).toEqual(customFields);
  });

  it("should create a configuration with templates", async () => {
    const templates = [
      {
        key: "test_template_1",
        name: "First test template",
        description: "This is a first test template",
        caseFields: {
          customFields: [
            { key: "text_field_1", type: "text", value: null },
            { key: "toggle_field_1", value: false, type: "toggle" },
            { key: "number_field_1", value: 3, type: "number" },
          ],
        },
      },
    ];
    const res = await post(request({}, { customFields: [textField, toggleField, numberField], templates }));
    expect(res.status).toBe(200);
    expect(res.body.templates).toEqual(templates);
  });

  it("should keep only the latest configuration", async () => {
    await post(request({ id: "connector-2" }));
    await post(request());
    const res = await h.api.request("GET", "/api/cases/configure");
    expect(res.body).toHaveLength(1);
  });

  it("should return the correct mapping for Jira", async () => {
    const res = await post(request({ id: "jira", name: "Jira", type: ".jira" }));
    expect(res.body.mappings).toEqual([
      { action_type: "overwrite", source: "title", target: "summary" },
      { action_type: "overwrite", source: "description", target: "description" },
      { action_type: "overwrite", source: "tags", target: "labels" },
      { action_type: "append", source: "comments", target: "comments" },
    ]);
  });

  describe("validation", () => {
    it("should not create a configuration when missing connector.id", async () => {
      expect(
        (
          await post({
            connector: { name: "c", type: ".none", fields: null },
            closure_type: "close-by-user",
            owner: "cases",
          })
        ).status,
      ).toBe(400);
    });

    it("should not create a configuration when missing connector.fields", async () => {
      expect(
        (
          await post({
            connector: { id: "t", name: "c", type: ".none" },
            closure_type: "close-by-user",
            owner: "cases",
          })
        ).status,
      ).toBe(400);
    });

    it("should not create a configuration when when missing closure_type", async () => {
      expect(
        (await post({ connector: { id: "t", name: "c", type: ".none", fields: null }, owner: "cases" }))
          .status,
      ).toBe(400);
    });

    it("should not create a configuration when fields are not null", async () => {
      expect((await post(request({ id: "test-id", name: "Connector", fields: {} }))).status).toBe(400);
    });

    it("should not create a configuration with unsupported connector type", async () => {
      expect((await post(request({ type: ".unsupported" }))).status).toBe(400);
    });

    it("should not create a configuration with unsupported connector fields", async () => {
      expect((await post(request({ type: ".jira", fields: { unsupported: "value" } }))).status).toBe(400);
    });

    it("should not create a configuration when customField label is too long", async () => {
      const customFields = [{ key: "hello", label: "#".repeat(51), type: "text", required: false }];
      expect((await post(request({}, { customFields }))).status).toBe(400);
    });

    it("should not create a configuration with duplicated keys", async () => {
      const customFields = [
        { key: "duplicated_key", label: "#1", type: "text", required: false },
        { key: "duplicated_key", label: "#2", type: "text", required: false },
      ];
      const res = await post(request({}, { customFields }));
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("Invalid duplicated customFields keys in request: duplicated_key");
    });

    it("should not create a configuration with duplicated template keys", async () => {
      const templates = [
        { key: "test_template_1", name: "First", description: "d", caseFields: null },
        {
          key: "test_template_1",
          name: "Third",
          description: "d",
          caseFields: { title: "t", tags: ["sample-3"] },
        },
      ];
      const res = await post(request({}, { templates }));
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("Invalid duplicated templates keys in request: test_template_1");
    });

    it("should not create a configuration when templates have custom fields and custom fields don't exist in the configuration", async () => {
      const templates = [
        {
          key: "test_template_1",
          name: "First test template",
          description: "d",
          caseFields: { customFields: [{ key: "random_key", type: "text", value: "Test" }] },
        },
      ];
      const res = await post(request({}, { customFields: [], templates }));
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("Invalid custom field keys: random_key");
    });

    it("should not create a configuration when templates do not have custom fields and custom fields exist in the configuration", async () => {
      const customFields = [
        { key: "random_key", type: "text", label: "New custom field", defaultValue: "Test", required: true },
      ];
      const templates = [{ key: "test_template_1", name: "First", description: "d", caseFields: null }];
      const res = await post(request({}, { customFields, templates }));
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("No custom fields added to template.");
    });
  });
});

describe("Kibana configure/get_configure.ts", () => {
  const getAll = async (query?: object) =>
    (await call(h.api, "GET", "/api/cases/configure", undefined, query)).body as any[];

  it("should return an empty find body correctly if no configuration is loaded", async () => {
    expect(await getAll()).toEqual([]);
  });

  it("should return a configuration", async () => {
    await post(request());
    const [configuration] = await getAll();
    expect(configuration).toEqual({
      ...request(),
      customFields: [],
      templates: [],
      observableTypes: [],
      mappings: [],
      error: null,
      id: expect.any(String),
      version: expect.any(String),
      created_at: expect.any(String),
      created_by: expect.objectContaining({ username: expect.any(String) }),
      updated_at: null,
      updated_by: null,
    });
  });

  it("should return a configuration with customFields", async () => {
    const customFields = [
      { key: "hello", label: "text", type: "text", required: false },
      { key: "goodbye", label: "toggle", type: "toggle", required: true, defaultValue: false },
      { key: "num", label: "number", type: "number", required: true, defaultValue: 1 },
    ];
    await post(request({}, { customFields }));
    expect((await getAll())[0].customFields).toEqual(customFields);
  });

  it("should return a configuration with templates, as they were sent", async () => {
    const templates = [
      { key: "test_template_1", name: "First", description: "first", tags: [], caseFields: null },
      {
        key: "test_template_2",
        name: "Second",
        description: "second",
        tags: ["foobar"],
        caseFields: {
          title: "Case with sample template 2",
          description: "case desc",
          severity: "low",
          category: null,
          tags: ["sample-4"],
          assignees: [],
          customFields: [],
          connector: { id: "none", name: "My Connector", type: ".none", fields: null },
        },
      },
      {
        key: "test_template_3",
        name: "Third",
        description: "third",
        caseFields: { title: "Case with sample template 3", tags: ["sample-3"] },
      },
    ];
    await post(request({}, { templates }));
    expect((await getAll())[0].templates).toEqual(templates);
  });

  it("should get a single configuration, the latest", async () => {
    await post(request({ id: "connector-2" }));
    await post(request());
    const configurations = await getAll();
    expect(configurations).toHaveLength(1);
    expect(configurations[0].connector.id).toBe("none");
  });

  it("should respect the owner filter", async () => {
    await post(request());
    await post(request({}, { owner: "observability" }));
    expect((await getAll()).map((c) => c.owner).sort()).toEqual(["cases", "observability"]);
    expect((await getAll({ owner: "cases" })).map((c) => c.owner)).toEqual(["cases"]);
  });
});
