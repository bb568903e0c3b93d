/**
 * The shape of each kind in the manifests, read by load, validate, scripts/gen-schemas.mjs and the
 * pipeline: the section's name (the key), the field that identifies an object, whether the section is
 * a list of objects or one mapping, the noun messages use, the field that selects a schema variant,
 * and the title of its JSON Schema. In the order of the design's object table (the tie-break order of
 * operations); `packages` (installed without a policy) comes before the integration policies that
 * may use them.
 */
export interface KindShape {
  /** Singular noun for messages ("output", "agent policy"). */
  noun: string;
  /** The field that names an object in the manifests; a singleton has none (its id is `settings`). */
  identity: "id" | "owner" | "name" | "singleton";
  /** A list of objects, or one mapping (a singleton). */
  section: "list" | "mapping";
  /** The field whose value selects the schema's variant (an output's `type`). */
  variantField?: string;
  /** The title of the kind's JSON Schema (schemas/<section>.schema.json). */
  title: string;
  /** A line of a mapping section, for hints. */
  example?: string;
  /** The list of kibana.yml's Fleet preconfiguration (`xpack.fleet.<list>`) `import` reads this section from. */
  preconfiguration?: string;
  /**
   * How the kind's objects belong to Kibana spaces (x-pack/platform/plugins/shared/fleet/server/
   * saved_objects/index.ts; Cases: cases-configure is `multiple-isolated`):
   * - "ids-across-spaces": each object lives in a space, and its id is unique across every space
   *   (multiple-namespace saved objects: agent and package policies with space awareness on);
   * - "ids-per-space": each space has its own, and the identity repeats from space to space (one Cases
   *   configuration per owner per space).
   * Absent: global (namespace-agnostic saved objects: outputs, proxies, download sources, Fleet Server
   * hosts, Fleet settings; packages are installed once for the whole Kibana).
   */
  space?: "ids-across-spaces" | "ids-per-space";
}

export const KIND_SHAPES = {
  outputs: {
    noun: "output",
    identity: "id",
    section: "list",
    variantField: "type",
    title: "Fleet output",
    preconfiguration: "outputs",
  },
  proxies: {
    noun: "proxy",
    identity: "id",
    section: "list",
    title: "Fleet proxy",
    preconfiguration: "proxies",
  },
  download_sources: {
    noun: "download source",
    identity: "id",
    section: "list",
    title: "Agent binary download source",
  },
  fleet_server_hosts: {
    noun: "Fleet Server host",
    identity: "id",
    section: "list",
    title: "Fleet Server host",
    preconfiguration: "fleetServerHosts",
  },
  agent_policies: {
    noun: "agent policy",
    identity: "id",
    section: "list",
    title: "Fleet agent policy",
    preconfiguration: "agentPolicies",
    space: "ids-across-spaces",
  },
  packages: {
    noun: "package",
    identity: "name",
    section: "list",
    title: "Package installed without an integration policy",
  },
  integration_policies: {
    noun: "integration policy",
    identity: "id",
    section: "list",
    title: "Fleet integration (package) policy, simplified format",
    preconfiguration: "agentPolicies[].package_policies",
    space: "ids-across-spaces",
  },
  case_settings: {
    noun: "Cases settings",
    identity: "owner",
    section: "list",
    title: "Cases settings (one per owner)",
    space: "ids-per-space",
  },
  fleet_settings: {
    noun: "Fleet settings",
    identity: "singleton",
    section: "mapping",
    title: "Fleet settings (singleton)",
    example: "prerelease_integrations_enabled: false",
  },
} as const satisfies Record<string, KindShape>;

export type KindName = keyof typeof KIND_SHAPES;

/** Every section, in the order of the table. */
export const KIND_NAMES = Object.keys(KIND_SHAPES) as KindName[];

/** The identity of a singleton's one object. */
export const SINGLETON_ID = "settings";

export function isKindName(value: string): value is KindName {
  return Object.hasOwn(KIND_SHAPES, value);
}

export function shapeOf(kind: KindName): KindShape {
  return KIND_SHAPES[kind];
}

/** The field that identifies an object of a kind in the manifests (`id` where the kind has none of its own). */
export function identityField(kind: KindName): string {
  const { identity } = KIND_SHAPES[kind];
  return identity === "singleton" ? "id" : identity;
}

export function isSpaceScoped(kind: KindName): boolean {
  return shapeOf(kind).space !== undefined;
}

/** `a, b and c`: a list of words in a sentence. */
export function listedInText(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** The sections whose objects live in a Kibana space, for messages ("agent_policies, … and case_settings"). */
export function spaceScopedSections(): string {
  return listedInText(KIND_NAMES.filter(isSpaceScoped));
}

/**
 * What tells two objects of a kind apart in a run that spans several spaces: the identity, with the
 * space beside it where the identity repeats from space to space (`securitySolution@ops`).
 */
export function spacedId(kind: KindName, id: string, space: string | undefined): string {
  return shapeOf(kind).space === "ids-per-space" && space ? `${id}@${space}` : id;
}

/** The section `import` writes what a list of kibana.yml's Fleet preconfiguration declares. */
export function sectionOf(preconfiguration: string): KindName {
  const kind = KIND_NAMES.find((k) => shapeOf(k).preconfiguration === preconfiguration);
  if (!kind) throw new Error(`no section for xpack.fleet.${preconfiguration}`);
  return kind;
}

/** The part of a kind's descriptor its shape gives: its name, noun and identity. */
export function describedAs<K extends KindName>(name: K) {
  const { noun, identity } = KIND_SHAPES[name];
  return { name, noun, identity };
}
