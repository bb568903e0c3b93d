/** Manifest sections, in the order of the design's object table (the tie-break order of operations). */
export const KIND_NAMES = [
  "outputs",
  "proxies",
  "download_sources",
  "fleet_server_hosts",
  "agent_policies",
  "integration_policies",
  "case_settings",
  "fleet_settings",
] as const;

export type KindName = (typeof KIND_NAMES)[number];

export function isKindName(value: string): value is KindName {
  return (KIND_NAMES as readonly string[]).includes(value);
}
