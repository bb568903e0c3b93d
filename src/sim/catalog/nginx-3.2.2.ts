/**
 * nginx 3.2.2, a version after 2.0.0 dropped the deprecated Splunk `httpjson` input.
 * Read from elastic/integrations:
 *   packages/nginx/ecs/manifest.yml (8a965ceebca77fd58c6cb71f7b3bbd70bdacfcdf, version 3.2.2; the same
 *     policy template as mrodm/integrations packages/nginx/manifest.yml at 3.2.1),
 *   packages/nginx/ecs/data_stream/error/manifest.yml (754261b316f50cb1c9412be53288497ec3aea036),
 *   packages/nginx/ecs/data_stream/stubstatus/agent/stream/stream.yml.hbs (same commit; uses hosts, tags,
 *     period, server_status_path, processors, condition),
 *   packages/nginx/nginx/data_stream/stubstatus/manifest.yml (36d07bd12d0c1d1d3610eec78a9734bb08d8577f).
 * The access data stream manifest of this version was not in the index: its logfile stream is the one of
 * 1.x (packages/nginx/data_stream/access/manifest.yml) without the removed httpjson stream, which matches
 * the error stream of 3.2.2 var for var.
 */
import type { PackageInfo } from "../../packages/types.js";
import { ignoreOlder, period, preserveOriginalEvent, processors, tags, v } from "./vars.js";

const condition = () => v("condition", "text", "Condition");

export const nginx_3_2_2: PackageInfo = {
  name: "nginx",
  title: "Nginx",
  version: "3.2.2",
  description: "Collect access logs, error logs, and stub_status metrics from Nginx via Elastic Agent.",
  type: "integration",
  format_version: "3.0.2",
  categories: ["web", "observability"],
  conditions: { kibana: { version: "^8.13.0 || ^9.0.0" }, elastic: { subscription: "basic" } },
  owner: { github: "elastic/obs-infraobs-integrations", type: "elastic" },
  policy_templates: [
    {
      name: "nginx",
      title: "Nginx logs and metrics",
      description: "Collect logs and metrics from Nginx instances",
      multiple: true,
      inputs: [
        { type: "logfile", title: "Collect logs from Nginx instances", vars: [condition()] },
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
            condition(),
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
      path: "access",
      package: "nginx",
      streams: [
        {
          input: "logfile",
          title: "Nginx access logs",
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
      ],
    },
    {
      type: "logs",
      dataset: "nginx.error",
      title: "Nginx error logs",
      path: "error",
      package: "nginx",
      streams: [
        {
          input: "logfile",
          title: "Nginx error logs",
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
      ],
    },
    {
      type: "metrics",
      dataset: "nginx.stubstatus",
      title: "Nginx stubstatus metrics",
      path: "stubstatus",
      package: "nginx",
      streams: [
        {
          input: "nginx/metrics",
          title: "Nginx stub status metrics",
          vars: [
            period(),
            v("server_status_path", "text", "Server Status Path", {
              required: true,
              default: "/nginx_status",
            }),
            tags({ default: ["nginx-stubstatus"] }),
            processors(),
          ],
        },
      ],
    },
  ],
};
