import { agentPolicies } from "./agent-policies.js";
import { caseSettings } from "./case-settings.js";
import { downloadSources } from "./download-sources.js";
import { fleetServerHosts } from "./fleet-server-hosts.js";
import { fleetSettings } from "./fleet-settings.js";
import { integrationPolicies } from "./integration-policies.js";
import { outputs } from "./outputs.js";
import { packages } from "./packages.js";
import { proxies } from "./proxies.js";
import type { KindName } from "./shapes.js";
import type { Body, KindDescriptor, PlanContext } from "./types.js";

/** Every kind fleetform manages, in the order of KIND_NAMES (the tie-break order of operations). */
export const KINDS: readonly KindDescriptor[] = [
  outputs,
  proxies,
  downloadSources,
  fleetServerHosts,
  agentPolicies,
  packages,
  integrationPolicies,
  caseSettings,
  fleetSettings,
];

const BY_NAME = new Map<KindName, KindDescriptor>(KINDS.map((k) => [k.name, k]));

export function kindOf(name: KindName): KindDescriptor {
  const kind = BY_NAME.get(name);
  if (!kind) throw new Error(`unknown kind ${name}`);
  return kind;
}

/** Why Kibana would refuse to delete this object now: its own reason, or a default flag it holds. */
export function deleteBlockedReason(kind: KindDescriptor, raw: Body, ctx: PlanContext): string | undefined {
  const own = "call" in kind.deletion ? kind.deletion.blockedReason?.(raw, ctx) : undefined;
  if (own) return own;
  const flag = kind.defaultFlags?.fields.find((f) => raw[f] === true);
  return flag
    ? `it is the current default ${kind.noun} (${flag}); make another ${kind.noun} the default first`
    : undefined;
}

/** The objects Kibana deletes together with an object of this kind. */
export function cascadesOf(kind: KindDescriptor): { kind: KindName; field: string }[] {
  return "call" in kind.deletion ? (kind.deletion.cascades ?? []) : [];
}

export { KIND_NAMES, type KindName } from "./shapes.js";
export type { KindDescriptor, LiveObject, PlanContext } from "./types.js";
