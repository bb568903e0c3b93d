/**
 * system 1.60.0. No copy of this exact version is in the index; it is put together from
 * elastic/integrations stored files and the package changelog (packages/system/changelog.yml):
 *   - policy template: ishleenk17/ish_integrations packages/system/manifest.yml (1.51.0) plus the
 *     `secret: true` on the Splunk `password`/`token` vars (1.54.0); journald and the `condition`
 *     input vars only arrive in 1.63.0 and the httpjson input is removed in 2.0.0.
 *   - data streams: packages/system/data_stream/<ds>/manifest.yml as stored (application 49f23177…,
 *     cpu f4eb524c…, diskio bbe3a478…, filesystem c88147e6…, fsstat ef4cee48…, memory 9abbae98…,
 *     network ca32fd91…, process 44db68a9…, process_summary bd879f20…, socket_summary 0c1eadf3…,
 *     uptime 10a882ec…, system 10a882ec…, syslog 04acb261…, security 0ce2eec9…, core/load d778b76d…,
 *     auth 0415cf07…), brought to 1.60.0 with the changelog: `tags`/`processors` on every metrics
 *     stream (1.17.0), auth `tags`/`processors`/`preserve_original_event` (1.18.0), `custom` on the
 *     winlog streams (1.56.0).
 * Every Splunk `httpjson` stream is off by default (`enabled: false`), and so is `system.core`.
 */
import type { PackageDataStream, PackageInfo, PackageStreamDef } from "../../packages/types.js";
import {
  ignoreOlder,
  period,
  preserveOriginalEvent,
  processors,
  SPLUNK_SSL_DEFAULT,
  tags,
  v,
} from "./vars.js";

const ds = (
  type: string,
  path: string,
  title: string,
  streams: PackageStreamDef[],
  dataset = `system.${path}`,
): PackageDataStream => ({ type, dataset, title, path, package: "system", streams });

/** A system/metrics stream with period, its own vars, tags and processors. */
const metrics = (
  title: string,
  vars = [period()],
  extra: Partial<PackageStreamDef> = {},
): PackageStreamDef => ({
  input: "system/metrics",
  title,
  ...extra,
  vars: [...vars, tags(), processors()],
});

/** The winlog stream of the application, security and system (Windows) data streams. */
const winlog = (title: string): PackageStreamDef => ({
  input: "winlog",
  title,
  template_path: "winlog.yml.hbs",
  vars: [
    preserveOriginalEvent(),
    v("event_id", "text", "Event ID"),
    ignoreOlder(),
    v("language", "text", "Language ID", { default: 0 }),
    tags(),
    processors(),
    v("custom", "yaml", "Custom Configurations", {
      default: "# Winlog configuration example\n#batch_read_size: 100",
    }),
  ],
});

/** The Splunk stream of the Windows data streams (off by default). */
const splunk = (title: string, sourcetype: string): PackageStreamDef => ({
  input: "httpjson",
  title,
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
      default: `search sourcetype="${sourcetype}"`,
    }),
    tags({ default: ["forwarded"] }),
  ],
});

const dropMountPoints = (field: string) =>
  `- drop_event.when.regexp:\n    ${field}: ^/(sys|cgroup|proc|dev|etc|host|lib|snap)($|/)\n`;

export const system_1_60_0: PackageInfo = {
  name: "system",
  title: "System",
  version: "1.60.0",
  description: "Collect system logs and metrics from your servers with Elastic Agent.",
  type: "integration",
  format_version: "3.0.0",
  categories: ["os_system"],
  conditions: { kibana: { version: "^8.13.0" } },
  owner: { github: "elastic/obs-infraobs-integrations", type: "elastic" },
  policy_templates: [
    {
      name: "system",
      title: "System logs and metrics",
      description: "Collect logs and metrics from System instances",
      multiple: true,
      inputs: [
        { type: "logfile", title: "Collect logs from System instances" },
        { type: "winlog", title: "Collect events from the Windows event log" },
        {
          type: "system/metrics",
          title: "Collect metrics from System instances",
          vars: [v("system.hostfs", "text", "Proc Filesystem Directory", { show_user: true })],
        },
        {
          type: "httpjson",
          title: "Collect logs from third-party REST API (experimental)",
          vars: [
            v("url", "text", "URL of Splunk Enterprise Server", {
              required: true,
              show_user: true,
              default: "https://server.example.com:8089",
            }),
            v("enable_request_tracer", "bool", "Enable request tracing"),
            v("username", "text", "Splunk REST API Username", { show_user: true }),
            v("password", "password", "Splunk REST API Password", { show_user: true, secret: true }),
            v("token", "password", "Splunk Authorization Token", { show_user: true, secret: true }),
            preserveOriginalEvent(),
            v("ssl", "yaml", "SSL Configuration", { default: SPLUNK_SSL_DEFAULT }),
          ],
        },
      ],
    },
  ],
  data_streams: [
    ds("logs", "application", "Windows Application Events", [
      winlog("Application"),
      splunk("Windows Application Events via Splunk Enterprise REST API", "XmlWinEventLog:Application"),
    ]),
    ds("logs", "auth", "System auth logs", [
      {
        input: "logfile",
        title: "System auth logs",
        vars: [
          ignoreOlder(),
          v("paths", "text", "Paths", {
            multi: true,
            required: true,
            show_user: true,
            default: ["/var/log/auth.log*", "/var/log/secure*"],
          }),
          preserveOriginalEvent(),
          tags(),
          processors(),
        ],
      },
    ]),
    ds("metrics", "core", "System core metrics", [
      metrics(
        "System core metrics",
        [
          period(),
          v("core.metrics", "text", "Core Metrics", {
            multi: true,
            required: true,
            show_user: true,
            default: ["percentages"],
          }),
        ],
        { enabled: false },
      ),
    ]),
    ds("metrics", "cpu", "System cpu metrics", [
      metrics("System cpu metrics", [
        period(),
        v("cpu.metrics", "text", "Cpu Metrics", {
          multi: true,
          required: true,
          show_user: true,
          default: ["percentages", "normalized_percentages"],
        }),
      ]),
    ]),
    ds("metrics", "diskio", "System diskio metrics", [
      metrics("System diskio metrics", [
        period(),
        v("diskio.include_devices", "text", "Include Devices", { multi: true, show_user: true }),
      ]),
    ]),
    ds("metrics", "filesystem", "System filesystem metrics", [
      {
        input: "system/metrics",
        title: "System filesystem metrics",
        vars: [
          period("1m"),
          v("filesystem.ignore_types", "text", "List of filesystem types to ignore", {
            multi: true,
            show_user: true,
          }),
          tags(),
          processors({ required: true, default: dropMountPoints("system.filesystem.mount_point") }),
        ],
      },
    ]),
    ds("metrics", "fsstat", "System fsstat metrics", [
      {
        input: "system/metrics",
        title: "System fsstat metrics",
        vars: [
          period("1m"),
          tags(),
          processors({
            required: true,
            show_user: true,
            default: dropMountPoints("system.fsstat.mount_point"),
          }),
        ],
      },
    ]),
    ds("metrics", "load", "System load metrics", [metrics("System load metrics")]),
    ds("metrics", "memory", "System memory metrics", [metrics("System memory metrics")]),
    ds("metrics", "network", "System network metrics", [
      metrics("System network metrics", [
        period(),
        v("network.interfaces", "text", "Interfaces", { multi: true, show_user: true }),
      ]),
    ]),
    ds("metrics", "process", "System process metrics", [
      metrics("System process metrics", [
        period(),
        v("process.include_top_n.by_cpu", "integer", "Process Include Top N By Cpu", {
          required: true,
          show_user: true,
          default: 5,
        }),
        v("process.include_top_n.by_memory", "integer", "Process Include Top N By Memory", {
          required: true,
          show_user: true,
          default: 5,
        }),
        v("process.cmdline.cache.enabled", "bool", "Enable cmdline cache", {
          show_user: true,
          default: true,
        }),
        v("process.cgroups.enabled", "bool", "Enable cgroup reporting", { show_user: true, default: false }),
        v("process.env.whitelist", "text", "Env whitelist", { multi: true, show_user: true }),
        v("process.include_cpu_ticks", "bool", "Include CPU Ticks", { show_user: true, default: false }),
        v("processes", "text", "Processes", {
          multi: true,
          required: true,
          show_user: true,
          default: [".*"],
        }),
      ]),
    ]),
    ds(
      "metrics",
      "process_summary",
      "System process_summary metrics",
      [metrics("System process_summary metrics")],
      "system.process.summary",
    ),
    ds("logs", "security", "Security logs", [
      winlog("Security"),
      splunk("Windows Security Events via Splunk Enterprise REST API", "XmlWinEventLog:Security"),
    ]),
    ds("metrics", "socket_summary", "System socket_summary metrics", [
      metrics("System socket_summary metrics"),
    ]),
    ds("logs", "syslog", "System syslog logs", [
      {
        input: "logfile",
        title: "System syslog logs",
        vars: [
          v("paths", "text", "Paths", {
            multi: true,
            required: true,
            show_user: true,
            default: ["/var/log/messages*", "/var/log/syslog*", "/var/log/system*"],
          }),
          preserveOriginalEvent(),
          tags(),
          processors(),
          ignoreOlder(),
          v("exclude_files", "text", "Exclude files", { multi: true, default: ["\\.gz$"] }),
        ],
      },
    ]),
    ds("logs", "system", "Windows System Events", [
      winlog("System"),
      splunk("Windows System Events via Splunk Enterprise REST API", "XmlWinEventLog:System"),
    ]),
    ds("metrics", "uptime", "System uptime metrics", [metrics("System uptime metrics")]),
  ],
};
