// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} is a manifest placeholder, not a template literal
import {
  alignSecretReferences,
  comparableDesired,
  comparableLive,
  isSecretReference,
} from "../diff/comparable.js";
import { requiredFields, writableFields } from "../kinds/schema-fields.js";
import type { Body, KindDescriptor, LiveObject, PlanContext } from "../kinds/types.js";
import { envName, placeholdSecrets } from "../util/env-placeholders.js";
import { sameJson } from "../util/same-json.js";

export interface ExportedObject {
  body: Body;
  /** Set when the object is managed/preconfigured and exported only on request. */
  readOnly?: string;
}

export interface ExportResult {
  objects: Map<KindDescriptor, ExportedObject[]>;
  /** Environment variables the exported manifests expect, one per write-only value. */
  secretVariables: string[];
}

/**
 * Turns live objects into minimal manifest bodies: only fields a manifest can set, without the
 * values Kibana would fill in anyway, references kept as ids, secrets replaced by `${env:…}`.
 * Each body is checked to plan clean against the object it came from.
 */
export function exportLive(
  kinds: readonly KindDescriptor[],
  ctx: PlanContext,
  options: { includeManaged: boolean },
): ExportResult {
  const objects = new Map<KindDescriptor, ExportedObject[]>();
  const secretVariables: string[] = [];
  for (const kind of kinds) {
    const exported: ExportedObject[] = [];
    const live = [...(ctx.live.get(kind.name)?.values() ?? [])].sort((a, b) => a.id.localeCompare(b.id));
    for (const object of live) {
      if (object.protectedReason && !options.includeManaged) continue;
      const body = kind.exportBody ? kind.exportBody(object, ctx) : genericBody(kind, object);
      // Someone else's lock is never written: stated in a manifest, it would claim the object for fleetform.
      if (object.protectedReason && kind.lockField) delete body[kind.lockField];
      // Escaped before the secrets become placeholders: those are the only `${` the file may interpolate.
      const minimal = escapePlaceholders(dropDefaults(kind, body, object, ctx)) as Body;
      // A Kibana without secret storage returns write-only values in clear: never write them out.
      // (Before the references are replaced, so that each value gets one placeholder.)
      const patterns = [...(kind.secrets?.paths ?? []), ...(kind.secrets?.of?.(minimal, ctx) ?? [])];
      placeholdSecrets(minimal, patterns, [envPrefix(kind, object)], secretVariables);
      replaceSecrets(minimal, [envPrefix(kind, object)], secretVariables);
      exported.push({
        body: minimal,
        ...(object.protectedReason ? { readOnly: object.protectedReason } : {}),
      });
    }
    objects.set(kind, exported);
  }
  return { objects, secretVariables };
}

/**
 * Every `${` of live text as `$${`, in values and keys. Kibana holds any text (a description saying
 * "run with ${env:KIBANA_API_KEY}"): written as is, the next apply would interpolate the CI's own
 * environment into a field anyone with Kibana access reads. The loader reads `$${` back as `${`, so
 * the exported manifest still plans clean.
 */
function escapePlaceholders(value: unknown): unknown {
  // A replacer function: in a replacement string, `$$` itself means one `$`.
  const escapeText = (text: string) => text.replaceAll("${", () => "$${");
  if (typeof value === "string") return escapeText(value);
  if (Array.isArray(value)) return value.map(escapePlaceholders);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeText(k), escapePlaceholders(v)]));
  }
  return value;
}

function genericBody(kind: KindDescriptor, object: LiveObject): Body {
  const fields = writableFields(kind.name);
  const body: Body = {};
  if (kind.identity === "id") body.id = object.id;
  for (const [key, value] of Object.entries(object.raw)) {
    if (fields.has(key) && key !== "id" && value !== null && value !== undefined) body[key] = value;
  }
  return body;
}

/** Removes each optional field whose absence plans the same (the server default), keeping the result clean. */
function dropDefaults(kind: KindDescriptor, body: Body, object: LiveObject, ctx: PlanContext): Body {
  const keep = new Set(["id", "name", ...requiredFields(kind.name)]);
  const result: Body = { ...body };
  const have = comparableLive(kind, object, ctx, result);
  const clean = (candidate: Body) => {
    const haveNow = kind.partial ? comparableLive(kind, object, ctx, candidate) : have;
    return sameJson(alignSecretReferences(comparableDesired(kind, candidate, ctx), haveNow), haveNow);
  };
  for (const key of Object.keys(body)) {
    if (keep.has(key)) continue;
    const { [key]: _dropped, ...without } = result;
    if (clean(without)) delete result[key];
  }
  return result;
}

function envPrefix(kind: KindDescriptor, object: LiveObject): string {
  return `${kind.name}_${object.id}`;
}

function replaceSecrets(node: Body, path: string[], names: string[], underSecrets = false): void {
  for (const [key, value] of Object.entries(node)) {
    const inSecrets = underSecrets || key === "secrets";
    if (isSecretReference(value, inSecrets)) {
      const name = envName([...path, key]);
      node[key] = `\${env:${name}}`;
      names.push(name);
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      replaceSecrets(value, [...path, key], names, inSecrets);
    }
  }
}
