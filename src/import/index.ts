/**
 * `fleetform import`: turns the Fleet preconfiguration of a kibana.yml into manifests that plan clean
 * against the Kibana that preconfiguration set up. The Kibana is asked for what the file leaves to
 * it: package definitions and installed versions, and the ids it gave package policies without one.
 */
import { KibanaApiError } from "../client/errors.js";
import type { KibanaClient } from "../client/kibana-client.js";
import { KIND_NAMES, type KindName, sectionOf } from "../kinds/shapes.js";
import type { Diagnostic } from "../load/types.js";
import type { PackageInfo } from "../packages/types.js";
import { type KibanaFacts, mapIntegrationPolicies } from "./integration-policies.js";
import { configAt } from "./kibana-yml.js";
import {
  type Mapping,
  mapAgentPolicies,
  mapFleetServerHosts,
  mapOutputs,
  mapProxies,
  note,
} from "./objects.js";
import { type Obj, readPreconfiguration } from "./preconfiguration.js";
import { envDefaultWarnings } from "./values.js";

export type { KibanaFacts } from "./integration-policies.js";

export interface ImportedManifests {
  /** Non-empty manifest sections, in the order of the design's object table. */
  sections: { kind: KindName; objects: Obj[] }[];
  /** What could not be mapped (or is mapped with a caveat), each at its place in kibana.yml. */
  warnings: Diagnostic[];
  /** The file is not readable YAML: nothing is imported. */
  errors: Diagnostic[];
  /** Environment variables the manifests expect (secrets written in clear in kibana.yml). */
  secretVariables: string[];
}

/** Preconfiguration keys Kibana reads that fleetform does not import (yet). */
const NOT_IMPORTED = ["downloadSources", "spaceSettings", "enableDeleteUnenrolledAgents"];

export async function importKibanaYml(
  text: string,
  file: string,
  kibana: KibanaFacts,
): Promise<ImportedManifests> {
  const pre = readPreconfiguration(text, file);
  if (pre.errors.length > 0 && pre.yml.errors.length > 0) {
    return { sections: [], warnings: [], errors: pre.errors, secretVariables: [] };
  }
  // What the preconfiguration gets wrong is left out of the import, which goes on: a warning here.
  const skipped = pre.errors.map((e): Diagnostic => ({ ...e, severity: "warning" }));
  const m: Mapping = { pre, warnings: skipped, errors: [], secretVariables: [] };
  const fleet = configAt(pre.yml, "xpack.fleet").value;
  m.warnings.push(...envDefaultWarnings(pre.yml, fleet));
  for (const key of NOT_IMPORTED) {
    const found = configAt(pre.yml, `xpack.fleet.${key}`);
    if (found.value !== undefined && found.owner) {
      note(
        m,
        "warnings",
        found.owner,
        found.key,
        `xpack.fleet.${key} is not imported`,
        "write it in manifests by hand",
      );
    }
  }
  const agentPolicies = mapAgentPolicies(m);
  const integrationPolicies = await mapIntegrationPolicies(m, agentPolicies, kibana);
  const used = new Set(integrationPolicies.map((p) => p.package.name));
  for (const pkg of pre.packages) {
    if (!used.has(pkg.name)) {
      note(
        m,
        "warnings",
        pkg,
        "name",
        `package ${pkg.name} is not imported: fleetform installs a package for the integration policies that use it`,
      );
    }
  }
  // By the preconfiguration list each comes from; the table of kinds says which section that is.
  const mapped: Record<string, Obj[]> = {
    outputs: mapOutputs(m),
    proxies: mapProxies(m),
    fleetServerHosts: mapFleetServerHosts(m),
    agentPolicies: agentPolicies.map((p) => p.body),
    "agentPolicies[].package_policies": integrationPolicies,
  };
  const sections: ImportedManifests["sections"] = Object.entries(mapped)
    .map(([list, objects]) => ({ kind: sectionOf(list), objects }))
    .filter((s) => s.objects.length > 0)
    .sort((a, b) => KIND_NAMES.indexOf(a.kind) - KIND_NAMES.indexOf(b.kind));
  m.warnings.sort((a, b) => (a.location?.line ?? 0) - (b.location?.line ?? 0));
  return { sections, warnings: m.warnings, errors: [], secretVariables: m.secretVariables };
}

/** KibanaFacts over the Fleet API. */
export function kibanaFacts(client: KibanaClient): KibanaFacts {
  /** The body of a GET, undefined when Kibana answers that it does not know the thing (404, 400). */
  const get = async (path: string): Promise<any> => {
    const res = await client.request("GET", path, { allowErrors: true });
    if (res.status === 404 || res.status === 400) return undefined;
    if (res.status >= 400) throw new KibanaApiError("GET", path, res.status, res.body);
    return res.body;
  };
  let catalog: Promise<Obj[]> | undefined;
  return {
    async packageInfo(name, version) {
      const body = await get(
        `/api/fleet/epm/packages/${encodeURIComponent(name)}/${encodeURIComponent(version)}`,
      );
      return body?.item as PackageInfo | undefined;
    },
    async packageVersion(name) {
      catalog ??= get("/api/fleet/epm/packages").then((body) => body?.items ?? []);
      const item = (await catalog).find((p) => p.name === name);
      return item?.installationInfo?.version ?? item?.savedObject?.attributes?.version ?? item?.version;
    },
    async packagePoliciesOf(agentPolicyId) {
      const body = await get(`/api/fleet/agent_policies/${encodeURIComponent(agentPolicyId)}`);
      return body?.item?.package_policies ?? [];
    },
  };
}
