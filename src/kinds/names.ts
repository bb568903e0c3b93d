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
