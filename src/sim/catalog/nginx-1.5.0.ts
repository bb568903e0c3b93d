/**
 * nginx 1.5.0, as Kibana's EPM API returns it. Read from Kibana's fixture
 * elastic/kibana x-pack/plugins/fleet/server/services/package_policies/fixtures/package_info/nginx_1.5.0.json.
 * The Splunk `httpjson` streams are off by default (`enabled: false` on the streams).
 */
import type { PackageInfo } from "../../packages/types.js";
import {
  ignoreOlder,
  period,
  preserveOriginalEvent,
  processors,
  SPLUNK_SSL_DEFAULT,
  tags,
  v,
} from "./vars.js";

export const nginx_1_5_0: PackageInfo = {
  name: "nginx",
  title: "Nginx",
  version: "1.5.0",
  release: "ga",
  description: "Collect logs and metrics from Nginx HTTP servers with Elastic Agent.",
  type: "integration",
  format_version: "1.0.0",
  categories: ["web", "security"],
  conditions: { kibana: { version: "^8.0.0" } },
  owner: { github: "elastic/obs-service-integrations" },
  policy_templates: [
    {
      name: "nginx",
      title: "Nginx logs and metrics",
      description: "Collect logs and metrics from Nginx instances",
      multiple: true,
      inputs: [
        { type: "logfile", title: "Collect logs from Nginx instances" },
        {
          type: "httpjson",
          title: "Collect logs from third-party REST API (experimental)",
          vars: [
            v("url", "text", "URL of Splunk Enterprise Server", {
              required: true,
              show_user: true,
              default: "https://server.example.com:8089",
            }),
            v("username", "text", "Splunk REST API Username", { show_user: true }),
            v("password", "password", "Splunk REST API Password", { show_user: true }),
            v("token", "password", "Splunk Authorization Token", { show_user: true }),
            v("ssl", "yaml", "SSL Configuration", { default: SPLUNK_SSL_DEFAULT }),
          ],
        },
        {
          type: "nginx/metrics",
          title: "Collect metrics from Nginx instances",
          vars: [
            v("hosts", "text", "Hosts", {
              multi: true,
              required: true,
              show_user: true,
              default: ["http://127.0.0.1:80"],
            }),
          ],
        },
      ],
    },
  ],
  data_streams: [
    {
      type: "logs",
      dataset: "nginx.access",
      title: "Nginx access logs",
      release: "ga",
      path: "access",
      package: "nginx",
      streams: [
        {
          input: "logfile",
          title: "Nginx access logs",
          template_path: "stream.yml.hbs",
          vars: [
            v("paths", "text", "Paths", {
              multi: true,
              required: true,
              show_user: true,
              default: ["/var/log/nginx/access.log*"],
            }),
            tags({ required: true, default: ["nginx-access"] }),
            preserveOriginalEvent(),
            processors(),
            ignoreOlder(),
          ],
        },
        {
          input: "httpjson",
          title: "Nginx access logs via Splunk Enterprise REST API",
          template_path: "httpjson.yml.hbs",
          enabled: false,
          vars: [
            v("interval", "text", "Interval to query Splunk Enterprise REST API", {
              required: true,
              show_user: true,
              default: "10s",
            }),
            v("search", "text", "Splunk search string", {
              required: true,
              show_user: true,
              default: "search sourcetype=nginx:plus:access",
            }),
            tags({ default: ["forwarded", "nginx-access"] }),
            preserveOriginalEvent(),
            processors(),
          ],
        },
      ],
    },
    {
      type: "logs",
      dataset: "nginx.error",
      title: "Nginx error logs",
      release: "ga",
      path: "error",
      package: "nginx",
      streams: [
        {
          input: "logfile",
          title: "Nginx error logs",
          template_path: "stream.yml.hbs",
          vars: [
            v("paths", "text", "Paths", {
              multi: true,
              required: true,
              show_user: true,
              default: ["/var/log/nginx/error.log*"],
            }),
            tags({ required: true, default: ["nginx-error"] }),
            preserveOriginalEvent(),
            processors(),
            ignoreOlder(),
          ],
        },
        {
          input: "httpjson",
          title: "Nginx error logs via Splunk REST API",
          template_path: "httpjson.yml.hbs",
          enabled: false,
          vars: [
            v("interval", "text", "Interval to query REST API", {
              required: true,
              show_user: true,
              default: "10s",
            }),
            v("search", "text", "Search String", {
              required: true,
              show_user: true,
              default: "search sourcetype=nginx:plus:error",
            }),
            tags({ default: ["forwarded", "nginx-error"] }),
            preserveOriginalEvent(),
            processors(),
          ],
        },
      ],
    },
    {
      type: "metrics",
      dataset: "nginx.stubstatus",
      title: "Nginx stubstatus metrics",
      release: "ga",
      path: "stubstatus",
      package: "nginx",
      streams: [
        {
          input: "nginx/metrics",
          title: "Nginx stub status metrics",
          template_path: "stream.yml.hbs",
          vars: [
            period(),
            v("server_status_path", "text", "Server Status Path", {
              required: true,
              default: "/nginx_status",
            }),
          ],
        },
      ],
    },
  ],
};
