// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${env:NAME} and ${file:path} are manifest placeholders, not template literals
import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isInside, isTooWide, realOrSelf } from "./confine.js";
import { decodeUtf8 } from "./utf8.js";

/** Largest manifest file, and largest file a `${file:}` reference may read. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface InterpolationContext {
  env: Record<string, string | undefined>;
  /** Absolute path of the manifest file the string comes from. */
  manifestFile: string;
  /** Absolute current working directory. */
  cwd: string;
  /** Collects every resolved value. */
  secrets: Set<string>;
}

/** Why a placeholder could not be resolved. */
export interface InterpolationProblem {
  message: string;
  hint?: string;
}

/** `interpolated` is set when an `${env:}`/`${file:}` placeholder contributed to the value. */
export type InterpolationResult =
  | { value: string | number | boolean; interpolated?: true; variables?: string[] }
  | { problems: InterpolationProblem[] };

/**
 * The directories a `${file:}` placeholder of this manifest may read from: the manifest's directory
 * tree, and the working directory tree when the working directory holds the manifest (running from a
 * repository's root lets a manifest in a subdirectory read the repository's shared secrets folder).
 * Neither counts when it is the filesystem root or the home directory (isTooWide).
 */
function allowedRoots(ctx: InterpolationContext): string[] {
  const manifestDir = realOrSelf(dirname(ctx.manifestFile));
  const cwd = realOrSelf(ctx.cwd);
  const roots = isInside(manifestDir, cwd) ? [manifestDir, cwd] : [manifestDir];
  return roots.filter((dir) => !isTooWide(dir));
}

/**
 * Reads the file a `${file:PATH}` placeholder names.
 *
 * Rule (hostile manifests): PATH is resolved relative to the directory of the manifest file that
 * contains the placeholder. After following every symlink (realpath), the file must lie inside one
 * of the allowedRoots. So `${file:../x}` works when `x` is still under the working directory (a
 * repository's shared secrets folder), while a `..` traversal or a symlink that leads anywhere else
 * (`/etc`, `~/.ssh`) is refused. The file must be a regular file of at most 10 MiB of UTF-8 text;
 * one trailing newline (`\n` or `\r\n`) is removed from its content.
 */
function readFileReference(ref: string, ctx: InterpolationContext): { value: string } | InterpolationProblem {
  if (ref === "") {
    return { message: "empty file path in ${file:}", hint: "write ${file:relative/path/to/file}" };
  }
  const manifestDir = dirname(ctx.manifestFile);
  const target = resolve(manifestDir, ref);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return {
      message: `file "${ref}" referenced by \${file:${ref}} not found (looked for ${target})`,
      hint: "file paths are relative to the manifest file that references them",
    };
  }
  if (!allowedRoots(ctx).some((root) => isInside(real, root))) {
    return {
      message: `\${file:${ref}} resolves to ${real}, outside the manifest's directory and the working directory`,
      hint: "a referenced file must lie (after following symlinks) under the manifest's directory, or under the working directory when that holds the manifest (not / or your home directory)",
    };
  }
  const stat = statSync(real);
  if (!stat.isFile()) return { message: `\${file:${ref}} is not a regular file (${real})` };
  if (stat.size > MAX_FILE_BYTES) {
    return { message: `\${file:${ref}} is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit` };
  }
  const decoded = decodeUtf8(readFileSync(real));
  if ("invalid" in decoded) {
    const { line, column, offset } = decoded.invalid;
    return {
      message: `\${file:${ref}} is not UTF-8 text: invalid byte at ${line}:${column} (byte ${offset})`,
      hint: "Kibana's fields hold text: convert the file to UTF-8 (a binary DER certificate to PEM)",
    };
  }
  return { value: decoded.text.replace(/\r?\n$/, "") };
}

/**
 * A mapping key as the manifest means it: keys are never interpolated, `$${` is a literal `${` there
 * as in values (so what export escapes reads back the same), and undefined when the key holds an
 * `${env:}` or `${file:}` placeholder, which would otherwise be sent as it is written. Other `${…}`
 * (Elastic Agent's own `${kubernetes.pod.name}`) is text, as the design says.
 */
export function literalKey(key: string): string | undefined {
  if (!key.includes("${")) return key;
  let out = "";
  for (let i = 0; i < key.length; ) {
    if (key.startsWith("$${", i)) {
      out += "${";
      i += 3;
    } else if (key.startsWith("${env:", i) || key.startsWith("${file:", i)) return undefined;
    else out += key[i++];
  }
  return out;
}

/** Types a reference can give its value instead of text: `${env:TIMEOUT:int}`. */
const TYPES = ["int", "number", "bool"] as const;
type ValueType = (typeof TYPES)[number];
const TYPE_NAMES: Record<ValueType, string> = {
  int: "an integer",
  number: "a number",
  bool: "true or false",
};

/**
 * `NAME:int:public` → the name (or file path) and its modifiers, read from the end: only a trailing
 * `:int`, `:number`, `:bool` or `:public` is a modifier, so a file path may still hold colons.
 */
function modifiersOf(spec: string): { arg: string; type?: ValueType; isPublic: boolean } {
  let arg = spec;
  let type: ValueType | undefined;
  let isPublic = false;
  for (;;) {
    const colon = arg.lastIndexOf(":");
    const modifier = colon < 0 ? "" : arg.slice(colon + 1);
    if (modifier === "public" && !isPublic) isPublic = true;
    else if ((TYPES as readonly string[]).includes(modifier) && !type) type = modifier as ValueType;
    else return { arg, type, isPublic };
    arg = arg.slice(0, colon);
  }
}

function convert(text: string, type: ValueType): number | boolean | undefined {
  const trimmed = text.trim();
  if (type === "bool") return trimmed === "true" ? true : trimmed === "false" ? false : undefined;
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return type === "int" && !Number.isInteger(number) ? undefined : number;
}

/**
 * Resolves `${env:NAME}` and `${file:PATH}` anywhere in `text`; `$${` is a literal `${`.
 * Returns the new string, or every problem found in it.
 */
export function interpolate(text: string, ctx: InterpolationContext): InterpolationResult {
  if (!text.includes("${")) return { value: text };
  const problems: InterpolationProblem[] = [];
  let out = "";
  /** Whether a secret reference (one without :public) filled part of the value: then all of it is masked. */
  let secret = false;
  let typed: number | boolean | undefined;
  const variables: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("$${", i)) {
      out += "${";
      i += 3;
      continue;
    }
    if (!text.startsWith("${", i)) {
      out += text[i];
      i += 1;
      continue;
    }
    const end = text.indexOf("}", i + 2);
    if (end < 0) {
      problems.push({
        message: `unterminated "\${" in "${text}"`,
        hint: "close it with } or write $${ for a literal ${",
      });
      break;
    }
    const inner = text.slice(i + 2, end);
    i = end + 1;
    const colon = inner.indexOf(":");
    const scheme = colon < 0 ? inner : inner.slice(0, colon);
    if ((scheme !== "env" && scheme !== "file") || colon < 0) {
      // Only env: and file: are fleetform's. Anything else (Elastic Agent's own ${kubernetes.container.id},
      // ${env.NODE_NAME}, ${host.name}) is literal text for the agent, sent as written.
      out += `\${${inner}}`;
      continue;
    }
    const { arg, type, isPublic } = modifiersOf(inner.slice(colon + 1));
    let value: string;
    if (scheme === "env") {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(arg)) {
        problems.push({
          message: `invalid environment variable name "${arg}" in \${${inner}}`,
          hint: `write \${env:NAME}, optionally with :${TYPES.join(", :")} and :public after the name`,
        });
        continue;
      }
      const found = ctx.env[arg];
      if (found === undefined) {
        problems.push({
          message: `environment variable ${arg} is not set (\${${inner}})`,
          hint: `export ${arg}=... before running fleetform`,
        });
        continue;
      }
      value = found;
      if (!isPublic) variables.push(arg);
    } else {
      const result = readFileReference(arg, ctx);
      if ("message" in result) {
        problems.push(result);
        continue;
      }
      value = result.value;
    }
    // A reference is a secret unless it says it is not: its safety never depends on the field it fills.
    if (!isPublic) {
      if (value !== "") ctx.secrets.add(value);
      secret = true;
    }
    if (type) {
      if (text !== `\${${inner}}`) {
        problems.push({
          message: `\${${inner}} is typed (:${type}), so it must be the whole value, not part of "${isPublic ? text : "…"}"`,
          hint: `write the value as "\${${inner}}" alone, or drop :${type} to insert text`,
        });
        continue;
      }
      const converted = convert(value, type);
      if (converted === undefined) {
        problems.push({
          message: `${scheme === "env" ? `environment variable ${arg}` : `file ${arg}`} must hold ${TYPE_NAMES[type]} for \${${inner}}, but it holds ${isPublic ? JSON.stringify(value) : "something else"}`,
        });
        continue;
      }
      typed = converted;
    }
    out += value;
  }
  if (problems.length > 0) return { problems };
  const value = typed ?? out;
  if (!secret) return { value };
  return variables.length > 0 ? { value, interpolated: true, variables } : { value, interpolated: true };
}
