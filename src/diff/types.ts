import type { Operation } from "fast-json-patch";
import type { KindName, LiveObject } from "../kinds/types.js";
import type { ManifestObject, SourceLocation } from "../load/types.js";
import type { PackageRef } from "../read/packages.js";

export type Action = "create" | "update" | "delete";

/** One field's change: an RFC 6902 operation from live to desired, plus the live value it replaces (masked where sensitive). */
export type Change = Operation & { before?: unknown };

export interface PlannedOperation {
  /** `kind/id`, unique in a plan. */
  key: string;
  action: Action;
  kind: KindName;
  id: string;
  name?: string;
  /** RFC 6902 operations from live to desired, secrets masked. */
  changes: Change[];
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

export interface PlanProblem {
  kind: KindName;
  id: string;
  message: string;
  location?: SourceLocation;
  hint?: string;
}

export interface Plan {
  operations: PlannedOperation[];
  unchanged: number;
  packages: PackageRef[];
  blocked: ObjectRef[];
  unmanaged: ObjectRef[];
  /** Deletes Kibana has no API for (Cases settings), reported instead of failing. */
  notDeletable: ObjectRef[];
  /** Errors that stop the plan before anything is applied (managed objects, unknown references, name clashes). */
  problems: PlanProblem[];
  /** Differences the plan cannot resolve and does not stop for (fields Kibana keeps that have no "not set" value). */
  warnings: PlanProblem[];
}
