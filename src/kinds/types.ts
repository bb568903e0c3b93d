import type { KibanaClient } from "../client/kibana-client.js";
import type { HttpMethod } from "../client/types.js";
import type { FieldProblem } from "../diagnostics/diagnostic.js";
import type { PackageInfo } from "../packages/types.js";
import type { KindName, KindShape } from "./shapes.js";
import type { FieldSince } from "./versions.js";

export type { KindName } from "./shapes.js";

export type Body = Record<string, any>;

/** One HTTP call an operation makes. */
export interface ApiCall {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** How to read one object back (GET by id): apply's check before a write and after a lost answer. */
export interface ObjectRead extends ApiCall {
  method: "GET";
  /** Where the object is in the answer: `item`, or the element of an array with the object's identity. */
  shape: "item" | "array";
}

/** A reference from one kind's field to another kind's id (`many` for arrays of ids). */
export interface ReferenceField {
  field: string;
  kind: KindName;
  many?: boolean;
}

/** How the live objects of a kind are listed. */
export interface ListSpec {
  method?: "GET";
  path: string;
  query?: Record<string, string | number | boolean>;
  /** Page with page/perPage (agent and package policies); otherwise one call returns all. */
  perPage?: number;
  /** Where the objects are in the response: `items` (Fleet lists), `item` (singletons), or the body itself (arrays). */
  shape: "items" | "item" | "array";
  /** A 404 means "no object" (Fleet settings before setup). */
  notFoundIsEmpty?: boolean;
  /** Kibana answers `items` alone, without `total`/`page`/`perPage` (the package list): nothing to check the read against. */
  uncounted?: boolean;
  /** Which listed items are live objects (the package list also holds packages not installed). */
  keep?(raw: Body): boolean;
  /**
   * How to read past the 10,000 objects one query of a saved-object list answers (read/list-all.ts
   * RESULT_WINDOW): sorted by a field whose values are unique, each further window asks for the
   * objects after the last one read (`<kueryField> > "<last value>"`, a KQL range on a keyword).
   */
  beyondWindow?: { sortField: string; kueryField: string };
}

/** The version that resolves at plan time to the newest one Kibana offers. */
export const LATEST = "latest";

/** A package version an object needs. */
export interface PackageUse {
  name: string;
  /** A version, or `latest` (also when the manifest leaves it out), resolved at plan time. */
  version: string;
  /** Where the version is in the body: the resolved version is written there. */
  versionPath: string[];
}

/** Facts the kinds need beyond their own objects while planning (packages, other kinds' live objects). */
export interface PlanContext {
  /** Package definitions by `name@version`, fetched once per run. */
  packages: Map<string, PackageInfo>;
  /** Live objects of every kind read this run, by kind then identity. */
  live: Map<KindName, Map<string, LiveObject>>;
  /** The Kibana version (`GET /api/status`), when Kibana told it. */
  kibanaVersion?: string;
  /** The manifests' bodies, by kind then identity: what this run will make of other kinds' objects. */
  declared?: Declared;
}

/** Manifest bodies by kind then identity. */
export type Declared = Map<KindName, Map<string, Body>>;

/** A live Kibana object as the engine sees it. */
export interface LiveObject {
  kind: KindName;
  /** Manifest identity: id, owner, name (packages), or `settings`. */
  id: string;
  /** The space it was read in, when not the run's own (`--space`); global kinds have none. */
  space?: string;
  /** Every space it was read in, for kinds that live in one (undefined: the run's own). */
  readIn?: (string | undefined)[];
  name?: string;
  /** The object as Kibana returned it. */
  raw: Body;
  /** Why fleetform must never change or delete it (managed, preconfigured), if so. */
  protectedReason?: string;
  /** Why Kibana would refuse to delete it now (enrolled agents, current default), if so. */
  deleteBlockedReason?: string;
  /** Saved-object version, for optimistic concurrency and stale-plan checks. */
  version?: string;
  updatedAt?: string;
  updatedBy?: string;
}

/** A kind's write-only values (secrets): never compared while Kibana hides them, never shown. */
export interface SecretFields {
  /** Paths of write-only values, from the object root; `*` matches any key. */
  paths?: string[][];
  /** Write-only paths that depend on the object itself (the secret vars of its package). */
  of?(body: Body, ctx: PlanContext): string[][];
  /** Write-only values Kibana keeps in a plain field when secret storage is off (`ssl.key` ↔ `secrets.ssl.key`). */
  plain?: { plain: string[]; secret: string[] }[];
}

/**
 * Flags of which Kibana keeps exactly one object per kind (`is_default`). Setting one moves it, and
 * un-setting the current holder directly is refused: the new holder's change must run first. Kibana
 * refuses to delete the holder (see deleteBlockedReason).
 */
export interface DefaultFlags {
  fields: string[];
  /** Kibana refuses to take a flag from its holder directly (outputs): another object must take it. */
  mustMove?: boolean;
}

/** How an object of a kind is deleted, or why it cannot be. */
export type Deletion =
  | {
      /** The delete call; `ctx` holds the other kinds read this run (a locked parent asks for force). */
      call(live: LiveObject, ctx: PlanContext): ApiCall;
      /**
       * Why the delete must not be planned now: Kibana would refuse it (enrolled agents), besides holding
       * a default flag, or it would break what runs (a Fleet Server's own integration).
       */
      blockedReason?(raw: Body, ctx: PlanContext): string | undefined;
      /**
       * Objects Kibana deletes together with this one: live objects of `kind` whose `field` names only
       * it (an agent policy takes the integration policies attached to it alone).
       */
      cascades?: { kind: KindName; field: string }[];
      /**
       * What Kibana leaves undone after a delete (a forced integration delete bumps no agent policy
       * revision): calls apply sends right after the delete succeeded, as part of the same operation.
       */
      after?(live: LiveObject, ctx: PlanContext): ApiCall[];
      /** Extra lines for the plan of a delete (what it is sent with, what follows it). */
      notes?(live: LiveObject, ctx: PlanContext): string[];
    }
  | {
      /** Kibana has no delete for the kind (Cases settings, Fleet settings): why. */
      impossible: string;
    };

/**
 * Everything the kind-agnostic engine needs to know about one kind of Kibana object.
 * The engine never names a kind; all kind-specific knowledge lives in these descriptors.
 */
export interface KindDescriptor {
  name: KindName;
  noun: KindShape["noun"];
  identity: KindShape["identity"];
  /** Only the fields the manifest names are managed (partial-update singletons). */
  partial?: boolean;
  /** Kibana refuses two live objects with the same name (agent/package policies, download sources). */
  uniqueNames?: boolean;
  references: ReferenceField[];
  list: ListSpec;
  /** Identity of a live object (defaults to `raw.id`). */
  liveIdentity?(raw: Body): string;
  /**
   * Managed / preconfigured: never planned for change or delete. `declared` is the manifest's body for
   * the object, when the manifests declare it (a lock the manifest claims is fleetform's own: `lockField`).
   */
  protectedReason?(raw: Body, ctx: PlanContext, declared?: Body): string | undefined;
  /**
   * Kibana's lock on an object (an agent policy's `is_managed`): Kibana's UI and API refuse to change it
   * without `force`. A manifest that states this field for the object claims the lock as fleetform's own
   * (true: keep it locked, false: unlock it); a lock no manifest claims is someone else's, and export
   * never writes the field for such an object (applying an export claims nothing).
   */
  lockField?: string;
  defaultFlags?: DefaultFlags;
  deletion: Deletion;

  /**
   * Each field's one "not set" value, over the schema's empty values: what a create without the field
   * yields, so both sides of the comparison fill it in, and what an update sends to bring a field the
   * manifest dropped back to it (Kibana's updates merge, so an omitted field would keep its value).
   * May depend on the body (an output's type).
   */
  defaults?: Body | ((body: Body) => Body);
  /** Per-field canonical form (e.g. hosts with explicit ports) applied to both sides. */
  normalizers?: Record<string, (value: any) => any>;
  /** fleetform's own fields of this kind (an agent policy's `enrollment_tokens`): never diffed, never sent. */
  ownFields?: string[];
  /** Top-level fields never diffed (computed by the server or not returned by it). */
  ignoredFields?: string[];
  secrets?: SecretFields;
  /** Fields (or uses of them) only newer Kibanas accept, with the version they appeared in. */
  since?: FieldSince[];

  /** Problems only visible with context (package definitions), reported at plan time per field. */
  problemsOf?(body: Body, ctx: PlanContext): FieldProblem[];
  /** Extra lines for the plan of an update (what a package upgrade adds and drops). */
  updateNotes?(body: Body, live: LiveObject, ctx: PlanContext): string[];

  /** Package versions an object needs (integration policies, packages). */
  packagesOf?(body: Body): PackageUse[];
  /**
   * The kind's create and update are the installs of the packages it names (`packagesOf`): the plan
   * lists no separate install for them, and objects that use those packages wait for them.
   */
  installsPackages?: boolean;
  /** Unmentioned objects are pruned only when `--prune-kinds` names the kind (uninstalling packages). */
  pruneOnlyWhenNamed?: boolean;
  /** Comparable form of a desired body, when the generic one (defaults + normalizers) is not enough. */
  comparableDesired?(body: Body, ctx: PlanContext): Body;
  /**
   * Comparable form of a live object (restricted to what `desired` names, where a kind compares
   * partially). `like`, when given, is the desired body's comparable form: a part whose comparable
   * form equals its counterpart there may be that counterpart itself, found without building its own.
   */
  comparableLive?(live: LiveObject, ctx: PlanContext, desired?: Body, like?: Body): Body;

  /** The manifest body that describes a live object, when picking the writable fields is not enough. */
  exportBody?(live: LiveObject, ctx: PlanContext): Body;

  /** Reads one live object by identity (the 409 check, the concurrent-change check). */
  get?(id: string): ObjectRead;
  /**
   * The update carries the version the plan read (Kibana answers 409 to a stale one): it may send the
   * whole object. Other kinds' updates send only the changed fields, after a fresh read.
   */
  versionedUpdate?: boolean;
  /**
   * Fields an update sends beside the changed ones, at their manifest or "not set" value, because
   * Kibana's update handler needs them together: required or schema-defaulted in the PUT body (left
   * out, Kibana would reset them), or cleared when absent.
   */
  updateCarries?(body: Body, live: LiveObject): string[];

  create?(body: Body, ctx: PlanContext): ApiCall;
  /**
   * What Kibana fills in on create that a create cannot set (Elastic Defend's policy): the update that
   * follows a create, in the same operation, when the created object still differs from the manifest.
   */
  afterCreate?(created: LiveObject, body: Body, ctx: PlanContext): ApiCall | undefined;
  /** Extra lines for the plan of a create (what follows it). */
  createNotes?(body: Body, ctx: PlanContext): string[];
  /** The update call for a complete body (the manifest's fields over every field's "not set" value). */
  update(body: Body, live: LiveObject, ctx: PlanContext): ApiCall;

  /** What `check-kibana` creates and updates of this kind, or why it leaves the kind alone. */
  check?: { samples(run: CheckRun): CheckSample[] } | { skipped: string };
}

/** What `check-kibana` gives a kind's samples: names and values that belong to the run. */
export interface CheckRun {
  /** A host name that resolves nowhere. */
  host: string;
  /** The id (and name) the run gives the sample with this suffix. */
  idOf(suffix: string): string;
  /** The system package the run uses (the version Kibana has installed, if any). */
  system: { name: string; version: string };
  /** A write-only value, interpolated so that it is masked everywhere. */
  secret: string;
}

/** One object `check-kibana` creates, then updates. */
export interface CheckSample {
  /** The end of its id and name after the run's prefix; absent where its identity field names it. */
  suffix?: string;
  /** What distinguishes it from the kind's other samples (an output's type). */
  variant?: string;
  create: Body;
  /** The fields the update changes. */
  update: Body;
}

export interface KindRuntime {
  client: KibanaClient;
}
