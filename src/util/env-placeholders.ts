/**
 * `${env:…}` placeholders for write-only values found in clear, as export and import write them into
 * manifests that are meant to be committed: the value stays in the environment.
 */
type Node = Record<string, any>;

/** `outputs_es_secrets_password` → `OUTPUTS_ES_SECRETS_PASSWORD`. */
export function envName(path: string[]): string {
  return path
    .join("_")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/**
 * Replaces each value in clear at a secret path (`*` matches any key) with an `${env:…}` placeholder
 * named after `prefix` and the path, and lists the names. With `keepEnvReferences`, a value that
 * already reads the environment (`${env:…}`) stays as it is.
 */
export function placeholdSecrets(
  body: Node,
  patterns: string[][],
  prefix: string[],
  names: string[],
  options: { keepEnvReferences?: boolean } = {},
): void {
  const walk = (node: Node, pattern: string[], path: string[]) => {
    const [head, ...rest] = pattern;
    if (head === undefined) return;
    for (const key of head === "*" ? Object.keys(node) : [head]) {
      const value = node[key];
      if (value === undefined || value === null) continue;
      if (rest.length > 0) {
        if (typeof value === "object" && !Array.isArray(value)) walk(value, rest, [...path, key]);
      } else if (typeof value !== "object" || Array.isArray(value)) {
        if (options.keepEnvReferences && typeof value === "string" && value.includes("${env:")) continue;
        const name = envName([...path, key]);
        node[key] = `\${env:${name}}`;
        if (!names.includes(name)) names.push(name);
      }
    }
  };
  for (const pattern of patterns) walk(body, pattern, prefix);
}
