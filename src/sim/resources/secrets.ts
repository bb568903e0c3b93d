/** Write-only secrets of outputs, download sources and Fleet Server hosts (`secrets.*` fields). */

import { setValueAt } from "../../util/paths.js";
import { badRequest } from "../errors.js";
import type { Obj, Store } from "../store.js";

/** Pairs of (plain field path, secrets.* path) that must not both be given. */
export function refuseBoth(body: Obj, pairs: [string, string][]): void {
  for (const [plain, secret] of pairs) {
    if (get(body, plain) !== undefined && get(body, `secrets.${secret}`) !== undefined) {
      throw badRequest(`Cannot specify both ${plain} and secrets.${secret}`);
    }
  }
}

/**
 * Stores every plain `secrets.*` leaf as a secret and replaces it by `{id}` when secret storage is on;
 * when it is off, the value is moved to its plain field (kept in clear, as Kibana returns it decrypted).
 */
export function storeSecrets(store: Store, target: Obj, paths: [string, string][], enabled: boolean): void {
  if (!target.secrets) return;
  for (const [plain, secret] of paths) {
    const value = get(target.secrets, secret);
    if (value === undefined) continue;
    if (typeof value === "string") {
      if (enabled) setValueAt(target.secrets, secret.split("."), { id: store.storeSecret(value) });
      else {
        setValueAt(target, plain.split("."), value);
        unset(target.secrets, secret);
      }
    } else if (value && typeof value === "object") {
      setValueAt(target.secrets, secret.split("."), { id: String((value as Obj).id) });
    }
  }
  pruneEmpty(target, "secrets");
}

export function get(obj: Obj | undefined, path: string): any {
  let v: any = obj;
  for (const p of path.split(".")) v = v?.[p];
  return v;
}

function unset(obj: Obj, path: string): void {
  const parts = path.split(".");
  const parent = get(obj, parts.slice(0, -1).join(".")) ?? (parts.length === 1 ? obj : undefined);
  if (parent) delete parent[parts.at(-1)!];
  if (parts.length > 1) pruneEmpty(obj, parts[0]!);
}

function pruneEmpty(obj: Obj, key: string): void {
  const v = obj[key];
  if (!v || typeof v !== "object") return;
  for (const k of Object.keys(v)) pruneEmpty(v, k);
  if (Object.keys(v).length === 0) delete obj[key];
}
