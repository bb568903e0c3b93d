import type { ObjectDiagnostic } from "../diagnostics/diagnostic.js";
import type { ApiCall, Body, KindName, LiveObject, ObjectRead } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import type { PackageRef } from "../read/packages.js";
import type { TokenStep } from "../tokens/enrollment-tokens.js";
import type { SecretReference } from "../util/secret-references.js";

export type Action = "create" | "update" | "delete";

/**
 * One field's change, produced once by the diff and read by every renderer (text, Markdown, drift,
 * JSON). Values are already masked where `sensitive`: nothing downstream ever sees a secret.
 */
export interface Change {
  /** The RFC 6902 operation from live to desired. */
  op: "add" | "remove" | "replace";
  /** JSON Pointer into the object, in the manifest's naming. */
  path: string;
  /** The live value it replaces; absent when Kibana has none. */
  before?: unknown;
  /** The value it will have; absent when the field is removed. */
  after?: unknown;
  /** A write-only or interpolated value: both sides are masks. */
  sensitive: boolean;
  /** The manifest states this value; otherwise it is the field's "not set" value (the server default). */
  stated: boolean;
}

/**
 * The HTTP call an operation makes, exactly as apply sends it, except that values the plan must not
 * hold are masks in its body, each with a reference to its source in the manifest object (`secrets`):
 * apply fills them in just before sending.
 */
export interface PlannedRequest extends ApiCall {
  secrets: SecretReference[];
}

/**
 * A field Kibana stored otherwise than the manifest says, seen in the answer to a write: normalised,
 * defaulted or dropped. Left alone, it would come back as a change on every plan.
 */
export interface Divergence {
  /** JSON Pointer into the object, in the manifest's naming. */
  path: string;
  /** The value Kibana kept; absent when it dropped the field. Masked where `sensitive`. */
  kept?: unknown;
  /** The value the manifest asked for (its "not set" value when not `stated`); absent when Kibana added the field. */
  wrote?: unknown;
  sensitive: boolean;
  /** The manifest states this field (otherwise Kibana set it where the manifest says nothing). */
  stated: boolean;
}

/**
 * Judgements about a re-read object that only the diff stage can make; apply calls them, never the
 * comparison code itself.
 */
export interface Verdicts {
  /** The object has not changed, in anything the manifest can say, since the plan read it. */
  unchangedSincePlan?(raw: Body): boolean;
  /** The object already is what the manifest says (write-only values aside, which cannot be read). */
  matchesManifest?(raw: Body): boolean;
  /** The fields of the object Kibana answered a write with that differ from the manifest. */
  divergence?(raw: Body): Divergence[];
}

export interface PlannedOperation {
  /** `kind/id`, unique in a plan. */
  key: string;
  action: Action;
  kind: KindName;
  id: string;
  /**
   * The Kibana space its requests go to. While planning, only a space other than the run's own
   * (`--space`); the finished plan names it on every operation of a kind that lives in a space.
   */
  space?: string;
  name?: string;
  /** One entry per changed field, secrets masked. */
  changes: Change[];
  /** What apply sends (secrets as references to the manifest). */
  request: PlannedRequest;
  /** Reads the one object back: before an unversioned update, and after a 409 or a lost answer. */
  read?: ObjectRead;
  /**
   * For a create: the update that makes an object someone else created with the same id, and that
   * matches the manifest, ours, by sending the manifest's write-only values (which cannot be compared).
   */
  adopt?: PlannedRequest;
  /**
   * For a create: the update that follows it, from the object Kibana created, when Kibana fills in
   * what the create cannot set; apply sends it right after the create, as part of this operation.
   */
  afterCreate?(created: Body): PlannedRequest | undefined;
  /** For a delete: the calls that complete it (a revision bump Kibana skips), sent right after it. */
  afterDelete?: PlannedRequest[];
  verdicts: Verdicts;
  desired?: ManifestObject;
  live?: LiveObject;
  /** Lines the plan shows beside the changes (a package upgrade's added and dropped names). */
  notes?: string[];
  /** Keys of the operations that must succeed first. */
  dependsOn: string[];
}

export interface ObjectRef {
  kind: KindName;
  id: string;
  name?: string;
  reason?: string;
}

/** A package version the plan installs before its operations (one that no operation installs itself). */
export interface PackageInstall extends PackageRef {
  request: ApiCall;
}

export interface Plan {
  operations: PlannedOperation[];
  /** The spaces the plan read and may write objects of space-scoped kinds in, the run's own first. */
  spaces?: string[];
  /** The run's own space (`--space`, or "default"): where what names no space goes. */
  runSpace?: string;
  unchanged: number;
  /** Package versions installed before the operations, each with the request that installs it. */
  packages: PackageInstall[];
  /** Enrollment tokens to create or rotate after the operations; not operations, not in `summary`. */
  tokens?: TokenStep[];
  blocked: ObjectRef[];
  unmanaged: ObjectRef[];
  /** Deletes Kibana has no API for (Cases settings), reported instead of failing. */
  notDeletable: ObjectRef[];
  /** Errors that stop the plan before anything is applied (managed objects, unknown references, name clashes). */
  problems: ObjectDiagnostic[];
  /** Differences the plan cannot resolve and does not stop for (fields Kibana keeps that have no "not set" value). */
  warnings: ObjectDiagnostic[];
}
