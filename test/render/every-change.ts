/**
 * A plan with every kind of change a plan can show, built in memory (the pure core): creates,
 * updates (a value replaced, added, reset to the default; a list of values and a list of objects
 * changed per element; multi-line text; a secret; a package upgrade's notes), deletes (one with a note), a package to
 * install, a warning, deletes Kibana would refuse, and live objects the manifests do not mention.
 */
import type { Change, Plan, PlannedOperation } from "../../src/diff/types.js";
import type { KindName } from "../../src/kinds/shapes.js";
import { packageInstallRequest } from "../../src/packages/install.js";
import type { Target } from "../../src/read/target.js";

const at = (line: number) => ({ file: "fleet/fleet.yaml", line, column: 5 });

function operation(
  action: PlannedOperation["action"],
  kind: KindName,
  id: string,
  changes: Change[],
  extra: Partial<PlannedOperation> = {},
): PlannedOperation {
  const base = `/api/fleet/${kind}`;
  return {
    key: `${kind}/${id}`,
    action,
    kind,
    id,
    changes,
    request: {
      method: action === "create" ? "POST" : action === "update" ? "PUT" : "DELETE",
      path: action === "create" ? base : `${base}/${id}`,
      ...(action !== "delete" ? { body: { id } } : {}),
      secrets: [],
    },
    verdicts: {},
    dependsOn: [],
    ...(action !== "delete"
      ? {
          desired: {
            kind,
            id,
            body: { id },
            location: at(1),
            locate: () => at(1),
          },
        }
      : {}),
    ...extra,
  };
}

const stated = { sensitive: false, stated: true };

export const TARGET: Target = { url: "https://kibana.example.com:5601", space: "ops", version: "9.3.0" };

export function everyChangePlan(): Plan {
  return {
    operations: [
      operation(
        "create",
        "proxies",
        "corp-proxy",
        [
          { op: "add", path: "/name", after: "Corporate proxy", ...stated },
          { op: "add", path: "/url", after: "http://proxy.corp.example.com:3128", ...stated },
        ],
        { name: "Corporate proxy" },
      ),
      operation(
        "create",
        "outputs",
        "es-prod",
        [
          { op: "add", path: "/name", after: "Production Elasticsearch", ...stated },
          { op: "add", path: "/hosts", after: ["https://es1.example.com:9200"], ...stated },
          { op: "add", path: "/secrets/ssl/key", after: "(sensitive)", sensitive: true, stated: true },
          { op: "add", path: "/config_yaml", after: "bulk_max_size: 50\nworker: 2", ...stated },
        ],
        { name: "Production Elasticsearch", dependsOn: ["proxies/corp-proxy"] },
      ),
      operation(
        "update",
        "outputs",
        "logstash",
        [
          { op: "replace", path: "/name", before: "Logstash", after: "Logstash (prod)", ...stated },
          {
            op: "replace",
            path: "/hosts",
            before: ["ls1.example.com:5044", "ls2.example.com:5044", "ls3.example.com:5044"],
            after: ["ls1.example.com:5044", "ls3.example.com:5044", "ls4.example.com:5044"],
            ...stated,
          },
          { op: "add", path: "/proxy_id", after: "corp-proxy", ...stated },
          {
            op: "remove",
            path: "/ca_trusted_fingerprint",
            before: "79f956a0175",
            sensitive: false,
            stated: false,
          },
          {
            op: "replace",
            path: "/config_yaml",
            before: "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8",
            after: "a: 1\nb: 2\nc: 3\nd: 4\ne: 50\nf: 6\ng: 7\nh: 8",
            ...stated,
          },
          {
            op: "replace",
            path: "/secrets/ssl/key",
            before: "(sensitive)",
            after: "(sensitive)",
            sensitive: true,
            stated: true,
          },
        ],
        { name: "Logstash (prod)" },
      ),
      operation(
        "update",
        "agent_policies",
        "linux-servers",
        [
          // Live [region, env, old] → manifest [region, team, env]: removals first (where they were),
          // then additions and changes where they land.
          {
            op: "remove",
            path: "/global_data_tags/2",
            before: { name: "old", value: "x" },
            sensitive: false,
            stated: false,
          },
          { op: "add", path: "/global_data_tags/1", after: { name: "team", value: "web" }, ...stated },
          { op: "replace", path: "/global_data_tags/2/value", before: "prod", after: "staging", ...stated },
        ],
        {
          name: "Linux servers",
          desired: {
            kind: "agent_policies",
            id: "linux-servers",
            body: {
              id: "linux-servers",
              global_data_tags: [
                { name: "region", value: "eu" },
                { name: "team", value: "web" },
                { name: "env", value: "staging" },
              ],
            },
            location: at(20),
            locate: () => at(20),
          },
          live: {
            kind: "agent_policies",
            id: "linux-servers",
            raw: {
              global_data_tags: [
                { name: "region", value: "eu" },
                { name: "env", value: "prod" },
                { name: "old", value: "x" },
              ],
            },
          },
        },
      ),
      operation(
        "update",
        "integration_policies",
        "nginx-linux",
        [{ op: "replace", path: "/package/version", before: "1.5.0", after: "3.2.2", ...stated }],
        { name: "nginx-linux", notes: ["3.2.2 drops inputs: nginx-httpjson"] },
      ),
      operation("update", "fleet_settings", "settings", [
        { op: "replace", path: "/prerelease_integrations_enabled", before: false, after: true, ...stated },
      ]),
      operation("delete", "integration_policies", "old-nginx", [], {
        name: "old-nginx",
        notes: ["from locked agent policy locked: sent with force, then its revision bumped"],
      }),
      operation("delete", "outputs", "old-output", [], { name: "Old output" }),
    ],
    unchanged: 4,
    packages: [{ name: "nginx", version: "3.2.2", request: packageInstallRequest("nginx", "3.2.2") }],
    blocked: [
      {
        kind: "outputs",
        id: "fleet-default-output",
        name: "default",
        reason: "it is the current default output (is_default); make another output the default first",
      },
    ],
    unmanaged: [
      { kind: "proxies", id: "hand-made", name: "Hand made" },
      { kind: "proxies", id: "lab-proxy" },
      {
        kind: "fleet_server_hosts",
        id: "fleet-default-fleet-server-host",
        name: "Default",
        reason:
          "it is the current default Fleet Server host (is_default); make another Fleet Server host the default first",
      },
    ],
    notDeletable: [
      { kind: "case_settings", id: "securitySolution", reason: "Kibana has no API to delete Cases settings" },
    ],
    problems: [],
    warnings: [
      {
        severity: "warning",
        subject: { kind: "outputs", id: "logstash" },
        message: "Kibana keeps topic when the manifest leaves it out",
        location: at(12),
        hint: "write the value you want",
      },
    ],
  };
}
