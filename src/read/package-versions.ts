/**
 * `version: latest` (or no version) resolved to the newest version Kibana offers, and, for a package
 * or version Kibana does not know, what it offers instead.
 *
 * `GET /api/fleet/epm/packages/{name}` answers the installed version's info (else the newest one's)
 * with `latestVersion`, the newest version its registry has (FLEET/server/services/epm/packages/get.ts,
 * getPackageInfo). Kibana has no API that lists every version of a package: the newest and the
 * installed one are what it offers.
 */

import type { KibanaClient } from "../client/kibana-client.js";
import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import { type Body, type KindDescriptor, LATEST } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";
import { didYouMean } from "../util/did-you-mean.js";

interface Offer {
  latest: string;
  installed?: string;
}

/** What Kibana offers per package name, each asked once per run. */
export class PackageOffers {
  private readonly offers = new Map<string, Promise<Offer | undefined>>();
  private names?: Promise<string[]>;

  constructor(private readonly client: KibanaClient) {}

  /** The newest and installed versions of a package; undefined when Kibana knows no such package. */
  offer(name: string): Promise<Offer | undefined> {
    let found = this.offers.get(name);
    if (!found) {
      found = this.fetchOffer(name);
      this.offers.set(name, found);
    }
    return found;
  }

  private async fetchOffer(name: string): Promise<Offer | undefined> {
    const res = await this.client.request("GET", `/api/fleet/epm/packages/${encodeURIComponent(name)}`, {
      allowErrors: true,
    });
    if (res.status === 404 || res.status === 400) return undefined;
    if (res.status >= 300) throw new Error(`GET /api/fleet/epm/packages/${name}: HTTP ${res.status}`);
    const item = (res.body?.item ?? {}) as Body;
    const installed = item.status === "installed" ? item.installationInfo?.version : undefined;
    return { latest: String(item.latestVersion ?? item.version), ...(installed ? { installed } : {}) };
  }

  private packageNames(): Promise<string[]> {
    this.names ??= this.client
      .request("GET", "/api/fleet/epm/packages")
      .then((res) => ((res.body?.items ?? []) as Body[]).map((p) => String(p.name)));
    return this.names;
  }

  /** Why a package version cannot be used, and what to write instead. */
  async unknown(name: string, version: string): Promise<{ message: string; hint: string }> {
    const offer = await this.offer(name);
    if (!offer) {
      const close = didYouMean(name, await this.packageNames());
      return {
        message: `package "${name}" is not known to Kibana's package registry`,
        hint: close
          ? `did you mean "${close}"?`
          : "check the package name (Integrations page, or GET /api/fleet/epm/packages)",
      };
    }
    const installed =
      offer.installed && offer.installed !== offer.latest ? `, ${offer.installed} installed` : "";
    return {
      message: `package ${name} version ${version} is not known to Kibana's package registry; it offers ${offer.latest} (newest)${installed}`,
      hint: `use version ${offer.latest}${offer.installed && offer.installed !== offer.latest ? ` or ${offer.installed}` : ""}, or latest`,
    };
  }
}

export interface ResolvedObjects {
  objects: ManifestObject[];
  /** Per `kind/id`: what each `latest` resolved to, for the plan. */
  notes: Map<string, string[]>;
  problems: ObjectDiagnostic[];
}

/** Writes the newest version Kibana offers where a manifest object says `latest` or no version. */
export async function resolveLatestVersions(
  offers: PackageOffers,
  objects: ManifestObject[],
  kinds: readonly KindDescriptor[],
): Promise<ResolvedObjects> {
  const notes = new Map<string, string[]>();
  const problems: ObjectDiagnostic[] = [];
  const resolved = await Promise.all(
    objects.map(async (object) => {
      const kind = kinds.find((k) => k.name === object.kind);
      const uses = (kind?.packagesOf?.(object.body) ?? []).filter((use) => use.version === LATEST);
      if (uses.length === 0) return object;
      let body = object.body;
      for (const use of uses) {
        const offer = await offers.offer(use.name);
        if (!offer) {
          const { message, hint } = await offers.unknown(use.name, LATEST);
          problems.push({
            severity: "error",
            code: CODES.unknownPackage,
            ...subjectOf(object),
            location: object.locate(use.versionPath.slice(0, -1)),
            message,
            hint,
          });
          continue;
        }
        body = withValueAt(body, use.versionPath, offer.latest);
        const key = `${object.kind}/${object.id}`;
        notes.set(key, [...(notes.get(key) ?? []), `package ${use.name}: latest (= ${offer.latest})`]);
      }
      return body === object.body ? object : { ...object, body };
    }),
  );
  return { objects: resolved, notes, problems };
}

/** A copy of `root` with `value` at `path`, creating the objects on the way. */
function withValueAt(root: Body, path: string[], value: unknown): Body {
  const [key, ...rest] = path;
  if (key === undefined) return root;
  const child = root[key] && typeof root[key] === "object" ? root[key] : {};
  return { ...root, [key]: rest.length ? withValueAt(child, rest, value) : value };
}
