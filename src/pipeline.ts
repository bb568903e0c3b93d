import type { KibanaClient } from "./client/kibana-client.js";
import { CODES } from "./diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "./diagnostics/diagnostic.js";
import { packagePinConflicts } from "./diff/package-pins.js";
import { type PlanOptions, planChanges } from "./diff/plan-changes.js";
import { repeatedObjects } from "./diff/repeated-objects.js";
import type { Plan } from "./diff/types.js";
import { versionProblems } from "./diff/version-checks.js";
import { cascadesOf, KINDS, kindOf } from "./kinds/index.js";
import { isSpaceScoped, shapeOf } from "./kinds/shapes.js";
import {
  type Declared,
  type KindDescriptor,
  type KindName,
  LATEST,
  type PlanContext,
} from "./kinds/types.js";
import { forKibanaVersion } from "./kinds/versions.js";
import type { LoadedManifest, ManifestObject } from "./load/types.js";
import { orderOperations } from "./order/order-operations.js";
import { packageInstallRequest } from "./packages/install.js";
import { readKibanaVersion } from "./read/kibana-version.js";
import { LiveReads } from "./read/live-reads.js";
import { PackageOffers, resolveLatestVersions } from "./read/package-versions.js";
import { fetchPackages } from "./read/packages.js";
import { type LiveState, liveReadsOf, readLive } from "./read/read-live.js";
import { planTokens } from "./tokens/enrollment-tokens.js";

export interface PlanRequest extends PlanOptions {
  /** Kinds to consider for unmanaged objects and pruning (default: the kinds the manifests use). */
  scope?: KindName[];
}

export interface PlanResult {
  plan: Plan;
  live: LiveState;
  ctx: PlanContext;
  /** The kinds as this Kibana takes them (see forKibanaVersion): apply sends through these. */
  kinds: readonly KindDescriptor[];
  /** The Kibana version the plan was made against (`GET /api/status`), when Kibana told it. */
  kibanaVersion?: string;
}

/** What the manifests say about the reads a run needs: the sections they have, and the spaces named. */
type Sections = Pick<LoadedManifest, "sections" | "sectionSpaces">;

/** The kinds a manifest is about: the ones it declares, or the requested scope. */
export function kindsInScope(
  manifest: Pick<LoadedManifest, "objects" | "sections">,
  scope?: KindName[],
): KindDescriptor[] {
  const names = new Set<KindName>(scope ?? manifest.objects.map((o) => o.kind));
  if (!scope) for (const k of manifest.sections ?? []) names.add(k);
  return KINDS.filter((k) => names.has(k.name));
}

/** Kinds to read: those in scope, those they reference or cascade to, and those that reference them. */
function kindsToRead(scope: KindDescriptor[]): KindDescriptor[] {
  const scopeNames = new Set<KindName>(scope.map((k) => k.name));
  const names = new Set<KindName>(scopeNames);
  for (const kind of scope) for (const ref of kind.references) names.add(ref.kind);
  // What a delete would take with it must be known, even outside the scope, to refuse surprises.
  for (const kind of scope) for (const cascade of cascadesOf(kind)) names.add(cascade.kind);
  // So must every object that references a kind in scope: a prune of one kind alone still sees the
  // objects of other kinds that use it, and keeps what they name.
  for (const kind of KINDS) if (kind.references.some((r) => scopeNames.has(r.kind))) names.add(kind.name);
  return KINDS.filter((k) => names.has(k.name));
}

/** The manifests' bodies by kind then identity (a lock a manifest claims is fleetform's own). */
function declaredBodies(objects: readonly ManifestObject[]): Declared {
  const declared: Declared = new Map();
  for (const object of objects) {
    if (!declared.has(object.kind)) declared.set(object.kind, new Map());
    declared.get(object.kind)!.set(object.id, object.body);
  }
  return declared;
}

/**
 * The spaces a run covers: those the manifests' space-scoped sections name, the client's own
 * (undefined) for sections that name none, or the client's own alone when there is no such section.
 * A manifest's space equal to the client's is spelled undefined, so one space has one spelling.
 * With `sofar`, the sections are those of the files loaded so far, and only the spaces certain to
 * stay are given: a later file may yet name a space, so none named does not mean the client's own.
 */
function spacesOf(manifest: Sections, home: string, sofar = false): (string | undefined)[] {
  const named = (manifest.sectionSpaces ?? [])
    .filter((s) => isSpaceScoped(s.kind))
    .map((s) => (s.space === home ? undefined : s.space));
  const others = [...new Set(named.filter((s) => s !== undefined))].sort();
  // The client's own space first, so a plan reads "default, ops" whatever the file order.
  const readsOwn = (named.length === 0 && !sofar) || named.includes(undefined);
  return readsOwn ? [undefined, ...others] : others;
}

/**
 * Starts the list reads a plan of these manifests is sure to make, knowing only `sections` (those of
 * the files loaded so far): kinds and spaces only grow as files load, so each read started here is
 * one buildPlan makes (through `reads`, which then does not send it again). Returns the reads known.
 */
export function startKnownReads(
  reads: LiveReads,
  sections: Sections,
  home: string,
  scope?: KindName[],
): { kind: KindName; space: string | undefined }[] {
  const kinds = kindsToRead(kindsInScope({ objects: [], ...sections }, scope));
  const known = liveReadsOf(kinds, spacesOf(sections, home, true));
  for (const { kind, space } of known) reads.list(kind, space);
  return known.map(({ kind, space }) => ({ kind: kind.name, space }));
}

/**
 * The run's own space, read for what the manifests put elsewhere but Kibana may have there: an id
 * unique across spaces that Kibana has in the run's space cannot be created in another (409), and
 * must plan as moved. Only the declared objects are kept: the run's space is not in the plan's scope,
 * so nothing else of it is listed or pruned.
 */
async function declaredInHomeSpace(
  client: KibanaClient,
  objects: readonly ManifestObject[],
  spaces: readonly (string | undefined)[],
  live: LiveState,
): Promise<void> {
  if (spaces.includes(undefined)) return;
  const across = KINDS.filter(
    (k) => shapeOf(k.name).space === "ids-across-spaces" && objects.some((o) => o.kind === k.name),
  );
  if (across.length === 0) return;
  const home = await readLive(client, across, [undefined]);
  for (const kind of across) {
    const read = live.get(kind.name);
    for (const object of objects) {
      const there = home.get(kind.name)?.get(object.id);
      if (object.kind === kind.name && there && read && !read.has(object.id)) read.set(object.id, there);
    }
  }
}

function inHomeSpace(object: ManifestObject, home: string): ManifestObject {
  if (object.space !== home) return object;
  const { space: _home, ...rest } = object;
  return rest;
}

/**
 * read live → fetch packages → diff → order: everything between a validated manifest and a plan.
 * `reads` holds the list reads a command started while the manifests loaded (startKnownReads).
 */
export async function buildPlan(
  client: KibanaClient,
  loaded: LoadedManifest,
  request: PlanRequest,
  reads: LiveReads = new LiveReads(client),
): Promise<PlanResult> {
  const home = client.space;
  const repeated = repeatedObjects(
    loaded.objects.map((o) => inHomeSpace(o, home)),
    home,
  );
  const manifest = { ...loaded, objects: repeated.unique };
  const spaces = spacesOf(manifest, home);
  const offers = new PackageOffers(client);
  const declared = declaredBodies(manifest.objects);
  const [live, resolved, kibanaVersion] = await Promise.all([
    readLive(client, kindsToRead(kindsInScope(manifest, request.scope)), spaces, declared, reads),
    resolveLatestVersions(offers, manifest.objects, KINDS),
    readKibanaVersion(client),
  ]);
  await declaredInHomeSpace(client, manifest.objects, spaces, live);
  // The kinds as this Kibana takes them: what it lacks is neither compared nor sent.
  const kinds = KINDS.map((k) => forKibanaVersion(k, kibanaVersion));
  const scope = kindsInScope(manifest, request.scope).map((k) => kinds.find((v) => v.name === k.name)!);
  const objects = resolved.objects;
  const packageRefs = objects.flatMap((o) =>
    (kindOf(o.kind)?.packagesOf?.(o.body) ?? [])
      .filter((p) => p.version !== LATEST)
      .map(({ name, version }) => ({ name, version })),
  );
  const lookup = await fetchPackages(client, packageRefs);
  // An upgrade is planned against the definition of the version the live object has, too.
  const liveRefs = objects.flatMap((o) => {
    const current = live.get(o.kind)?.get(o.id);
    const kind = kindOf(o.kind);
    return current && kind?.packagesOf
      ? kind.packagesOf(current.raw).map(({ name, version }) => ({ name, version }))
      : [];
  });
  const missing = liveRefs.filter((r) => !lookup.packages.has(`${r.name}@${r.version}`));
  if (missing.length > 0) {
    for (const [key, pkg] of (await fetchPackages(client, missing)).packages) lookup.packages.set(key, pkg);
  }
  const ctx: PlanContext = { packages: lookup.packages, live, kibanaVersion, declared };
  const problems: ObjectDiagnostic[] = [
    ...repeated.problems,
    ...resolved.problems,
    ...versionProblems(objects, kinds, kibanaVersion),
    ...packagePinConflicts(objects, kinds),
  ];
  for (const ref of lookup.unknown) {
    const { message, hint } = await offers.unknown(ref.name, ref.version);
    for (const object of objects) {
      const kind = kindOf(object.kind);
      const use = kind
        ?.packagesOf?.(object.body)
        .find((p) => p.name === ref.name && p.version === ref.version);
      if (use)
        problems.push({
          severity: "error",
          code: CODES.unknownPackage,
          ...subjectOf(object),
          location: object.locate(use.versionPath),
          message,
          hint,
        });
    }
  }
  // An object whose package Kibana does not know cannot be planned: it is an error, not a create.
  const withoutPackage = new Set<string>(problems.map((p) => `${p.subject.kind}/${p.subject.id}`));
  const diff = planChanges(
    objects.filter((o) => !withoutPackage.has(`${o.kind}/${o.id}`)),
    live,
    scope,
    ctx,
    request,
  );
  problems.push(...diff.problems);
  // Packages a kind of its own installs are its operations, not separate installs.
  const installedByOperations = new Set(
    objects.flatMap((o) => {
      const kind = kindOf(o.kind);
      return kind?.installsPackages ? (kind.packagesOf?.(o.body) ?? []).map((p) => p.name) : [];
    }),
  );
  const operations = diff.operations
    .filter((op) => !withoutPackage.has(op.key))
    .map((op) => {
      const notes = resolved.notes.get(op.key);
      return notes ? { ...op, notes: [...notes, ...(op.notes ?? [])] } : op;
    });
  const { steps: tokens, problems: tokenProblems } = await planTokens(client, objects, KINDS, live, request);
  problems.push(...tokenProblems);
  const plan: Plan = {
    ...diff,
    ...(tokens.length > 0 ? { tokens } : {}),
    spaces: spaces.map((space) => space ?? home),
    runSpace: home,
    problems,
    // Every operation of a kind that lives in a space says which, the run's own included.
    operations: orderOperations(operations, kinds).map((op) =>
      isSpaceScoped(op.kind) && op.space === undefined ? { ...op, space: home } : op,
    ),
    packages: lookup.toInstall
      .filter((ref) => !installedByOperations.has(ref.name))
      .map((ref) => ({
        ...ref,
        request: packageInstallRequest(
          ref.name,
          ref.version,
          lookup.packages.get(`${ref.name}@${ref.version}`),
        ),
      })),
  };
  return { plan, live, ctx, kinds, kibanaVersion };
}
