import type { KindName } from "../kinds/shapes.js";
import type { DiagnosticCode } from "./codes.js";

/** A place in a manifest file; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type Severity = "error" | "warning";

/** The object a diagnostic is about (where its manifest location is unknown, it names it). */
export interface Subject {
  kind: KindName;
  id: string;
}

/**
 * One problem, from any stage (load, validate, the plan's checks, the package checks): how bad it is,
 * what it is about and where, what is wrong and what to do. Every command prints it with the one
 * formatter (src/diagnostics/format.ts), as text, Markdown or JSON.
 */
export interface Diagnostic {
  /** An error stops the command (nothing is sent to Kibana); a warning is shown and does not. */
  severity: Severity;
  subject?: Subject;
  location?: SourceLocation;
  message: string;
  hint?: string;
  /** A stable name for the kind of problem, for scripts (src/diagnostics/codes.ts). */
  code?: DiagnosticCode;
}

/** A diagnostic about one object of the plan: it always names its object. */
export type ObjectDiagnostic = Diagnostic & { subject: Subject };

/**
 * A problem with a value inside one object's body, at `path`, found by code that holds the body and
 * not the manifest (package checks, a kind's `problemsOf`): whoever holds the object places it.
 */
export interface FieldProblem {
  path: string[];
  message: string;
  hint?: string;
}

/** An error that is about no place and no object (a connection failure, a bad option). */
export function errorDiagnostic(message: string, hint?: string, code?: DiagnosticCode): Diagnostic {
  return { severity: "error", ...(code ? { code } : {}), message, ...(hint ? { hint } : {}) };
}

/** The part of a diagnostic that names its object. */
export function subjectOf(object: Subject): { subject: Subject } {
  return { subject: { kind: object.kind, id: object.id } };
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}
