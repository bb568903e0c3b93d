/**
 * Outputs, Fleet Server hosts, proxies and agent policies from their preconfiguration, with the
 * values Kibana's preconfiguration gives them that the API would not:
 *   - agent policies: `namespace: default`, `monitoring_enabled: [logs, metrics]`
 *     (ensurePreconfiguredAgentPolicy, FLEET/server/services/agent_policy.ts);
 *   - outputs: `config` stored as `config_yaml` (yaml's stringify), an Elasticsearch output without
 *     hosts gets the default hosts (createOrUpdatePreconfiguredOutputs, preconfiguration/outputs.ts).
 */
import { stringify } from "yaml";
import { kindOf } from "../kinds/index.js";
import { fieldsFor } from "../kinds/schema-fields.js";
import { type KindName, sectionOf } from "../kinds/shapes.js";
import type { Diagnostic } from "../load/types.js";
import { DEFAULT_OUTPUT_ID, idText, type Obj, type Preconfiguration } from "./preconfiguration.js";
import { placeholdSecrets, withFleetformEnvRefs } from "./values.js";

export interface Mapping {
  pre: Preconfiguration;
  warnings: Diagnostic[];
  errors: Diagnostic[];
  secretVariables: string[];
}

export function note(
  m: Mapping,
  list: "warnings" | "errors",
  owner: object,
  key: string | number | undefined,
  message: string,
  hint?: string,
) {
  m[list].push({
    severity: list === "errors" ? "error" : "warning",
    message,
    location: m.pre.yml.locate(owner, key),
    ...(hint ? { hint } : {}),
  });
}

/**
 * The fields of `source` a manifest of `kind` can hold, in order; every other field is a warning
 * (`skip` names fields the caller maps itself).
 */
export function pickFields(m: Mapping, kind: KindName, source: Obj, skip: string[] = []): Obj {
  const allowed = fieldsFor(kind, source);
  const body: Obj = {};
  for (const [key, value] of Object.entries(source)) {
    if (skip.includes(key)) continue;
    if (allowed.has(key)) body[key] = value;
    else if (!m.pre.derived.has(source)) {
      note(m, "warnings", source, key, `${key} is not a field of ${kind} manifests; not imported`);
    }
  }
  return body;
}

/** The manifest body: environment references translated, write-only values in clear replaced. */
export function finish(m: Mapping, kind: KindName, body: Obj, extraSecretPaths: string[][] = []): Obj {
  const { id, ...rest } = withFleetformEnvRefs(body);
  const out: Obj = id === undefined ? rest : { id, ...rest };
  const descriptor = kindOf(kind);
  placeholdSecrets(
    out,
    [...(descriptor.secrets?.paths ?? []), ...extraSecretPaths],
    [kind, String(out.id)],
    m.secretVariables,
  );
  return out;
}

const BEATS_ES_TYPES = new Set(["elasticsearch"]);

export function mapOutputs(m: Mapping): Obj[] {
  const section = sectionOf("outputs");
  const legacyDefault = m.pre.outputs.find((o) => o.id === DEFAULT_OUTPUT_ID && m.pre.derived.has(o));
  return m.pre.outputs.map((output) => {
    const { config, allow_edit, ...rest } = output;
    const body = pickFields(m, section, rest);
    if (config !== undefined && config !== null) body.config_yaml = stringify(config);
    if (BEATS_ES_TYPES.has(String(body.type)) && !(Array.isArray(body.hosts) && body.hosts.length > 0)) {
      // outputService.getDefaultESHosts: xpack.fleet.agents.elasticsearch.hosts, else localhost.
      body.hosts = legacyDefault?.hosts ?? ["http://localhost:9200"];
    }
    if (allow_edit !== undefined && !m.pre.derived.has(output)) {
      note(
        m,
        "warnings",
        output,
        "allow_edit",
        "allow_edit has no manifest equivalent: every field of an imported output is fleetform's",
      );
    }
    return finish(m, section, body);
  });
}

export function mapFleetServerHosts(m: Mapping): Obj[] {
  const section = sectionOf("fleetServerHosts");
  return m.pre.fleetServerHosts.map((host) => finish(m, section, pickFields(m, section, host)));
}

export function mapProxies(m: Mapping): Obj[] {
  const section = sectionOf("proxies");
  return m.pre.proxies.map((proxy) => finish(m, section, pickFields(m, section, proxy)));
}

/** Agent policies fleetform can manage; managed ones and ones without an id are warned about and left out. */
export function mapAgentPolicies(m: Mapping): { policy: Obj; body: Obj }[] {
  const section = sectionOf("agentPolicies");
  const out: { policy: Obj; body: Obj }[] = [];
  for (const policy of m.pre.agentPolicies) {
    const id = idText(policy.id);
    if (!id) {
      note(
        m,
        "warnings",
        policy,
        undefined,
        `agent policy "${policy.name}" has no id: Kibana refuses to create it (Missing ID)`,
        "give it the id it should keep",
      );
      continue;
    }
    if (policy.is_managed === true) {
      note(
        m,
        "warnings",
        policy,
        "is_managed",
        `agent policy "${id}" is managed (is_managed: true): fleetform never manages hosted policies; not imported, nor its integration policies`,
        "keep it in kibana.yml, or set is_managed: false there first",
      );
      continue;
    }
    const { package_policies, space_id, has_fleet_server, id: _id, ...rest } = policy;
    if (space_id !== undefined) {
      note(
        m,
        "warnings",
        policy,
        "space_id",
        `space_id: Kibana creates "${id}" in space "${space_id}"; manifests have no per-object space`,
        `put it in its own directory and run fleetform with --space ${space_id} for it`,
      );
    }
    if (has_fleet_server !== undefined) {
      note(
        m,
        "warnings",
        policy,
        "has_fleet_server",
        "has_fleet_server is not imported: its fleet_server integration policy stands for it (through the API it would add a second one)",
      );
    }
    const body: Obj = {
      id,
      ...pickFields(m, section, rest),
    };
    body.namespace ??= "default";
    body.monitoring_enabled ??= ["logs", "metrics"];
    out.push({ policy, body: finish(m, section, body) });
  }
  return out;
}
