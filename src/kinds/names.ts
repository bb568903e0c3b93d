/**
 * Manifest sections, in the order of the design's object table (the tie-break order of operations);
 * `packages` (installed without a policy) comes before the integration policies that may use them.
 */
export const KIND_NAMES = [
  "outputs",
  "proxies",
  "download_sources",
  "fleet_server_hosts",
  "agent_policies",
  "packages",
  "integration_policies",
  "case_settings",
  "fleet_settings",
] as const;

export type KindName = (typeof KIND_NAMES)[number];

export function isKindName(value: string): value is KindName {
  return (KIND_NAMES as readonly string[]).includes(value);
}

/** The field that identifies an object of a kind in the manifests, where it is not `id`. */
export const IDENTITY_FIELDS: Partial<Record<KindName, string>> = {
  case_settings: "owner",
  packages: "name",
};

export function identityField(kind: KindName): string {
  return IDENTITY_FIELDS[kind] ?? "id";
}

/**
 * How a kind's objects belong to Kibana spaces (x-pack/platform/plugins/shared/fleet/server/
 * saved_objects/index.ts; Cases: cases-configure is `multiple-isolated`):
 * - "ids-across-spaces": each object lives in a space, and its id is unique across every space
 *   (multiple-namespace saved objects: agent and package policies with space awareness on);
 * - "ids-per-space": each space has its own, and the identity repeats from space to space (one Cases
 *   configuration per owner per space).
 * Kinds not listed are global (namespace-agnostic saved objects: outputs, proxies, download sources,
 * Fleet Server hosts, Fleet settings; packages are installed once for the whole Kibana).
 */
export const SPACE_SCOPES: Partial<Record<KindName, "ids-across-spaces" | "ids-per-space">> = {
  agent_policies: "ids-across-spaces",
  integration_policies: "ids-across-spaces",
  case_settings: "ids-per-space",
};

export function isSpaceScoped(kind: KindName): boolean {
  return SPACE_SCOPES[kind] !== undefined;
}

/**
 * What tells two objects of a kind apart in a run that spans several spaces: the identity, with the
 * space beside it where the identity repeats from space to space (`securitySolution@ops`).
 */
export function spacedId(kind: KindName, id: string, space: string | undefined): string {
  return SPACE_SCOPES[kind] === "ids-per-space" && space ? `${id}@${space}` : id;
}
