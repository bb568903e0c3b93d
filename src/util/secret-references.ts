import { pointerKeys, valueAt } from "./paths.js";

/** Where a masked value goes in a request body, and where in the manifest object it comes from. */
export interface SecretReference {
  /** JSON Pointer into the request body. */
  at: string;
  /** JSON Pointer into the manifest object's body. */
  from: string;
}

/** The request body with each masked value replaced by its source's value: done only when sending. */
export function fillSecrets(body: unknown, secrets: readonly SecretReference[], source: unknown): unknown {
  if (body === undefined || secrets.length === 0) return body;
  let out: unknown = structuredClone(body);
  for (const ref of secrets) {
    const keys = pointerKeys(ref.at);
    const value = valueAt(source, pointerKeys(ref.from));
    if (keys.length === 0) out = value;
    else (valueAt(out, keys.slice(0, -1)) as Record<string, unknown>)[keys.at(-1)!] = value;
  }
  return out;
}

/** The JSON Pointer of a path of keys. */
export function toPointer(keys: readonly string[]): string {
  return keys.map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
