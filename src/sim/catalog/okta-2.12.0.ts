/**
 * okta 2.12.0. Read from elastic/integrations packages/okta/manifest.yml
 * (32b0b64193c8fb0fa7caf19f2c8e3ed9c8835600) and packages/okta/data_stream/system/manifest.yml
 * (56e48fff368b5e6a47cfc19e19dde986f4dd782a, which has `remove_flattened_debug`, added in 2.12.0).
 * No package-level vars: the connection settings, including the secrets `api_key` and `jwk_json`,
 * are vars of the httpjson input (`inputs.okta-httpjson.vars`).
 */
import type { PackageInfo } from "../../packages/types.js";
import { preserveOriginalEvent, processors, tags, v } from "./vars.js";

const shown = { show_user: true };

export const okta_2_12_0: PackageInfo = {
  name: "okta",
  title: "Okta",
  version: "2.12.0",
  description: "Collect and parse event logs from Okta API with Elastic Agent.",
  type: "integration",
  format_version: "3.1.0",
  categories: ["security", "iam"],
  conditions: { kibana: { version: "^8.13.0" } },
  owner: { github: "elastic/security-service-integrations", type: "elastic" },
  policy_templates: [
    {
      name: "okta",
      title: "Okta logs",
      description: "Collect logs from Okta",
      multiple: true,
      inputs: [
        {
          type: "httpjson",
          title: "Collect Okta logs via API",
          vars: [
            v("http_client_timeout", "text", "HTTP Client Timeout", shown),
            v("interval", "text", "Interval", { required: true, show_user: true, default: "60s" }),
            v("initial_interval", "text", "Initial Interval", {
              required: true,
              show_user: true,
              default: "24h",
            }),
            v("url", "text", "Okta System Log API URL", { required: true, show_user: true }),
            v("api_key", "password", "API Key", { show_user: true, secret: true }),
            v("oin_app", "bool", "Use Okta Integration Network (OIN) Authentication", shown),
            v("okta_domain_url", "text", "Okta Domain URL", shown),
            v("client_id", "text", "Client ID", shown),
            v("jwk_json", "password", "JWK JSON", { show_user: true, secret: true }),
            v("key_pem", "textarea", "PEM Encoded Key", shown),
            v("jwk_file", "text", "JWK File", shown),
            v("okta_scopes", "text", "Okta Scopes", {
              multi: true,
              show_user: true,
              default: ["okta.logs.read"],
            }),
            v("enable_request_tracer", "bool", "Enable request tracing"),
            v("ssl", "yaml", "SSL", shown),
            v("proxy_url", "text", "Proxy URL"),
          ],
        },
      ],
    },
  ],
  data_streams: [
    {
      type: "logs",
      dataset: "okta.system",
      title: "Okta system logs",
      path: "system",
      package: "okta",
      streams: [
        {
          input: "httpjson",
          title: "Okta system logs",
          template_path: "httpjson.yml.hbs",
          vars: [
            tags({ required: true, default: ["forwarded", "okta-system"] }),
            preserveOriginalEvent(),
            v("remove_flattened_debug", "bool", "Remove flattened debug data"),
            v("disable_keep_alive", "bool", "Disable HTTP Keep-Alives", { required: true, default: false }),
            processors(),
          ],
        },
      ],
    },
  ],
};
