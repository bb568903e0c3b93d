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
import type { KindDescriptor } from "./types.js";

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

const BY_NAME = new Map<KindName, KindDescriptor>(KINDS.map((k) => [k.kind, k]));

export function kindOf(name: KindName): KindDescriptor {
  const kind = BY_NAME.get(name);
  if (!kind) throw new Error(`unknown kind ${name}`);
  return kind;
}

export { KIND_NAMES, type KindName } from "./shapes.js";
export type { KindDescriptor, LiveObject, PlanContext } from "./types.js";
