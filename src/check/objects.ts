/**
 * The representative objects `check-kibana` creates: one of every kind (and one of each output type),
 * each with a create body and an update that changes what users change most. Every id and name starts
 * with the run's prefix (`fleetform-check-<token>`), so that cleanup finds exactly what the run made.
 */
import type { KindName } from "../kinds/shapes.js";

export const CHECK_PREFIX = "fleetform-check-";
/** The write-only value of the remote Elasticsearch output, interpolated so that it is masked everywhere. */
export const SERVICE_TOKEN_VAR = "FLEETFORM_CHECK_SERVICE_TOKEN";

type Body = Record<string, unknown>;

/** One representative object: a row of the check's table. */
export interface Subject {
  kind: KindName;
  /** What distinguishes it from other rows of its kind (the output type). */
  variant?: string;
  /** Manifest identity (`owner` for Cases settings). */
  id: string;
  create: Body;
  update: Body;
}

/** Kinds the check never writes, with why (reported as rows that were not checked). */
export const NOT_CHECKED: { kind: KindName; reason: string }[] = [
  {
    kind: "fleet_settings",
    reason: "one object for the whole Kibana, outside spaces: the check never changes it",
  },
];

const HOST = "fleetform-check.invalid";

export function checkSubjects(prefix: string, system: { name: string; version: string }): Subject[] {
  const named = (suffix: string) => ({ id: `${prefix}-${suffix}`, name: `${prefix}-${suffix}` });
  const output = (type: string, create: Body, update: Body): Subject => ({
    kind: "outputs",
    variant: type,
    id: named(type).id,
    create: { ...named(type), type, ...create },
    update: { ...named(type), type, ...create, ...update },
  });
  const subject = (kind: KindName, suffix: string, create: Body, update: Body): Subject => ({
    kind,
    id: named(suffix).id,
    create: { ...named(suffix), ...create },
    update: { ...named(suffix), ...create, ...update },
  });
  const policy = named("agent-policy").id;
  return [
    output("elasticsearch", { hosts: [`https://${HOST}:9200`] }, { hosts: [`https://${HOST}:9201`] }),
    output("logstash", { hosts: [`${HOST}:5044`] }, { hosts: [`${HOST}:5045`] }),
    output(
      "kafka",
      { hosts: [`${HOST}:9092`], auth_type: "none", topic: "fleetform-check" },
      { topic: "fleetform-check-updated" },
    ),
    output(
      "remote_elasticsearch",
      { hosts: [`https://${HOST}:9200`], secrets: { service_token: `\${env:${SERVICE_TOKEN_VAR}}` } },
      { hosts: [`https://${HOST}:9202`] },
    ),
    subject("proxies", "proxy", { url: `http://${HOST}:3128` }, { url: `http://${HOST}:3129` }),
    subject(
      "download_sources",
      "download-source",
      { host: `https://${HOST}/downloads/` },
      { host: `https://${HOST}/mirror/` },
    ),
    subject(
      "fleet_server_hosts",
      "fleet-server-host",
      { host_urls: [`https://${HOST}:8220`] },
      { host_urls: [`https://${HOST}:8221`] },
    ),
    subject(
      "agent_policies",
      "agent-policy",
      {
        namespace: "default",
        description: "fleetform check-kibana",
        monitoring_enabled: ["logs", "metrics"],
      },
      { description: "fleetform check-kibana, updated", monitoring_enabled: ["logs"] },
    ),
    subject(
      "integration_policies",
      "integration-policy",
      { description: "fleetform check-kibana", policy_ids: [policy], package: system },
      { description: "fleetform check-kibana, updated" },
    ),
    {
      kind: "case_settings",
      id: "cases",
      create: { owner: "cases", closure_type: "close-by-user", connector: NO_CONNECTOR },
      update: { owner: "cases", closure_type: "close-by-pushing", connector: NO_CONNECTOR },
    },
  ];
}

const NO_CONNECTOR = { id: "none", name: "none", type: ".none", fields: null };

/** The manifest of one phase: each subject's body of that phase, in its section. */
export function manifestOf(subjects: Subject[], phase: "create" | "update"): Record<string, Body[]> {
  const sections: Record<string, Body[]> = {};
  for (const s of subjects) sections[s.kind] = [...(sections[s.kind] ?? []), s[phase]];
  return sections;
}
