import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import type { KindDescriptor } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { compareVersions } from "../util/semver.js";

/**
 * A package pinned (by a kind that installs packages) below the version another object's package
 * policy uses. Kibana keeps one installed version per package and installs a policy's version when no
 * later one is installed (ensureInstalledPackage), so the pin and the policy would move the
 * installation back and forth on every apply: refused, with both versions named.
 */
export function packagePinConflicts(
  objects: ManifestObject[],
  kinds: readonly KindDescriptor[],
): ObjectDiagnostic[] {
  const kindOf = (o: ManifestObject) => kinds.find((k) => k.name === o.kind);
  const users = objects.flatMap((object) => {
    const kind = kindOf(object);
    return kind && !kind.installsPackages
      ? (kind.packagesOf?.(object.body) ?? []).map((use) => ({ object, kind, use }))
      : [];
  });
  const problems: ObjectDiagnostic[] = [];
  for (const pin of objects) {
    const kind = kindOf(pin);
    if (!kind?.installsPackages) continue;
    for (const pinned of kind.packagesOf?.(pin.body) ?? []) {
      const newer = users
        .filter((u) => u.use.name === pinned.name && compareVersions(u.use.version, pinned.version) > 0)
        .sort((a, b) => compareVersions(b.use.version, a.use.version));
      if (newer.length === 0) continue;
      const { object, kind: userKind, use } = newer[0]!;
      problems.push({
        severity: "error",
        code: CODES.packagePin,
        ...subjectOf(pin),
        location: pin.locate(pinned.versionPath),
        message:
          `${kind.noun} ${pinned.name} is pinned to ${pinned.version}, older than the ${use.version} that ` +
          `${userKind.noun} "${object.id}" uses: Kibana keeps one installed version per package and ` +
          `installs a policy's version when no later one is, so every apply would move it back and forth`,
        hint: `pin ${pinned.name} ${use.version} (or later), or put ${userKind.noun} "${object.id}" on ${pinned.version}`,
      });
    }
  }
  return problems;
}
