/**
 * Values as they go into manifests: kibana.yml's `${NAME}` environment references become fleetform's
 * `${env:NAME}`, and write-only values written in clear become `${env:…}` placeholders (the manifests
 * are meant to be committed; the values stay in the environment).
 */
import type { Diagnostic } from "../load/types.js";
import { placeholdSecrets as placeholdSecretsIn } from "../util/env-placeholders.js";
import { KIBANA_ENV_REF, type KibanaYml } from "./kibana-yml.js";
import type { Obj } from "./preconfiguration.js";

/** `${NAME}` and `${NAME:default}` → `${env:NAME}` in every string of `value` (a copy). */
export function withFleetformEnvRefs<T>(value: T): T {
  if (typeof value === "string") return value.replace(KIBANA_ENV_REF, (_m, name) => `\${env:${name}}`) as T;
  if (Array.isArray(value)) return value.map(withFleetformEnvRefs) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withFleetformEnvRefs(v)])) as T;
  }
  return value;
}

/** Kibana uses a `${NAME:default}` default when NAME is unset; fleetform's `${env:NAME}` has none. */
export function envDefaultWarnings(yml: KibanaYml, root: unknown): Diagnostic[] {
  const found: Diagnostic[] = [];
  const visit = (owner: object, key: string | number, value: unknown) => {
    if (typeof value === "string") {
      for (const m of value.matchAll(KIBANA_ENV_REF)) {
        if (m[3] === undefined) continue;
        found.push({
          severity: "warning",
          message: `\${${m[1]}:${m[3]}}: fleetform's \${env:${m[1]}} has no default`,
          location: yml.locate(owner, key),
          hint: `set ${m[1]} wherever fleetform runs (to "${m[3]}" to keep Kibana's default)`,
        });
      }
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) visit(value, Array.isArray(value) ? Number(k) : k, v);
    }
  };
  if (root && typeof root === "object") for (const [k, v] of Object.entries(root)) visit(root, k, v);
  return found;
}

/** Write-only values written in clear become `${env:…}` placeholders; kibana.yml's own references stay. */
export function placeholdSecrets(body: Obj, patterns: string[][], prefix: string[], names: string[]): void {
  placeholdSecretsIn(body, patterns, prefix, names, { keepEnvReferences: true });
}
