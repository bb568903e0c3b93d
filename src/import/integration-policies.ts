/**
 * Integration policies from the `package_policies` of preconfigured agent policies
 * (ensurePreconfiguredPackagesAndPolicies / addPreconfiguredPolicyPackages,
 * FLEET/server/services/preconfiguration.ts):
 *   - legacy form (`inputs` a list): namespace is always the agent policy's (the entry's own
 *     `namespace` and `output_id` are not passed on), inputs as applyLegacyInputs builds them;
 *   - simplified form (`inputs` a mapping, or no inputs): namespace is the entry's or else the agent
 *     policy's, inputs keyed `<policy_template>-<type>` as in the API;
 *   - the package version is the installed one; names may repeat across agent policies
 *     (skipUniqueNameVerification), which the API refuses: the import renames the repeats.
 */
import { sectionOf } from "../kinds/shapes.js";
import { checkAgainstPackage, secretVarPaths } from "../packages/checks.js";
import { toSimplified } from "../packages/simplified.js";
import type { PackageInfo } from "../packages/types.js";
import { minimalSimplified } from "../packages/versions.js";
import { finish, type Mapping, note, pickFields } from "./objects.js";
import { applyLegacyInputs, derivedPackagePolicyId } from "./package-policies.js";
import {
  idText,
  isLegacyPackagePolicy,
  type Obj,
  packagePoliciesOf,
  requestedVersion,
} from "./preconfiguration.js";

const INTEGRATION_POLICIES = sectionOf("agentPolicies[].package_policies");

/** What the import asks the Kibana that preconfiguration produced. */
export interface KibanaFacts {
  /** GET /api/fleet/epm/packages/{name}/{version}; undefined when Kibana does not know that version. */
  packageInfo(name: string, version: string): Promise<PackageInfo | undefined>;
  /** The version Kibana has installed (else its latest), for `latest` and unlisted packages. */
  packageVersion(name: string): Promise<string | undefined>;
  /** The integration policies attached to an agent policy ([] when it does not exist yet). */
  packagePoliciesOf(agentPolicyId: string): Promise<Obj[]>;
}

/** Kibana's config loader splits dotted keys, unless in brackets (kbn-config raw/utils.ts splitKey). */
const DOTTED_HINT =
  "kibana.yml splits dotted keys into nested ones: write a dataset or var name with dots in brackets, as '[tcp.generic]'";

const LEGACY_FIELDS = ["id", "name", "package", "description", "inputs"];

export async function mapIntegrationPolicies(
  m: Mapping,
  policies: { policy: Obj; body: Obj }[],
  kibana: KibanaFacts,
): Promise<Obj[]> {
  const out: Obj[] = [];
  const firstByName = new Map<string, Obj>();
  for (const { policy, body: agentPolicy } of policies) {
    const live = await kibana.packagePoliciesOf(agentPolicy.id);
    for (const pp of packagePoliciesOf(policy)) {
      const mapped = await mapOne(m, pp, agentPolicy, live, kibana);
      if (!mapped) continue;
      const first = firstByName.get(mapped.name);
      if (first) {
        // Preconfiguration skips the unique-name check; the API and fleetform's plan do not.
        const renamed = `${mapped.name} (${agentPolicy.id})`;
        note(
          m,
          "warnings",
          pp,
          "name",
          `integration policy name "${mapped.name}" is also used in agent policy "${first.policy_ids[0]}"; Kibana's API requires unique names, so the manifest renames this one "${renamed}"`,
          "the first plan updates its name; choose another name in the manifest if you prefer",
        );
        mapped.name = renamed;
      }
      firstByName.set(mapped.name, mapped);
      out.push(mapped);
    }
  }
  return out;
}

async function mapOne(
  m: Mapping,
  pp: Obj,
  agentPolicy: Obj,
  live: Obj[],
  kibana: KibanaFacts,
): Promise<Obj | undefined> {
  const name = String(pp.name ?? "");
  const pkgName = typeof pp.package?.name === "string" ? pp.package.name : undefined;
  if (!name || !pkgName) {
    note(
      m,
      "warnings",
      pp,
      undefined,
      "a package policy needs a name and package.name",
      "Kibana refuses this entry",
    );
    return undefined;
  }
  const legacy = isLegacyPackagePolicy(pp);
  const liveMatch = live.find((p) => p.id === idText(pp.id)) ?? live.find((p) => p.name === name);
  let id = idText(pp.id) ?? liveMatch?.id;
  if (!id) {
    id = derivedPackagePolicyId(agentPolicy.id, name);
    if (!legacy) {
      note(
        m,
        "warnings",
        pp,
        "name",
        `package policy "${name}" has no id and is not in Kibana yet: Kibana will give it a random id, the manifest says ${id}`,
        "add an id in kibana.yml, or import against the Kibana that preconfiguration set up",
      );
    }
  }
  const version =
    liveMatch?.package?.version ?? requestedVersion(m.pre, pkgName) ?? (await kibana.packageVersion(pkgName));
  const pkg = version ? await kibana.packageInfo(pkgName, version) : undefined;
  if (!version || !pkg) {
    note(
      m,
      "warnings",
      pp.package,
      "name",
      `package ${pkgName}${version ? ` ${version}` : ""} is not known to Kibana: preconfiguration cannot add "${name}"; not imported`,
      "install the package in Kibana (xpack.fleet.packages), then import again",
    );
    return undefined;
  }
  const body: Obj = {
    id,
    name,
    ...(pp.description !== undefined ? { description: pp.description } : {}),
    namespace: agentPolicy.namespace,
    policy_ids: [agentPolicy.id],
    package: { name: pkgName, version },
  };
  if (legacy) {
    for (const key of Object.keys(pp)) {
      if (LEGACY_FIELDS.includes(key)) continue;
      const ignored = key === "namespace" || key === "output_id";
      note(
        m,
        "warnings",
        pp,
        key,
        ignored
          ? `${key}: Kibana ignores it for a package policy with a list of inputs (it takes the agent policy's); not imported`
          : `${key} is not a field of ${INTEGRATION_POLICIES} manifests; not imported`,
      );
    }
    const result = applyLegacyInputs(pkg, pp.inputs);
    for (const n of [...result.skipped, ...result.locks])
      note(m, "warnings", n.owner, n.key, n.message, n.hint);
    Object.assign(body, minimalSimplified(pkg, toSimplified(pkg, result.tree)));
  } else {
    const rest = pickFields(m, INTEGRATION_POLICIES, pp, [...LEGACY_FIELDS, "namespace"]);
    if (pp.namespace) body.namespace = pp.namespace;
    Object.assign(body, rest);
    if (pp.inputs !== undefined) body.inputs = pp.inputs;
    const problems = checkAgainstPackage(pkg, body);
    for (const problem of problems) {
      const { owner, key } = deepest(pp, problem.path);
      const dotted = problem.path.some((p) => p.includes(".")) ? "" : DOTTED_HINT;
      note(
        m,
        "warnings",
        owner,
        key,
        `${problem.message}: Kibana cannot add "${name}"; not imported`,
        [problem.hint, dotted].filter(Boolean).join("\n"),
      );
    }
    if (problems.length > 0) return undefined;
  }
  return finish(m, INTEGRATION_POLICIES, body, secretVarPaths(pkg));
}

/** The deepest value along `path` that the entry has, to point a warning at. */
function deepest(root: Obj, path: string[]): { owner: object; key: string | undefined } {
  let owner: Obj = root;
  for (const [i, key] of path.entries()) {
    const next = owner[key];
    if (i === path.length - 1 || !next || typeof next !== "object") return { owner, key };
    owner = next;
  }
  return { owner, key: undefined };
}
