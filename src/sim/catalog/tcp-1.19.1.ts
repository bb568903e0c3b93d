/**
 * tcp 1.19.1, the last line where tcp is an integration package (2.0.0 made it an input package).
 * Read from elastic/integrations packages/tcp/manifest.yml (6366e43ba91dc934f4ef0ccd6b43c6704f77034a)
 * and packages/tcp/data_stream/generic/manifest.yml (dc1e223609b775a35ddcc49a5038a429a0e17c22, which has
 * `preserve_original_event`, added in 1.19.1). The input has no vars; `listen_port` is a text var whose
 * YAML default is the number 8080.
 */
import type { PackageInfo } from "../../packages/types.js";
import { preserveOriginalEvent, processors, v } from "./vars.js";

export const tcp_1_19_1: PackageInfo = {
  name: "tcp",
  title: "Custom TCP Logs",
  version: "1.19.1",
  description: "Collect raw TCP data from listening TCP port with Elastic Agent.",
  type: "integration",
  format_version: "3.0.3",
  categories: ["custom", "custom_logs"],
  conditions: { kibana: { version: "^8.2.1" } },
  owner: { github: "elastic/sec-deployment-and-devices", type: "elastic" },
  policy_templates: [
    {
      name: "tcp",
      title: "Custom TCP Logs",
      description: "Collect raw TCP data from listening TCP port with Elastic Agent.",
      multiple: true,
      inputs: [{ type: "tcp", title: "Custom TCP Logs" }],
    },
  ],
  data_streams: [
    {
      type: "logs",
      dataset: "tcp.generic",
      title: "Custom TCP Logs",
      path: "generic",
      package: "tcp",
      streams: [
        {
          input: "tcp",
          title: "Custom TCP Logs",
          template_path: "tcp.yml.hbs",
          vars: [
            v("listen_address", "text", "Listen Address", {
              required: true,
              show_user: true,
              default: "localhost",
            }),
            v("listen_port", "text", "Listen port", { required: true, show_user: true, default: 8080 }),
            v("data_stream.dataset", "text", "Dataset name", {
              required: true,
              show_user: true,
              default: "tcp.generic",
            }),
            v("pipeline", "text", "Ingest Pipeline", { show_user: true }),
            v("max_message_size", "text", "Max Message Size"),
            v("framing", "text", "Framing"),
            v("line_delimiter", "text", "Line Delimiter"),
            v("max_connections", "text", "Max Connections"),
            v("timeout", "text", "Timeout"),
            v("keep_null", "bool", "Keep Null Values"),
            processors(),
            v("tags", "text", "Tags", { multi: true, show_user: true }),
            v("syslog", "bool", "Syslog Parsing", { show_user: true }),
            v("syslog_options", "yaml", "Syslog Configuration", {
              default: "field: message\n#format: auto\n#timezone: Local\n",
            }),
            preserveOriginalEvent(),
            v("ssl", "yaml", "SSL Configuration", {
              default:
                "#certificate: |\n#    -----BEGIN CERTIFICATE-----\n#    ...\n#    -----END CERTIFICATE-----\n" +
                "#key: |\n#    -----BEGIN PRIVATE KEY-----\n#    ...\n#    -----END PRIVATE KEY-----\n",
            }),
            v("custom", "yaml", "Custom configurations", { default: "" }),
          ],
        },
      ],
    },
  ],
};
