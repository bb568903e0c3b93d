/**
 * fleet_server 1.1.1. Read from elastic/integrations packages/fleet_server/manifest.yml
 * (91bbe7f04880287b8bd6872cd087bf2f52f63b25). The package is the `fleet-server` input alone: it has no
 * data stream with streams (later versions add monitoring data streams such as agent_status_metrics).
 * `host` and `port` defaults are lists in the manifest, without `multi`.
 */
import type { PackageInfo } from "../../packages/types.js";
import { v } from "./vars.js";

export const fleet_server_1_1_1: PackageInfo = {
  name: "fleet_server",
  title: "Fleet Server",
  version: "1.1.1",
  release: "ga",
  description: "Centrally manage Elastic Agents with the Fleet Server integration.",
  type: "integration",
  format_version: "1.0.0",
  categories: ["elastic_stack"],
  conditions: { kibana: { version: "^7.16.0 || ^8.0.0" } },
  owner: { github: "elastic/ingest-management" },
  policy_templates: [
    {
      name: "fleet_server",
      title: "Fleet Server",
      description: "Fleet Server setup",
      multiple: true,
      inputs: [
        {
          type: "fleet-server",
          title: "Fleet Server",
          description: "Fleet Server Configuration",
          vars: [
            v("host", "text", "Host", { required: true, show_user: true, default: ["0.0.0.0"] }),
            v("port", "integer", "Port", { required: true, show_user: true, default: [8220] }),
            v("max_connections", "integer", "Max connections", { show_user: true }),
            v("custom", "yaml", "Custom fleet-server configurations", { default: "" }),
          ],
        },
      ],
    },
  ],
  data_streams: [],
};
