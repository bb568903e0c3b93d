/**
 * Packages fetched from an Elastic Package Registry, as Kibana fetches them
 * (FLEET/server/services/epm/registry/index.ts, getPackage → fetchArchiveBuffer): `/package/NAME/VERSION/`
 * for the info, whose `download` path gives the archive; the archive is then parsed like any other.
 * Every request the simulator answers names a version, so it never needs `/search`. Each package is
 * kept for the life of the simulator.
 */
import type { PackageInfo } from "../../packages/types.js";
import { HttpError } from "../errors.js";
import { fromArchive, PackagesDirError } from "./load.js";

const TIMEOUT_MS = 30_000;

export class PackageRegistry {
  private readonly cache = new Map<string, Promise<PackageInfo | undefined>>();
  private readonly base: string;

  constructor(url: string) {
    this.base = url.replace(/\/+$/, "");
  }

  /** The package version, or undefined when the registry does not have it. */
  fetch(name: string, version: string): Promise<PackageInfo | undefined> {
    const key = `${name}@${version}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.fetchVersion(name, version).catch((err) => {
        this.cache.delete(key); // a registry that was down may answer the next time
        throw err;
      });
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async fetchVersion(name: string, version: string): Promise<PackageInfo | undefined> {
    const info = (await this.json(`/package/${encodeURIComponent(name)}/${encodeURIComponent(version)}/`)) as
      | { download?: string }
      | undefined;
    if (!info) return undefined;
    const download = info.download ?? `/epr/${name}/${name}-${version}.zip`;
    const archive = await this.get(download);
    if (!archive) throw registryError(`${download} not found`);
    try {
      return fromArchive(`${this.base}${download}`, archive);
    } catch (err) {
      // Kibana's PackageInvalidArchiveError is a 400.
      if (err instanceof PackagesDirError) throw new HttpError(400, err.message);
      throw err;
    }
  }

  private async json(path: string): Promise<unknown> {
    const body = await this.get(path);
    if (!body) return undefined;
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      throw registryError(`${path} did not answer JSON`);
    }
  }

  /** The body, or undefined on 404. */
  private async get(path: string): Promise<Buffer | undefined> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw registryError(`${(err as Error).message} (${this.base}${path})`);
    }
    if (res.status === 404) return undefined;
    if (!res.ok) throw registryError(`'${res.status} ${res.statusText}' response from ${this.base}${path}`);
    return Buffer.from(await res.arrayBuffer());
  }
}

/** Kibana's RegistryConnectionError / RegistryResponseError, answered as 502 Bad Gateway. */
function registryError(message: string): HttpError {
  return new HttpError(502, `Error connecting to package registry: ${message}`);
}
