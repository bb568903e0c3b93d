import { readFile, stat } from "node:fs/promises";
import type { Document, Node } from "yaml";
import { CODES } from "../diagnostics/codes.js";
import {
  identityField,
  isKindName,
  isSpaceScoped,
  KIND_NAMES,
  type KindName,
  SINGLETON_ID,
  shapeOf,
  spaceScopedSections,
} from "../kinds/shapes.js";
import { didYouMean } from "../util/did-you-mean.js";
import { checkAliasExpansion } from "./aliases.js";
import { reportDuplicates } from "./duplicates.js";
import { expandPaths } from "./files.js";
import { type InterpolationContext, interpolate, literalKey, MAX_FILE_BYTES } from "./interpolate.js";
import { lazyPlaces, nodePlaces, type Places, readWithPositions } from "./places.js";
import { plainDocuments } from "./plain-yaml.js";
import { documentSpace, SPACE_KEY, sectionList } from "./spaces.js";
import type {
  Diagnostic,
  LoadedManifest,
  LoadOptions,
  LocateOptions,
  ManifestObject,
  SectionSpace,
  SourceLocation,
} from "./types.js";
import { decodeUtf8 } from "./utf8.js";
import {
  checkStructure,
  MAX_ALIAS_COUNT,
  MAX_DEPTH,
  type Positions,
  unclosedQuoteStart,
} from "./yaml-nodes.js";

export { MAX_EXPANDED_SIZE } from "./aliases.js";
export { MAX_FILE_BYTES } from "./interpolate.js";
export type {
  Diagnostic,
  LoadedManifest,
  LoadOptions,
  LocateOptions,
  ManifestObject,
  SourceLocation,
} from "./types.js";
export { MAX_ALIAS_COUNT, MAX_DEPTH } from "./yaml-nodes.js";

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What interpolation contributed to an object: the paths it filled, and the variables it read. */
interface Interpolated {
  paths: string[][];
  variables: NonNullable<ManifestObject["variables"]>;
}

/**
 * Resolves interpolation in every string below `value`, reporting problems at their YAML position.
 * `path` is one stack, grown and shrunk on the way down: a path is copied only where it is kept (a
 * value that interpolated, a problem), not built for each of the hundreds of thousands of values.
 */
function resolveStrings(
  value: unknown,
  path: Path,
  ctx: InterpolationContext,
  report: (path: Path, message: string, hint?: string) => void,
  found: Interpolated,
): unknown {
  if (typeof value === "string") {
    if (!value.includes("${")) return value; // most strings: nothing to resolve
    const result = interpolate(value, ctx);
    if ("value" in result) {
      if (result.interpolated) found.paths.push(path.map(String));
      for (const name of result.variables ?? []) found.variables.push({ path: path.map(String), name });
      return result.value;
    }
    for (const p of result.problems) report([...path], p.message, p.hint);
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = resolveStrings(value[i], path, ctx, report, found);
      path.pop();
    }
    return out;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const written of Object.keys(value)) {
      const k = literalKey(written) ?? written; // a key with a placeholder is refused at load
      path.push(k);
      out[k] = resolveStrings(value[written], path, ctx, report, found);
      path.pop();
    }
    return out;
  }
  return value;
}

function identity(kind: KindName, body: Record<string, unknown>): string {
  if (shapeOf(kind).identity === "singleton") return SINGLETON_ID;
  const value = body[identityField(kind)];
  return typeof value === "string" ? value : "";
}

interface FileContext {
  display: string;
  /** The file's text, once read (locating some YAML errors needs it). */
  source: string;
  abs: string;
  errors: Diagnostic[];
  objects: ManifestObject[];
  secrets: Set<string>;
  sections: Set<KindName>;
  /** Every section met, with the space it names (its own, or its document's). */
  sectionSpaces: SectionSpace[];
  env: Record<string, string | undefined>;
  cwd: string;
}

/** yaml's reader recurses once per nesting level: a hostile depth overflows the stack inside it. */
const STACK_OVERFLOW = /Maximum call stack size exceeded/;

const TOO_DEEP_HINT = "manifests never need this much nesting; check for a generated or hostile file";

/** The problems `yaml` found in a document, or those of its structure; false when there are none. */
function documentProblems(doc: Document.Parsed, pos: Positions, fc: FileContext): boolean {
  const overflow = doc.errors.find((err) => STACK_OVERFLOW.test(err.message));
  if (overflow) {
    fc.errors.push({
      severity: "error",
      code: CODES.yaml,
      message: `document nests too deeply to be read (fleetform allows ${MAX_DEPTH} levels)`,
      location: pos.at(overflow.pos[0]),
      hint: TOO_DEEP_HINT,
    });
    return true;
  }
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      fc.errors.push({
        severity: "error",
        code: CODES.yaml,
        message: `invalid YAML: ${err.message}`,
        location: pos.at(
          (err.code === "MISSING_CHAR" && /quote/.test(err.message) && unclosedQuoteStart(fc.source)) ||
            err.pos[0],
        ),
        hint: err.code === "DUPLICATE_KEY" ? "each key may appear only once in a mapping" : undefined,
      });
    }
    return true;
  }
  const structural = checkStructure(doc, pos);
  if (structural.length > 0) {
    fc.errors.push(...structural);
    return true;
  }
  const expansion = checkAliasExpansion(doc, pos);
  if (expansion) {
    fc.errors.push(expansion);
    return true;
  }
  return false;
}

/** Loads a document read with positions: checks it, then takes its objects. */
function loadDocument(doc: Document.Parsed, pos: Positions, fc: FileContext): void {
  if (documentProblems(doc, pos, fc)) return;
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    fc.errors.push({
      severity: "error",
      code: CODES.yaml,
      message: `YAML aliases expand too much (${(err as Error).message})`,
      location: pos.of(doc.contents as Node | null),
      hint: `a document may expand aliases at most ${MAX_ALIAS_COUNT} times its size; this looks like an alias bomb`,
    });
    return;
  }
  loadSections(data, fc, nodePlaces(doc, pos));
}

/** Takes the objects of a document's sections, reporting sections and entries that are not objects. */
function loadSections(data: unknown, fc: FileContext, places: Places): void {
  if (data === null || data === undefined) return; // empty document
  if (!isRecord(data)) {
    fc.errors.push({
      severity: "error",
      code: CODES.manifestShape,
      message: "a manifest document must be a mapping of sections",
      location: places.at([]),
      hint: `top-level keys are the sections: ${KIND_NAMES.join(", ")}`,
    });
    return;
  }
  const docSpace = documentSpace(data, places.at, fc.errors);
  for (const [section, value] of Object.entries(data)) {
    if (section === SPACE_KEY) continue;
    if (!isKindName(section)) {
      const suggestion = didYouMean(section, KIND_NAMES);
      fc.errors.push({
        severity: "error",
        code: CODES.manifestShape,
        message: `unknown section "${section}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
        location: places.at([section], { key: true }),
        hint: `sections are ${KIND_NAMES.join(", ")} (and space, the space of the document's ${spaceScopedSections()})`,
      });
      continue;
    }
    fc.sections.add(section);
    if (value === null || value === undefined) {
      fc.sectionSpaces.push({
        kind: section,
        ...(docSpace && isSpaceScoped(section) ? { space: docSpace } : {}),
      });
      continue;
    }
    const shape = shapeOf(section);
    if (shape.section === "mapping") {
      if (!isRecord(value)) {
        fc.errors.push({
          severity: "error",
          code: CODES.manifestShape,
          message: `${section} must be a mapping of settings, not a list`,
          location: places.at([section]),
          hint: `write ${section}:\n    ${shape.example ?? "field: value"}`,
        });
        continue;
      }
      addObject(section, value, [section], undefined, places, fc);
      continue;
    }
    const list = sectionList(section, value, places.at, fc.errors);
    if (!list) continue;
    // A document's space is for the sections that live in a space; global kinds ignore it.
    const space = list.space ?? (isSpaceScoped(section) ? docSpace : undefined);
    fc.sectionSpaces.push({ kind: section, ...(space ? { space } : {}) });
    list.items.forEach((item, index) => {
      const entry = [...list.path, index];
      if (!isRecord(item)) {
        fc.errors.push({
          severity: "error",
          code: CODES.manifestShape,
          message: `entry ${index + 1} of ${section} must be a mapping of fields, not ${Array.isArray(item) ? "a list" : typeof item === "string" ? "a string" : JSON.stringify(item)}`,
          location: places.at(entry),
        });
        return;
      }
      addObject(section, item, entry, index, places, fc, space);
    });
  }
}

/**
 * Adds one object written at `path` (from its document's root); `index` is its place in its section's
 * list (none for a mapping section).
 */
function addObject(
  kind: KindName,
  raw: Record<string, unknown>,
  path: Path,
  index: number | undefined,
  places: Places,
  fc: FileContext,
  space?: string,
): void {
  const locate = (below: Path, opts?: LocateOptions): SourceLocation => places.below(path, below, opts);
  const ctx: InterpolationContext = { env: fc.env, manifestFile: fc.abs, cwd: fc.cwd, secrets: fc.secrets };
  const found: Interpolated = { paths: [], variables: [] };
  const report = (path: Path, message: string, hint?: string) => {
    fc.errors.push({ severity: "error", code: CODES.interpolation, message, location: locate(path), hint });
  };
  const body = resolveStrings(raw, [], ctx, report, found) as Record<string, unknown>;
  fc.objects.push({
    kind,
    id: identity(kind, body),
    ...(space ? { space } : {}),
    body,
    ...(found.paths.length > 0 ? { interpolated: found.paths } : {}),
    ...(found.variables.length > 0 ? { variables: found.variables } : {}),
    // Computed when shown: finding it may mean reading the file again with positions.
    get location() {
      return places.at(path);
    },
    index: index ?? 0,
    locate,
  });
}

async function loadFile(fc: FileContext): Promise<void> {
  const st = await stat(fc.abs);
  const start: SourceLocation = { file: fc.display, line: 1, column: 1 };
  if (st.size > MAX_FILE_BYTES) {
    fc.errors.push({
      severity: "error",
      code: CODES.manifestFile,
      message: `file is ${st.size} bytes, over the ${MAX_FILE_BYTES}-byte (10 MiB) limit for a manifest`,
      location: start,
      hint: "split it into several files",
    });
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(fc.abs);
  } catch (err) {
    fc.errors.push({
      severity: "error",
      code: CODES.manifestFile,
      message: `cannot read file: ${(err as Error).message}`,
      location: start,
    });
    return;
  }
  const decoded = decodeUtf8(bytes);
  if ("invalid" in decoded) {
    const { line, column, offset } = decoded.invalid;
    fc.errors.push({
      severity: "error",
      code: CODES.manifestFile,
      message: `file is not valid UTF-8: invalid byte 0x${bytes[offset]!.toString(16).padStart(2, "0")} (byte ${offset} of the file)`,
      location: { file: fc.display, line, column },
      hint: "save the file as UTF-8; fleetform never guesses an encoding, as a replaced character would be applied as is",
    });
    return;
  }
  const source = decoded.text;
  fc.source = source;
  const plain = plainDocuments(source);
  if (plain) {
    const places = lazyPlaces(source, fc.display);
    for (const [index, data] of plain.entries()) loadSections(data, fc, places(index));
    return;
  }
  let read: ReturnType<typeof readWithPositions>;
  try {
    read = readWithPositions(source, fc.display);
  } catch (err) {
    const tooDeep = STACK_OVERFLOW.test((err as Error).message);
    fc.errors.push({
      severity: "error",
      code: CODES.yaml,
      message: tooDeep
        ? `document nests too deeply to be read (fleetform allows ${MAX_DEPTH} levels)`
        : `cannot parse YAML: ${(err as Error).message}`,
      location: start,
      hint: tooDeep ? TOO_DEEP_HINT : undefined,
    });
    return;
  }
  for (const doc of read?.docs ?? []) loadDocument(doc, read!.pos, fc);
}

/**
 * Reads manifest files and directories into objects with source positions. Never throws for bad input:
 * every problem of every file is returned in `errors`.
 */
export async function loadManifests(paths: string[], opts: LoadOptions = {}): Promise<LoadedManifest> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const { files, errors } = await expandPaths(paths, cwd);
  const objects: ManifestObject[] = [];
  const secrets = new Set<string>();
  const sections = new Set<KindName>();
  const sectionSpaces: SectionSpace[] = [];
  for (const file of files) {
    const fc = {
      display: file.display,
      abs: file.abs,
      source: "",
      errors,
      objects,
      secrets,
      sections,
      sectionSpaces,
      env,
      cwd,
    };
    await loadFile(fc);
    if (errors.length === 0)
      opts.onSections?.({
        sections: KIND_NAMES.filter((k) => sections.has(k)),
        sectionSpaces: [...sectionSpaces],
      });
  }
  reportDuplicates(objects, errors);
  return {
    objects,
    files: files.map((f) => f.display),
    secrets: [...secrets],
    errors,
    sections: KIND_NAMES.filter((k) => sections.has(k)),
    sectionSpaces,
  };
}
