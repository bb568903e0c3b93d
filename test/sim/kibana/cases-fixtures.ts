/**
 * The fixtures of Kibana's Cases configuration API tests (x-pack/platform/test/cases_api_integration/
 * common/lib/api: getConfigurationRequest, createConfiguration, updateConfiguration), shared by the
 * ported post/get and patch tests. Kibana's fixture owner `securitySolutionFixture` becomes `cases`.
 */
import { call, type KibanaClient } from "../helpers.js";

/** Kibana's getConfigurationRequest(). */
export const request = (connector: object = {}, overrides: object = {}) => ({
  connector: { id: "none", name: "none", type: ".none", fields: null, ...connector },
  closure_type: "close-by-user",
  owner: "cases",
  ...overrides,
});

/** POST and PATCH of /api/cases/configure through the client `api()` returns at call time. */
export function configureApi(api: () => KibanaClient) {
  return {
    post: (body: object) => call(api(), "POST", "/api/cases/configure", body),
    patch: (id: string, body: object) => call(api(), "PATCH", `/api/cases/configure/${id}`, body),
  };
}

export const textField = { key: "text_field_1", type: "text", label: "Text field 1", required: true };
export const toggleField = { key: "toggle_field_1", label: "#2", type: "toggle", required: false };
export const numberField = { key: "number_field_1", label: "#3", type: "number", required: false };
