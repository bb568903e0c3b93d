// Temporary stub while the real catalog is written.
import type { PackageInfo } from "../../packages/types.js";

type Obj = Record<string, any>;


const v = (name: string, type: string, def?: unknown, extra: Obj = {}) => ({
  name,
  type,
  default: def,
  ...extra,
});

export const catalog: PackageInfo[] = [
  {
    name: "fleet_server",
    title: "Fleet Server",
    version: "1.6.0",
    type: "integration",
    policy_templates: [
      {
        name: "fleet_server",
        title: "Fleet Server",
        multiple: false,
        inputs: [{ type: "fleet-server", vars: [v("host", "text", ["0.0.0.0"], { multi: true })] }],
      },
    ],
    data_streams: [],
  },
  {
    name: "system",
    title: "System",
    version: "1.60.0",
    type: "integration",
    policy_templates: [{ name: "system", title: "System", inputs: [{ type: "logfile" }] }],
    data_streams: [
      {
        type: "logs",
        dataset: "system.syslog",
        title: "Syslog",
        path: "syslog",
        package: "system",
        streams: [
          {
            input: "logfile",
            title: "syslog",
            vars: [v("paths", "text", ["/var/log/messages*"], { multi: true })],
          },
        ],
      },
    ],
  },
  {
    name: "nginx",
    title: "Nginx",
    version: "1.5.0",
    type: "integration",
    policy_templates: [{ name: "nginx", title: "Nginx", inputs: [{ type: "logfile" }] }],
    data_streams: [
      {
        type: "logs",
        dataset: "nginx.access",
        title: "access",
        path: "access",
        package: "nginx",
        streams: [
          {
            input: "logfile",
            title: "access",
            vars: [
              v("paths", "text", ["/var/log/nginx/access.log*"], { multi: true }),
              v("tags", "text", ["nginx-access"], { multi: true }),
            ],
          },
        ],
      },
      {
        type: "logs",
        dataset: "nginx.error",
        title: "error",
        path: "error",
        package: "nginx",
        streams: [
          {
            input: "logfile",
            title: "error",
            vars: [v("paths", "text", ["/var/log/nginx/error.log*"], { multi: true })],
          },
        ],
      },
    ],
  },
  {
    name: "secretpkg",
    title: "Secret",
    version: "1.0.0",
    type: "integration",
    vars: [v("api_key", "password", undefined, { secret: true })],
    policy_templates: [{ name: "secretpkg", title: "Secret", inputs: [{ type: "httpjson" }] }],
    data_streams: [
      {
        type: "logs",
        dataset: "secretpkg.events",
        title: "events",
        path: "events",
        package: "secretpkg",
        streams: [{ input: "httpjson", title: "events", vars: [] }],
      },
    ],
  },
];

