/**
 * Kibana's own Cases configuration PATCH tests, ported: x-pack/platform/test/cases_api_integration/
 * security_and_spaces/tests/common/configure/patch_configure.ts ('patch_configure'). Its rbac tests need
 * users and roles, which the simulator does not model: only the cross-space 404 is ported. The
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

const { post, patch } = configureApi(() => h.api);

describe("Kibana configure/patch_configure.ts", () => {
  it("should patch a configuration", async () => {
    const created = await post(request());
    const res = await patch(created.body.id, {
      closure_type: "close-by-pushing",
      version: created.body.version,
    });
    expect(res.body.closure_type).toBe("close-by-pushing");
  });

  it("should patch a configuration with observableTypes", async () => {
    const created = await post(request());
    const observableTypes = [{ key: "50d4d08c-12b4-4055-a343-b303e0ab3724", label: "type 1" }];
    const res = await patch(created.body.id, { version: created.body.version, observableTypes });
    expect(res.body.observableTypes).toEqual(observableTypes);
  });

  it("should not patch a configuration with duplicated observableTypes", async () => {
    const created = await post(request());
    const res = await patch(created.body.id, {
      version: created.body.version,
      observableTypes: [
        { key: "50d4d08c-12b4-4055-a343-b303e0ab3724", label: "duplicate" },
        { key: "fc3ff698-589a-44fd-bbc4-ffaa0b7211f7", label: "duplicate" },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("Invalid duplicated observable types in request: duplicate");
  });

  it("should update mapping when changing connector", async () => {
    const created = await post(request());
    await patch(created.body.id, {
      connector: { id: "serviceNowITSM", name: "ServiceNow ITSM", type: ".servicenow", fields: null },
      version: created.body.version,
    });
    const res = await h.api.request("GET", "/api/cases/configure");
    expect(res.body[0].mappings).toEqual([
      { action_type: "overwrite", source: "title", target: "short_description" },
      { action_type: "overwrite", source: "description", target: "description" },
      { action_type: "append", source: "comments", target: "work_notes" },
    ]);
  });

  it("should patch a configuration with templates (missing custom fields filled with their defaults)", async () => {
    const customFields = [textField, toggleField];
    const created = await post(request({}, { customFields }));
    const templates = [
      {
        key: "test_template_1",
        name: "First test template",
        description: "d",
        tags: ["foo", "bar"],
        caseFields: null,
      },
      {
        key: "test_template_3",
        name: "Third",
        description: "d",
        tags: [],
        caseFields: { title: "t3", tags: ["sample-3"] },
      },
    ];
    const res = await patch(created.body.id, { version: created.body.version, customFields, templates });
    const filled = [
      { key: "text_field_1", type: "text", value: null },
      { key: "toggle_field_1", value: false, type: "toggle" },
    ];
    expect(res.body.templates).toEqual([
      { ...templates[0], caseFields: { customFields: filled } },
      { ...templates[1], caseFields: { title: "t3", tags: ["sample-3"], customFields: filled } },
    ]);
  });

  it("should remove custom fields from templates", async () => {
    const created = await post(request({}, { customFields: [textField, toggleField, numberField] }));
    const template = {
      key: "test_template_2",
      name: "Second test template",
      description: "d",
      caseFields: {
        title: "Case with sample template 2",
        customFields: [
          { key: "text_field_1", type: "text", value: "this is a text field value" },
          { key: "toggle_field_1", value: true, type: "toggle" },
          { key: "number_field_1", value: 123, type: "number" },
        ],
      },
    };
    const res = await patch(created.body.id, {
      version: created.body.version,
      customFields: [],
      templates: [template],
    });
    expect(res.body.templates).toEqual([
      { ...template, caseFields: { ...template.caseFields, customFields: [] } },
    ]);
  });

  it("should not patch a configuration with unsupported connector fields", async () => {
    const created = await post(request());
    const res = await patch(created.body.id, {
      version: created.body.version,
      connector: { id: "jira", name: "Jira", type: ".jira", fields: { unsupported: "value" } },
    });
    expect(res.status).toBe(400);
  });

  it("should patch a configuration with customFields", async () => {
    const customFields = [
      { key: "text_field_1", label: "#1", type: "text", required: true },
      { key: "toggle_field_1", label: "#2", type: "toggle", required: false },
      { key: "text_field_2", label: "#3", type: "text", required: true, defaultValue: "foobar" },
      { key: "toggle_field_2", label: "#4", type: "toggle", required: false, defaultValue: true },
    ];
    const created = await post(request());
    const res = await patch(created.body.id, { version: created.body.version, customFields });
    expect(res.body).toMatchObject({ ...request(), customFields, updated_by: expect.any(Object) });
    expect(res.body.updated_at).toEqual(expect.any(String));
  });

  describe("validation", () => {
    it("should not patch a configuration with unsupported connector type", async () => {
      const created = await post(request());
      const res = await patch(created.body.id, {
        version: created.body.version,
        connector: { id: "none", name: "none", type: ".unsupported", fields: null },
      });
      expect(res.status).toBe(400);
    });

    it("should handle patch request when there is no configuration", async () => {
      const res = await patch("not-exist", { closure_type: "close-by-pushing", version: "no-version" });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: "Not Found",
        message: "Saved object [cases-configure/not-exist] not found",
        statusCode: 404,
      });
    });

    it("should handle patch request when versions are different", async () => {
      const created = await post(request());
      const res = await patch(created.body.id, { closure_type: "close-by-pushing", version: "no-version" });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        error: "Conflict",
        message: "This configuration has been updated. Please refresh before saving additional updates.",
        statusCode: 409,
      });
    });

    it("should not allow to change the owner of the configuration", async () => {
      const created = await post(request());
      const res = await patch(created.body.id, { owner: "observability", version: created.body.version });
      expect(res.status).toBe(400);
    });

    it("should not allow excess attributes", async () => {
      const created = await post(request());
      const res = await patch(created.body.id, { notExist: "not-exist", version: created.body.version });
      expect(res.status).toBe(400);
    });

    it("should not allow patching the type of a custom field", async () => {
      const customFields = [{ key: "wrong_type_key", label: "text", type: "text", required: false }];
      const created = await post(request({}, { customFields }));
      const res = await patch(created.body.id, {
        version: created.body.version,
        customFields: [{ key: "wrong_type_key", label: "#1", type: "toggle", required: false }],
      });
      expect(res.status).toBe(400);
    });

    it("should not patch a configuration with duplicated custom field keys", async () => {
      const created = await post(request());
      const field = (label: string, type: string) => ({
        key: "triplicated_key",
        label,
        type,
        required: false,
      });
      const res = await patch(created.body.id, {
        version: created.body.version,
        customFields: [field("#1", "text"), field("#2", "toggle"), field("#2", "toggle")],
      });
      expect(res.status).toBe(400);
    });

    it("should not patch a configuration with duplicated template keys", async () => {
      const created = await post(request());
      const res = await patch(created.body.id, {
        version: created.body.version,
        templates: [
          { key: "test_template_1", name: "First", description: "first", caseFields: null },
          { key: "test_template_1", name: "Third", description: "third", caseFields: { title: "t3" } },
        ],
      });
      expect(res.status).toBe(400);
    });

    it("should not update a configuration created in another space (404 from the other space)", async () => {
      const created = await call(h.inSpace("space2"), "POST", "/api/cases/configure", request());
      const res = await call(h.inSpace("space1"), "PATCH", `/api/cases/configure/${created.body.id}`, {
        closure_type: "close-by-pushing",
        version: created.body.version,
      });
      expect(res.status).toBe(404);
    });
  });
});
