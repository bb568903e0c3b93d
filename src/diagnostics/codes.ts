/**
 * The stable codes of diagnostics: `code` in `--json` documents, for scripts that act on a kind of
 * problem without matching its message. A message may be reworded; a code keeps its meaning, and a
 * new kind of problem gets a new code. Every producer sets its code from this one table.
 */
export const CODES = {
  // Load: reading the manifests.
  /** A manifest path is missing or unreadable, too large, not UTF-8, holds no YAML, or links out of the tree. */
  manifestFile: "manifest-file",
  /** The text is no YAML document fleetform reads: a syntax error, too deep, aliases that expand too much, a bad key. */
  yaml: "yaml",
  /** A document, section or entry has the wrong shape: an unknown section, a list for a mapping, a bad `space`. */
  manifestShape: "manifest-shape",
  /** An `${env:…}` or `${file:…}` reference that cannot be resolved. */
  interpolation: "interpolation",
  /** One object twice in the manifests (one id in two places, or in two spaces). */
  duplicateObject: "duplicate-object",
  // Validate: the kinds' JSON Schemas.
  /** A field or value the kind's JSON Schema refuses (unknown field, missing field, wrong type or value). */
  schema: "schema",
  /** A reference to an object neither the manifests nor Kibana have. */
  referenceMissing: "reference-missing",
  /** A reference to an object in another Kibana space. */
  referenceOtherSpace: "reference-other-space",
  // Plan checks: what the connected Kibana would refuse.
  /** A package, or a version of it, the connected Kibana does not offer. */
  unknownPackage: "unknown-package",
  /** A field or value the connected Kibana's version does not support yet. */
  versionRefused: "version-refused",
  /** A package pinned older than a version a policy uses. */
  packagePin: "package-pin",
  /** A value the object's own rules (its package's variables, its settings) refuse. */
  objectInvalid: "object-invalid",
  /** A request that cannot be planned as written (it would have to hold a secret). */
  unplannable: "unplannable",
  /** A name Kibana requires unique that another object has. */
  nameTaken: "name-taken",
  /** An object Kibana protects (preconfigured, managed): fleetform never changes it. */
  protectedObject: "protected-object",
  /** An object the manifests put in another space than the one Kibana has it in. */
  spaceConflict: "space-conflict",
  /** A default flag taken from its holder without another object taking it. */
  defaultFlag: "default-flag",
  // Warnings of plan and apply.
  /** A credential-like environment value in a field Kibana shows to anyone who reads the object. */
  credentialInClear: "credential-in-clear",
  /** A live value the manifest leaves out that Kibana's update keeps. */
  keptField: "kept-field",
  /** A delete Kibana refuses (enrolled agents, the current default): the object stays. */
  deleteBlocked: "delete-blocked",
  /** A value Kibana stored otherwise than the plan wrote it (apply's divergences). */
  storedOtherwise: "stored-otherwise",
  /** An enrollment token that cannot be rotated. */
  tokenNotRotated: "token-not-rotated",
  // Commands: no place and no object.
  /** Options or arguments the command does not accept. */
  usage: "usage",
  /** Kibana cannot be reached (no answer, TLS, DNS). */
  connection: "connection",
  /** Kibana answered a request with an error status (refused credentials included). */
  kibanaError: "kibana-error",
} as const;

export type DiagnosticCode = (typeof CODES)[keyof typeof CODES];
