/**
 * The Fleet preconfiguration a kibana.yml declares, as Kibana's setup reads it
 * (FLEET/server/services/setup.ts → createSetupSideEffects), with the objects Kibana derives from the
 * legacy settings. Shared by `fleetform import` and the simulator's `preconfiguration` option, so both
 * read one file the same way. Sources:
 *   - FLEET/server/services/preconfiguration/outputs.ts (getPreconfiguredOutputFromConfig)
 *   - FLEET/server/services/preconfiguration/fleet_server_host.ts (getPreconfiguredFleetServerHostFromConfig)
 *   - FLEET/server/services/preconfiguration/fleet_proxies.ts, FLEET/common/constants/preconfiguration.ts
 */
import type { Diagnostic } from "../load/types.js";
import { configAt, type KibanaYml, readKibanaYml } from "./kibana-yml.js";

export type Obj = Record<string, any>;

export const DEFAULT_OUTPUT_ID = "fleet-default-output";
export const DEFAULT_FLEET_SERVER_HOST_ID = "fleet-default-fleet-server-host";
/** FLEET/common/constants/preconfiguration.ts: seeds the ids Kibana derives (uuid v5). */
export const UUID_V5_NAMESPACE = "dde7c2de-1370-4c19-9975-b473d0e03508";
export const LATEST = "latest";

export interface Preconfiguration {
  yml: KibanaYml;
  packages: Obj[];
  outputs: Obj[];
  fleetServerHosts: Obj[];
  proxies: Obj[];
  agentPolicies: Obj[];
  /** The agent policy each package policy belongs to. */
  agentPolicyOf: WeakMap<Obj, Obj>;
  /** Objects Kibana derives from the legacy settings (the default output and Fleet Server host). */
  derived: WeakSet<Obj>;
  errors: Diagnostic[];
}

const list = (yml: KibanaYml, path: string, errors: Diagnostic[]): Obj[] => {
  const { value, owner, key } = configAt(yml, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({
      severity: "error",
      message: `${path} must be a list`,
      location: owner ? yml.locate(owner, key) : undefined,
    });
    return [];
  }
  return value.filter((item, i) => {
    const ok = typeof item === "object" && item !== null && !Array.isArray(item);
    if (!ok)
      errors.push({
        severity: "error",
        message: `${path}[${i}] must be a mapping`,
        location: yml.locate(value, i),
      });
    return ok;
  });
};

const hostList = (yml: KibanaYml, path: string): { hosts?: string[]; owner?: object; key?: string } => {
  const { value, owner, key } = configAt(yml, path);
  return Array.isArray(value) && value.length > 0 ? { hosts: value.map(String), owner, key } : {};
};

/** Reads the `xpack.fleet.*` preconfiguration of a kibana.yml. */
export function readPreconfiguration(text: string, file: string): Preconfiguration {
  const yml = readKibanaYml(text, file);
  const errors = [...yml.errors];
  const derived = new WeakSet<Obj>();
  const outputs = list(yml, "xpack.fleet.outputs", errors);
  const fleetServerHosts = list(yml, "xpack.fleet.fleetServerHosts", errors);

  // xpack.fleet.agents.elasticsearch.hosts: the default output, editable only in those fields.
  const es = hostList(yml, "xpack.fleet.agents.elasticsearch.hosts");
  if (es.hosts) {
    const output: Obj = {
      name: "default",
      is_default: true,
      is_default_monitoring: true,
      type: "elasticsearch",
      id: DEFAULT_OUTPUT_ID,
      hosts: es.hosts,
      allow_edit: ["hosts", "ca_sha256", "ca_trusted_fingerprint"],
    };
    for (const field of ["ca_sha256", "ca_trusted_fingerprint"]) {
      const { value } = configAt(yml, `xpack.fleet.agents.elasticsearch.${field}`);
      if (typeof value === "string") output[field] = value;
    }
    yml.place(output, yml.locate(es.owner!, es.key));
    derived.add(output);
    outputs.push(output);
  }
  // xpack.fleet.agents.fleet_server.hosts: the default Fleet Server host.
  const fs = hostList(yml, "xpack.fleet.agents.fleet_server.hosts");
  if (fs.hosts) {
    const host: Obj = {
      name: "Default",
      is_default: true,
      id: DEFAULT_FLEET_SERVER_HOST_ID,
      host_urls: fs.hosts,
    };
    yml.place(host, yml.locate(fs.owner!, fs.key));
    derived.add(host);
    fleetServerHosts.push(host);
  }

  const agentPolicies = list(yml, "xpack.fleet.agentPolicies", errors);
  const agentPolicyOf = new WeakMap<Obj, Obj>();
  for (const policy of agentPolicies) {
    const packagePolicies = Array.isArray(policy.package_policies) ? policy.package_policies : [];
    for (const pp of packagePolicies) if (pp && typeof pp === "object") agentPolicyOf.set(pp, policy);
  }
  return {
    yml,
    packages: list(yml, "xpack.fleet.packages", errors),
    outputs,
    fleetServerHosts,
    proxies: list(yml, "xpack.fleet.proxies", errors),
    agentPolicies,
    agentPolicyOf,
    derived,
    errors,
  };
}

/** The package policies of a preconfigured agent policy (those that are mappings). */
export function packagePoliciesOf(policy: Obj): Obj[] {
  return (Array.isArray(policy.package_policies) ? policy.package_policies : []).filter(
    (pp: unknown) => typeof pp === "object" && pp !== null && !Array.isArray(pp),
  );
}

/**
 * The version preconfiguration asks for: an exact version, or undefined for `latest` and for a
 * package the file does not list (Kibana then uses the installed version).
 */
export function requestedVersion(pre: Preconfiguration, name: string): string | undefined {
  const entry = pre.packages.find((p) => p.name === name);
  return entry && typeof entry.version === "string" && entry.version !== LATEST ? entry.version : undefined;
}

/** Kibana's legacy (array) inputs form; anything else goes through the simplified helper. */
export const isLegacyPackagePolicy = (pp: Obj): boolean => Array.isArray(pp.inputs);

/** Agent policy ids may be numbers in kibana.yml; Kibana stores their text. */
export const idText = (id: unknown): string | undefined =>
  typeof id === "string" || typeof id === "number" ? String(id) : undefined;
