/** The simulator's in-memory state: indexed Maps, saved-object versions, secrets, (de)serialisation. */
import { createHash, randomUUID } from "node:crypto";

export type Obj = Record<string, any>;

export interface StateData {
  seq: number;
  outputs: Obj[];
  proxies: Obj[];
  downloadSources: Obj[];
  fleetServerHosts: Obj[];
  settings: Obj | null;
  agentPolicies: Obj[];
  packagePolicies: Obj[];
  enrollmentKeys: Obj[];
  cases: Obj[];
  installedPackages: Obj[];
  agentCounts: [string, number][];
  secrets: [string, unknown][];
  /** Spaces other than the default one (absent in state files saved before spaces were modelled). */
  spaces?: Obj[];
}

/** Internal bookkeeping keys start with `_` and never reach the wire. */
export function publicView<T extends Obj>(obj: T): T {
  const out: Obj = {};
  for (const [k, v] of Object.entries(obj)) if (!k.startsWith("_")) out[k] = v;
  return out as T;
}

export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

class NameIndex {
  private readonly map = new Map<string, Set<string>>();
  constructor(private readonly normalise: (name: string) => string) {}
  add(name: string, id: string): void {
    const key = this.normalise(name);
    let set = this.map.get(key);
    if (!set) {
      set = new Set();
      this.map.set(key, set);
    }
    set.add(id);
  }
  remove(name: string, id: string): void {
    this.map.get(this.normalise(name))?.delete(id);
  }
  ids(name: string): string[] {
    return [...(this.map.get(this.normalise(name)) ?? [])];
  }
}

export class Store {
  seq = 0;
  readonly outputs = new Map<string, Obj>();
  readonly proxies = new Map<string, Obj>();
  readonly downloadSources = new Map<string, Obj>();
  readonly fleetServerHosts = new Map<string, Obj>();
  settings: Obj | null = null;
  readonly agentPolicies = new Map<string, Obj>();
  readonly packagePolicies = new Map<string, Obj>();
  readonly enrollmentKeys = new Map<string, Obj>();
  readonly cases = new Map<string, Obj>();
  readonly installedPackages = new Map<string, Obj>();
  readonly agentCounts = new Map<string, number>();
  readonly secrets = new Map<string, unknown>();
  /** Kibana spaces created through the spaces API (the default space always exists). */
  readonly spaces = new Map<string, Obj>();
  /** agent policy id → ids of the package policies attached to it. */
  private readonly ppByAgentPolicy = new Map<string, Set<string>>();
  private readonly apNames = new NameIndex((n) => n.trim().toLowerCase());
  private readonly ppNames = new NameIndex((n) => n.trim());

  /** A fresh saved-object `version` string (base64 of `[seq_no, primary_term]`), e.g. `WzEyLDFd`. */
  nextVersion(): string {
    this.seq += 1;
    return Buffer.from(`[${this.seq},1]`).toString("base64");
  }

  /**
   * Stamps a written object: new saved-object version, write counter. Only agent policies, package policies,
   * settings and Cases configurations return their version (`exposeVersion`); outputs, proxies, download
   * sources and Fleet Server hosts do not (a Kafka output's `version` is the Kafka protocol version).
   */
  touch(obj: Obj, exposeVersion = false): Obj {
    obj._version = this.nextVersion();
    if (exposeVersion) obj.version = obj._version;
    obj._v = (obj._v ?? 0) + 1;
    obj._seq = this.seq;
    return obj;
  }

  storeSecret(value: unknown): string {
    const id = randomUUID();
    this.secrets.set(id, value);
    return id;
  }

  // ---- agent policies -------------------------------------------------------------------------
  putAgentPolicy(ap: Obj): void {
    const old = this.agentPolicies.get(ap.id);
    if (old) this.apNames.remove(old.name, old.id);
    this.agentPolicies.set(ap.id, ap);
    this.apNames.add(ap.name, ap.id);
  }

  deleteAgentPolicy(id: string): void {
    const old = this.agentPolicies.get(id);
    if (!old) return;
    this.apNames.remove(old.name, id);
    this.agentPolicies.delete(id);
    this.agentCounts.delete(id);
  }

  agentPolicyIdsByName(name: string): string[] {
    return this.apNames.ids(name);
  }

  // ---- package policies -----------------------------------------------------------------------
  putPackagePolicy(pp: Obj): void {
    this.unindexPackagePolicy(pp.id);
    this.packagePolicies.set(pp.id, pp);
    this.ppNames.add(pp.name, pp.id);
    for (const apId of pp.policy_ids ?? []) {
      let set = this.ppByAgentPolicy.get(apId);
      if (!set) {
        set = new Set();
        this.ppByAgentPolicy.set(apId, set);
      }
      set.add(pp.id);
    }
  }

  deletePackagePolicy(id: string): void {
    this.unindexPackagePolicy(id);
    this.packagePolicies.delete(id);
  }

  private unindexPackagePolicy(id: string): void {
    const old = this.packagePolicies.get(id);
    if (!old) return;
    this.ppNames.remove(old.name, id);
    for (const apId of old.policy_ids ?? []) this.ppByAgentPolicy.get(apId)?.delete(id);
  }

  packagePolicyIdsByName(name: string): string[] {
    return this.ppNames.ids(name);
  }

  packagePoliciesOf(agentPolicyId: string): Obj[] {
    const ids = this.ppByAgentPolicy.get(agentPolicyId);
    if (!ids) return [];
    return [...ids].map((id) => this.packagePolicies.get(id)!).filter(Boolean);
  }

  // ---- persistence ----------------------------------------------------------------------------
  toData(): StateData {
    return {
      seq: this.seq,
      outputs: [...this.outputs.values()],
      proxies: [...this.proxies.values()],
      downloadSources: [...this.downloadSources.values()],
      fleetServerHosts: [...this.fleetServerHosts.values()],
      settings: this.settings,
      agentPolicies: [...this.agentPolicies.values()],
      packagePolicies: [...this.packagePolicies.values()],
      enrollmentKeys: [...this.enrollmentKeys.values()],
      cases: [...this.cases.values()],
      installedPackages: [...this.installedPackages.values()],
      agentCounts: [...this.agentCounts.entries()],
      secrets: [...this.secrets.entries()],
      spaces: [...this.spaces.values()],
    };
  }

  static fromData(data: StateData): Store {
    const s = new Store();
    s.seq = data.seq;
    for (const o of data.outputs) s.outputs.set(o.id, o);
    for (const o of data.proxies) s.proxies.set(o.id, o);
    for (const o of data.downloadSources) s.downloadSources.set(o.id, o);
    for (const o of data.fleetServerHosts) s.fleetServerHosts.set(o.id, o);
    s.settings = data.settings;
    for (const o of data.agentPolicies) s.putAgentPolicy(o);
    for (const o of data.packagePolicies) s.putPackagePolicy(o);
    for (const o of data.enrollmentKeys) s.enrollmentKeys.set(o.id, o);
    for (const o of data.cases) s.cases.set(o.id, o);
    for (const o of data.installedPackages) s.installedPackages.set(o.name, o);
    for (const [k, v] of data.agentCounts) s.agentCounts.set(k, v);
    for (const [k, v] of data.secrets) s.secrets.set(k, v);
    for (const o of data.spaces ?? []) s.spaces.set(o.id, o);
    return s;
  }
}
