import type { Diagnostic, SourceLocation } from "../diagnostics/diagnostic.js";
import type { KindName } from "../kinds/shapes.js";

export type { Diagnostic, SourceLocation } from "../diagnostics/diagnostic.js";

export interface LocateOptions {
  /** Point at the mapping key of the last path segment instead of its value (unknown fields). */
  key?: boolean;
}

/** One object of one kind, as the manifests declare it. */
export interface ManifestObject {
  kind: KindName;
  /** Manifest identity: the kind's identity field (src/kinds/shapes.ts), `settings` for a singleton; "" when absent. */
  id: string;
  /**
   * The Kibana space the manifest puts it in (its section's `space:`, or its document's), for kinds
   * that live in a space; absent when the manifest names none (the run's `--space`).
   */
  space?: string;
  /** The object with `${env:}`/`${file:}` interpolation resolved and `$${` unescaped. */
  body: Record<string, unknown>;
  /**
   * Paths (relative to body) of the strings that interpolated an `${env:}`/`${file:}` value. The
   * whole value at each is a secret: renderers mask it, and the live value at the same path too.
   */
  interpolated?: string[][];
  /** The environment variables each `${env:}` placeholder read, by path (plan warns about credentials). */
  variables?: { path: string[]; name: string }[];
  /** Where the object starts. */
  location: SourceLocation;
  /** Position in its file's section (0-based), for naming objects that have no id. */
  index?: number;
  /** Where the value at `path` (relative to body) is; the nearest existing ancestor when it is absent. */
  locate(path: (string | number)[], opts?: LocateOptions): SourceLocation;
}

export interface LoadedManifest {
  objects: ManifestObject[];
  /** Manifest files read, in load order. */
  files: string[];
  /** Every value produced by interpolation; renderers mask them everywhere. */
  secrets: string[];
  errors: Diagnostic[];
  /** Sections the manifests declare, even empty ones (an empty section still puts its kind in scope). */
  sections?: KindName[];
  /** Every section met, with the space it names: what a prune may touch, space by space. */
  sectionSpaces?: SectionSpace[];
}

/** A section of a manifest document and the space it names (none: the run's `--space`, or global). */
export interface SectionSpace {
  kind: KindName;
  space?: string;
}

export interface LoadOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /**
   * Told, after each file that leaves the manifests without errors, of the sections met so far: a
   * command starts the live reads they call for while the other files load.
   */
  onSections?: (sections: Required<Pick<LoadedManifest, "sections" | "sectionSpaces">>) => void;
}
