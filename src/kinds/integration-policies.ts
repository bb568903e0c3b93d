import { checkAgainstPackage, secretVarPaths } from "../packages/checks.js";
import {
  comparableLiveDefend,
  createInputs,
  defendProblems,
  isDefend,
  livePolicy,
  livePreset,
  policyMatches,
  updateInputs,
} from "../packages/defend.js";
import { PerBody } from "../packages/per-body.js";
import {
  alignInputsAndStreams,
  expandSimplified,
  type PolicyVars,
  simplifiedView as sharedTree,
  toSimplified,
} from "../packages/simplified.js";
import { toSimplifiedLike } from "../packages/simplified-like.js";
import type { PackageInfo } from "../packages/types.js";
import { minimalSimplified, upgradeNotes } from "../packages/versions.js";
import { deepFreeze, frozenCopy } from "../util/deep-freeze.js";
import { lockedDuringRun, revisionBump } from "./agent-policies.js";
import { describedAs } from "./shapes.js";
import { type Body, type KindDescriptor, LATEST, type PlanContext } from "./types.js";
import { INTEGRATION_POLICY_VERSIONS } from "./versions.js";

const item = (id: string) => `/api/fleet/package_policies/${encodeURIComponent(id)}`;

export function packageKey(pkg: { name?: unknown; version?: unknown } | undefined): string {
  return `${pkg?.name}@${pkg?.version}`;
}

function packageOf(body: Body, ctx: PlanContext): PackageInfo | undefined {
  return ctx.packages.get(packageKey(body.package));
}

/** `policy_id` is the deprecated single form of `policy_ids`. */
export function policyIdsOf(body: Body): string[] {
  if (Array.isArray(body.policy_ids)) return body.policy_ids.map(String);
  return typeof body.policy_id === "string" ? [body.policy_id] : [];
}

/**
 * A policy read in the full (array) format, with its inputs and vars in the simplified form the
 * manifest uses. Policies are read in the full format because the simplified one drops each input's
 * `config`, where Elastic Defend keeps its policy.
 */
function simplifiedView(raw: Body): Body {
  return Array.isArray(raw.inputs) ? { ...raw, ...simplifiedTree(raw) } : raw;
}

/**
 * simplifiedView's inputs and vars alone; given `like` (the desired comparable form), sharing the
 * parts that equal it (toSimplifiedLike).
 */
function simplifiedTree(raw: Body, like?: Body): { inputs: unknown; vars: unknown } {
  if (!Array.isArray(raw.inputs)) return { inputs: raw.inputs ?? {}, vars: raw.vars ?? {} };
  const tree = { inputs: raw.inputs, vars: raw.vars };
  return like ? toSimplifiedLike(tree, like) : toSimplified(undefined, tree);
}

/**
 * The full input/var tree Kibana stores for the manifest's simplified values: built from the package,
 * then an input whose streams are all disabled is turned off, as Kibana's create and update do.
 */
function expand(body: Body, pkg: PackageInfo, shared = false) {
  // A comparison only reads the tree: it may share the package's frozen defaults (copy on write).
  // A request body is built from its own copy.
  const simplified = { inputs: body.inputs, vars: body.vars };
  const tree = shared ? sharedTree(pkg, simplified) : expandSimplified(pkg, simplified);
  return { ...tree, inputs: alignInputsAndStreams(tree.inputs) };
}

/**
 * What a desired body's inputs and vars compare as (the simplified form of the tree Kibana would
 * store), once per package and body: frozen, and sharing the package defaults' parts.
 */
const comparableTree = new PerBody((pkg, body) => frozenCopy(toSimplified(pkg, expand(body, pkg, true))));

/** The package's objections to a body's inputs and vars, once per package and body. */
const packageProblems = new PerBody((pkg, body) => deepFreeze(checkAgainstPackage(pkg, body)));

/** Kibana's FLEET_SERVER_PACKAGE (FLEET/common/constants/epm.ts). */
const FLEET_SERVER_PACKAGE = "fleet_server";

export const integrationPolicies: KindDescriptor = {
  ...describedAs("integration_policies"),
  since: INTEGRATION_POLICY_VERSIONS,
  uniqueNames: true,
  references: [
    { field: "policy_ids", kind: "agent_policies", many: true },
    { field: "policy_id", kind: "agent_policies" },
    { field: "output_id", kind: "outputs" },
  ],
  list: {
    path: "/api/fleet/package_policies",
    perPage: 1000,
    shape: "items",
    // Names are unique (Kibana refuses a second policy of a name) and `name` is a keyword in the
    // package policy mappings (FLEET/server/constants/mappings.ts PACKAGE_POLICIES_MAPPINGS).
    beyondWindow: { sortField: "name", kueryField: "ingest-package-policies.name" },
  },
  // Attached to a managed or preconfigured agent policy: protected with it (read-live protectChildren).
  protectedReason: (raw) => (raw.is_managed ? "managed integration policy" : undefined),
  defaults: { description: "", namespace: "", output_id: null, vars: {}, inputs: {} },
  ignoredFields: [
    "policy_id",
    "force",
    "enabled",
    "supports_agentless",
    "additional_datastreams_permissions",
  ],
  problemsOf: (body, ctx) => {
    const pkg = packageOf(body, ctx);
    const agentPolicies = ctx.live.get("agent_policies");
    const current = ctx.live.get("integration_policies")?.get(String(body.id));
    const attached = new Set(current ? policyIdsOf(current.raw) : []);
    // Kibana refuses to add integrations to a hosted agent policy without force: say so before applying.
    // (A lock the manifests claim is fleetform's own: it adds them with force.)
    const hostedByOthers = (id: string) => {
      const parent = agentPolicies?.get(id);
      return parent?.raw.is_managed === true && parent.protectedReason !== undefined;
    };
    const hosted = policyIdsOf(body).flatMap((id, index) =>
      hostedByOthers(id) && !attached.has(id)
        ? [
            {
              path: [
                Array.isArray(body.policy_ids) ? "policy_ids" : "policy_id",
                ...(Array.isArray(body.policy_ids) ? [String(index)] : []),
              ],
              message: `agent policy "${id}" is managed (hosted); Kibana refuses integrations added to it`,
              hint: "attach the integration to an agent policy fleetform manages; if fleetform locked this one, state is_managed in its manifest",
            },
          ]
        : [],
    );
    return [...hosted, ...defendProblems(body, current?.raw), ...(pkg ? packageProblems.get(pkg, body) : [])];
  },
  secrets: {
    of: (body, ctx) => {
      const pkg = packageOf(body, ctx);
      return pkg ? secretVarPaths(pkg) : [];
    },
  },
  updateNotes: (body, live, ctx) => {
    const from = packageOf(live.raw, ctx);
    const to = packageOf(body, ctx);
    return from && to && from.version !== to.version ? upgradeNotes(from, to) : [];
  },
  packagesOf: (body) =>
    typeof body.package?.name === "string"
      ? [
          {
            name: body.package.name,
            version: body.package.version ?? LATEST,
            versionPath: ["package", "version"],
          },
        ]
      : [],
  comparableDesired: (body, ctx) => {
    // Elastic Defend: the policy Kibana fills in is compared as the partial the manifest states.
    if (isDefend(body)) {
      const { defend, ...rest } = body;
      return {
        ...rest,
        policy_ids: policyIdsOf(body).sort(),
        package: { name: body.package?.name, version: body.package?.version },
        inputs: {},
        vars: {},
        defend: { policy: defend?.policy ?? {} },
      };
    }
    const pkg = packageOf(body, ctx);
    const tree = pkg ? comparableTree.get(pkg, body) : { inputs: body.inputs ?? {}, vars: body.vars ?? {} };
    return {
      ...body,
      policy_ids: policyIdsOf(body).sort(),
      package: { name: body.package?.name, version: body.package?.version },
      inputs: tree.inputs,
      vars: tree.vars,
    };
  },
  comparableLive: (live, _ctx, desired, like) => {
    const raw = live.raw;
    const defend = isDefend(raw);
    const tree = defend ? { inputs: {}, vars: {} } : simplifiedTree(raw, like);
    return {
      ...pick(raw, ["id", "name", "description", "namespace", "output_id"]),
      policy_ids: policyIdsOf(raw).sort(),
      package: { name: raw.package?.name, version: raw.package?.version },
      inputs: tree.inputs,
      vars: tree.vars,
      ...(defend ? { defend: comparableLiveDefend(live.raw, desired) } : {}),
    };
  },
  // Export writes only what differs from the package defaults, as a person would write it.
  exportBody: (live, ctx) => {
    const raw = simplifiedView(live.raw);
    const pkg = packageOf(raw, ctx);
    const tree = isDefend(raw)
      ? { defend: exportedDefend(live.raw) }
      : pkg
        ? minimalSimplified(pkg, { inputs: raw.inputs, vars: raw.vars })
        : {};
    return {
      id: live.id,
      ...pick(raw, ["name", "description", "namespace", "output_id"]),
      policy_ids: policyIdsOf(raw),
      package: { name: raw.package?.name, version: raw.package?.version },
      ...tree,
    };
  },
  get: (id) => ({ method: "GET", path: item(id), shape: "item" }),
  versionedUpdate: true,
  create: (body, ctx) => {
    const { policy_id: _legacy, ...rest } = withLockForce(body, ctx);
    // Kibana takes only the preset from a Defend create's inputs (the legacy format carries it).
    if (isDefend(body)) {
      const { defend: _defend, inputs: _inputs, vars: _vars, ...fields } = rest;
      return {
        method: "POST",
        path: "/api/fleet/package_policies",
        body: { ...fields, policy_ids: policyIdsOf(body), inputs: createInputs(body) },
      };
    }
    return {
      method: "POST",
      path: "/api/fleet/package_policies",
      query: { format: "simplified" },
      body: { ...rest, policy_ids: policyIdsOf(body) },
    };
  },
  // Updates use the legacy (array) format on purpose: it is the only one that carries `version`, so a
  // change made after the plan read the policy is refused with 409 instead of silently overwritten,
  // and it carries the complete input tree, so omitted vars really return to the package defaults.
  update: (body, live, ctx) => {
    const pkg = packageOf(body, ctx);
    if (!pkg) throw new Error(`package ${packageKey(body.package)} is not available`);
    const tree = expand(body, pkg);
    return {
      method: "PUT",
      path: item(live.id),
      body: {
        name: body.name,
        description: body.description ?? "",
        namespace: body.namespace ?? "",
        policy_ids: policyIdsOf(body),
        output_id: body.output_id ?? null,
        package: { name: pkg.name, version: pkg.version, title: pkg.title },
        // Kibana recompiles every stream on update, but its legacy body schema requires the key.
        inputs: isDefend(body)
          ? updateInputs(live.raw, body)
          : tree.inputs.map((input) => ({
              ...input,
              vars: explicitValues(input.vars),
              streams: input.streams.map((stream) => ({
                ...stream,
                vars: explicitValues(stream.vars),
                compiled_stream: {},
              })),
            })),
        vars: explicitValues(tree.vars),
        version: live.version,
      },
    };
  },
  afterCreate(created, body, ctx) {
    return isDefend(body) && !policyMatches(created.raw, body) ? this.update(body, created, ctx) : undefined;
  },
  createNotes: (body, ctx) => {
    const locked = lockedParents(body, ctx);
    const lockNote =
      locked.length > 0 ? [`on locked agent policy ${locked.join(", ")}: sent with force`] : [];
    if (!isDefend(body)) return lockNote;
    const preset = body.defend?.preset;
    const from = preset ? `the ${preset} preset` : "its default (data collection)";
    const stated = Object.keys(body.defend?.policy ?? {}).length > 0;
    return [
      ...lockNote,
      `Kibana fills in the Defend policy from ${from}${stated ? "; an update then sets defend.policy where it differs" : ""}`,
    ];
  },
  // Kibana refuses to remove an integration of a locked agent policy without force (its query flag),
  // and then bumps none of its agent policies' revisions: fleetform does (agent-policies.ts revisionBump).
  deletion: {
    call: (live, ctx) => ({
      method: "DELETE",
      path: item(live.id),
      ...(lockedParents(live.raw, ctx).length > 0 ? { query: { force: true } } : {}),
    }),
    after: (live, ctx) =>
      lockedParents(live.raw, ctx).flatMap((id) => {
        const bump = revisionBump(id, ctx);
        return bump ? [bump] : [];
      }),
    notes: (live, ctx) => {
      const locked = lockedParents(live.raw, ctx);
      return locked.length > 0
        ? [`from locked agent policy ${locked.join(", ")}: sent with force, then its revision bumped`]
        : [];
    },
    // Kibana deletes a Fleet Server's own integration without a word, and the Fleet Servers enrolled in
    // its agent policy stop serving every agent: a prune never does that (remove it in Kibana if meant).
    blockedReason: (raw, ctx) => {
      if (raw.package?.name !== FLEET_SERVER_PACKAGE) return undefined;
      const parent = policyIdsOf(raw)
        .map((id) => ctx.live.get("agent_policies")?.get(id)?.raw)
        .find((policy) => Number(policy?.agents ?? 0) > 0);
      return parent
        ? `the Fleet Server integration of agent policy "${parent.id}", where ${parent.agents} agent${parent.agents === 1 ? " is" : "s are"} enrolled: deleting it stops their Fleet Server; remove it in Kibana if you mean to`
        : undefined;
    },
  },
  check: {
    samples: ({ idOf, system }) => [
      {
        suffix: "integration-policy",
        create: {
          description: "fleetform check-kibana",
          policy_ids: [idOf("agent-policy")],
          package: system,
        },
        update: { description: "fleetform check-kibana, updated" },
      },
    ],
  },
};

/** The agent policies of the integration that are locked at some point of this run (agent-policies.ts). */
function lockedParents(body: Body, ctx: PlanContext): string[] {
  return policyIdsOf(body).filter((id) => lockedDuringRun(id, ctx));
}

/** Kibana refuses to add an integration to a locked agent policy without force (a body flag on create). */
function withLockForce(body: Body, ctx: PlanContext): Body {
  return lockedParents(body, ctx).length > 0 ? { ...body, force: true } : body;
}

/** A Defend policy as a manifest states it: its preset and every value but Kibana's `meta`. */
function exportedDefend(raw: Body): Body {
  const { meta: _meta, ...policy } = livePolicy(raw) ?? {};
  const preset = livePreset(raw);
  return { ...(preset ? { preset } : {}), policy };
}

/** The legacy body requires `value` on every var: a var with no default is sent as null. */
function explicitValues(vars: PolicyVars | undefined): PolicyVars | undefined {
  if (!vars) return undefined;
  return Object.fromEntries(
    Object.entries(vars).map(([name, v]) => [name, { ...v, value: v.value ?? null }]),
  );
}

function pick(raw: Body, keys: string[]): Body {
  const out: Body = {};
  for (const key of keys) if (raw[key] !== undefined) out[key] = raw[key];
  return out;
}
