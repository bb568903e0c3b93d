/**
 * Values as they go into manifests: kibana.yml's `${NAME}` environment references become fleetform's
 * `${env:NAME}`, and write-only values written in clear become `${env:…}` placeholders (the manifests
 * are meant to be committed; the values stay in the environment).
 */
import type { Diagnostic } from "../load/types.js";
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

function envName(path: string[]): string {
  return path
    .join("_")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/**
 * Replaces each value in clear at a secret path (`*` matches any key) with an `${env:…}` placeholder
 * named after the object and the path; values that already come from the environment stay.
 */
export function placeholdSecrets(body: Obj, patterns: string[][], prefix: string[], names: string[]): void {
  const walk = (node: Obj, pattern: string[], path: string[]) => {
    const [head, ...rest] = pattern;
    if (head === undefined) return;
    for (const key of head === "*" ? Object.keys(node) : [head]) {
      const value = node[key];
      if (value === undefined || value === null) continue;
      if (rest.length > 0) {
        if (typeof value === "object" && !Array.isArray(value)) walk(value, rest, [...path, key]);
      } else if (typeof value !== "object" || Array.isArray(value)) {
        if (typeof value === "string" && value.includes("${env:")) continue;
        const name = envName([...path, key]);
        node[key] = `\${env:${name}}`;
        if (!names.includes(name)) names.push(name);
      }
    }
  };
  for (const pattern of patterns) walk(body, pattern, prefix);
}
