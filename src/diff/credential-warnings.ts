// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
import { CODES } from "../diagnostics/codes.js";
import { type ObjectDiagnostic, subjectOf } from "../diagnostics/diagnostic.js";
import type { KindDescriptor, PlanContext } from "../kinds/types.js";
import type { ManifestObject } from "../load/types.js";

/** Words that make an environment variable's name look like a credential's (`KIBANA_API_KEY`, `dbPassword`). */
const CREDENTIAL_WORDS = new Set([
  "KEY",
  "APIKEY",
  "TOKEN",
  "SECRET",
  "PASSWORD",
  "PASSWD",
  "PASS",
  "PWD",
  "CREDENTIAL",
  "CREDENTIALS",
  "CREDS",
  "AUTH",
  "AUTHORIZATION",
  "BEARER",
  "PRIVATE",
]);

export function looksLikeCredential(variable: string): boolean {
  return variable.split(/_|(?<=[a-z0-9])(?=[A-Z])/).some((word) => CREDENTIAL_WORDS.has(word.toUpperCase()));
}

function matches(pattern: string[], path: string[]): boolean {
  return pattern.length <= path.length && pattern.every((p, i) => p === "*" || p === path[i]);
}

/** Whether Kibana keeps the value at `path` write-only (never returned, never shown in its UI). */
function isWriteOnly(
  kind: KindDescriptor,
  object: ManifestObject,
  path: string[],
  ctx: PlanContext,
): boolean {
  const patterns = [
    ...(kind.secrets?.paths ?? []),
    ...(kind.secrets?.of?.(object.body, ctx) ?? []),
    ...(kind.secrets?.plain ?? []).flatMap(({ plain, secret }) => [plain, secret]),
  ];
  return patterns.some((p) => matches(p, path));
}

/**
 * A `${env:}` placeholder that reads a variable named like a credential into a field that is not
 * write-only puts that credential where anyone who can open the object in Kibana reads it. Often
 * the placeholder was never meant: text exported from Kibana (`Run with ${env:KIBANA_API_KEY}`)
 * that an older export wrote unescaped interpolates CI's own Kibana key on the next apply.
 */
export function credentialWarnings(
  objects: ManifestObject[],
  kinds: readonly KindDescriptor[],
  ctx: PlanContext,
): ObjectDiagnostic[] {
  const warnings: ObjectDiagnostic[] = [];
  for (const object of objects) {
    const kind = kinds.find((k) => k.name === object.kind);
    if (!kind) continue;
    for (const { path, name } of object.variables ?? []) {
      if (!looksLikeCredential(name) || isWriteOnly(kind, object, path, ctx)) continue;
      warnings.push({
        severity: "warning",
        code: CODES.credentialInClear,
        ...subjectOf(object),
        location: object.locate(path),
        message: `\${env:${name}} looks like a credential, and ${path.join(".")} is not a write-only field: anyone who can read this ${kind.noun} in Kibana sees the value`,
        hint: "put credentials only in write-only fields (secrets.*, ssl.key, secret vars); if ${ is meant literally, write $${",
      });
    }
  }
  return warnings;
}
