/**
 * The package info Kibana builds from a package archive, as its EPM API then returns it. Follows
 * FLEET/server/services/epm/archive/parse.ts (parseAndVerifyArchive and the functions it calls): the
 * same required fields and errors, the same defaults (`release`, `multiple`, a stream's
 * `template_path`, a data stream's `dataset`), and only the keys Kibana's Registry*Keys enums let
 * through (FLEET/common/types/models/epm.ts). Vars are kept as the manifest writes them: Kibana does
 * not add `multi: false` or `required: false` where the manifest leaves them out.
 */
import path from "node:path";
import { parse } from "yaml";
import type {
  PackageDataStream,
  PackageInfo,
  PackagePolicyTemplateInput,
  PackageStreamDef,
  PackageVarDef,
} from "../../packages/types.js";

/** Kibana's PackageInvalidArchiveError: the archive is not a valid package. */
export class PackageArchiveError extends Error {}

type Manifest = Record<string, any>;

const REQUIRED_PACKAGE_PROPS = ["name", "version", "description", "title", "format_version", "owner"];
const OPTIONAL_PACKAGE_PROPS = [
  "readme",
  "assets",
  "data_streams",
  "license",
  "type",
  "categories",
  "conditions",
  "screenshots",
  "icons",
  "policy_templates",
  "policy_templates_behavior",
  "release",
  "agent",
  "elasticsearch",
];
const INPUT_KEYS = new Set([
  "type",
  "title",
  "description",
  "template_path",
  "condition",
  "input_group",
  "required_vars",
  "vars",
  "deployment_modes",
  "hide_in_var_group_options",
]);
const VAR_KEYS = new Set([
  "name",
  "title",
  "description",
  "type",
  "required",
  "show_user",
  "multi",
  "options",
  "default",
  "os",
  "secret",
  "hide_in_deployment_modes",
  "full_width",
  "min_duration",
  "max_duration",
  "url_allowed_schemes",
]);
const POLICY_TEMPLATE_KEYS = new Set([
  "categories",
  "data_streams",
  "inputs",
  "readme",
  "multiple",
  "type",
  "required_vars",
  "vars",
  "input",
  "template_path",
  "name",
  "title",
  "description",
  "icons",
  "screenshots",
  "deployment_modes",
  "configuration_links",
  "fips_compatible",
  "dynamic_signal_types",
]);
const STREAM_KEYS = new Set([
  "input",
  "title",
  "description",
  "enabled",
  "required_vars",
  "vars",
  "template_path",
  "ingestion_method",
  "var_groups",
]);
const DATA_STREAM_KEYS = new Set([
  "type",
  "ilm_policy",
  "hidden",
  "dataset",
  "title",
  "release",
  "streams",
  "package",
  "path",
  "ingest_pipeline",
  "elasticsearch",
  "dataset_is_prefix",
  "routing_rules",
  "lifecycle",
  "agent",
]);

/** `rest` restricted to the keys Kibana lets through, added to `base`. */
function withKnownKeys<T extends object>(base: T, rest: Manifest, known: Set<string>): T {
  for (const [key, value] of Object.entries(rest)) if (known.has(key)) (base as Manifest)[key] = value;
  return base;
}

function loadYaml(text: string): any {
  // js-yaml's safeLoad in Kibana: YAML 1.2 core types, with merge keys.
  return parse(text, { merge: true });
}

/**
 * Builds the package info from an archive's files. `files` are keyed by their path in the archive,
 * all under one top-level directory: `NAME-VERSION/` in a registry archive, or `topLevelDir` for a
 * package read from a directory (Kibana's _generatePackageInfoFromPaths, which skips the name check).
 */
export function parsePackageArchive(files: Map<string, Buffer>, topLevelDir?: string): PackageInfo {
  const paths = [...files.keys()];
  const toplevel = topLevelDir ?? paths[0]?.split("/")[0] ?? "";
  for (const file of paths) {
    if (!file.startsWith(toplevel)) {
      throw new PackageArchiveError(
        `Package contains more than one top-level directory; top-level directory found: ${toplevel}; filePath: ${file}`,
      );
    }
  }
  const manifestFile = path.posix.join(toplevel, "manifest.yml");
  const manifestBuffer = files.get(manifestFile);
  if (!manifestBuffer) throw new PackageArchiveError(`Manifest file ${manifestFile} not found in paths.`);
  let manifest: Manifest;
  try {
    manifest = loadYaml(manifestBuffer.toString("utf8")) ?? {};
  } catch (error) {
    throw new PackageArchiveError(
      `Could not parse top-level package manifest at top-level directory ${toplevel}: ${(error as Error).message}.`,
    );
  }
  if (!REQUIRED_PACKAGE_PROPS.every((key) => manifest[key] !== undefined)) {
    throw new PackageArchiveError(
      `Invalid top-level package manifest at top-level directory ${toplevel} (package name: ${manifest.name}): one or more fields missing of ${REQUIRED_PACKAGE_PROPS.join(", ")}.`,
    );
  }
  const parsed: Manifest = {};
  for (const key of [...REQUIRED_PACKAGE_PROPS, ...OPTIONAL_PACKAGE_PROPS]) {
    if (manifest[key] !== undefined) parsed[key] = manifest[key];
  }
  const version = String(parsed.version);
  if (topLevelDir === undefined && toplevel !== `${parsed.name}-${version}`) {
    throw new PackageArchiveError(
      `Name ${parsed.name} and version ${version} do not match top-level directory ${toplevel}`,
    );
  }
  const dataStreams = parseDataStreams(files, String(parsed.name), path.posix.join(toplevel, "data_stream"));
  if (dataStreams.length) parsed.data_streams = dataStreams;
  parsed.policy_templates = parsePolicyTemplates(manifest);
  if (files.has(path.posix.join(toplevel, "docs", "README.md"))) {
    parsed.readme = `/package/${parsed.name}/${version}/docs/README.md`;
  }
  // Packages without `release`: beta below 1.0.0 or for a prerelease, else ga.
  if (!parsed.release) parsed.release = /^0\.|-/.test(version) ? "beta" : "ga";
  if (manifest.vars) parsed.vars = parseVars(manifest.vars, "manifest.yml");
  return parsed as PackageInfo;
}

function parseDataStreams(files: Map<string, Buffer>, pkgName: string, base: string): PackageDataStream[] {
  const names = new Set<string>();
  for (const file of files.keys()) {
    if (!file.startsWith(`${base}/`)) continue;
    const [name] = file.slice(base.length).split("/").filter(Boolean);
    if (name) names.add(name);
  }
  return [...names].map((name) => {
    const manifestBuffer = files.get(path.posix.join(base, name, "manifest.yml"));
    if (!manifestBuffer)
      throw new PackageArchiveError(`No manifest.yml file found for data stream '${name}'`);
    let manifest: Manifest;
    try {
      manifest = expandDotted(loadYaml(manifestBuffer.toString("utf8")) ?? {});
    } catch (error) {
      throw new PackageArchiveError(
        `Could not parse package manifest for data stream '${name}': ${(error as Error).message}.`,
      );
    }
    const { title, release = "ga", type, dataset, streams, elasticsearch, ...rest } = manifest;
    if (!(title && type)) {
      throw new PackageArchiveError(
        `Invalid manifest for data stream '${name}': one or more fields missing of 'title', 'type'`,
      );
    }
    const dataStream: PackageDataStream = {
      title,
      release,
      type,
      package: pkgName,
      dataset: dataset || `${pkgName}.${name}`,
      path: name,
      elasticsearch: elasticsearchEntry(elasticsearch),
    };
    const parsedStreams = parseStreams(streams, name);
    if (parsedStreams.length) dataStream.streams = parsedStreams;
    return withKnownKeys(dataStream, rest, DATA_STREAM_KEYS);
  });
}

function parseStreams(streams: unknown, dataStream: string): PackageStreamDef[] {
  if (!Array.isArray(streams)) return [];
  return streams.map((manifestStream: Manifest) => {
    const { input, title, vars, template_path, ...rest } = manifestStream ?? {};
    if (!(input && title)) {
      throw new PackageArchiveError(
        `Invalid manifest for data stream ${dataStream}: stream is missing one or more fields of: input, title`,
      );
    }
    const parsedVars = parseVars(vars, `data stream ${dataStream}`);
    const stream: PackageStreamDef = { input, title, template_path: template_path || "stream.yml.hbs" };
    if (parsedVars.length) stream.vars = parsedVars;
    return withKnownKeys(stream, rest, STREAM_KEYS);
  });
}

function parseVars(vars: unknown, location: string): PackageVarDef[] {
  if (!Array.isArray(vars)) return [];
  return vars.map((manifestVar: Manifest) => {
    const { name, type, ...rest } = manifestVar ?? {};
    if (!(name && type)) {
      throw new PackageArchiveError(
        `Invalid var definition for ${location}: one of mandatory fields 'name' and 'type' missing in var: ${JSON.stringify(manifestVar)}`,
      );
    }
    return withKnownKeys({ name, type } as PackageVarDef, rest, VAR_KEYS);
  });
}

function parsePolicyTemplates(manifest: Manifest): PackageInfo["policy_templates"] {
  const templates = Array.isArray(manifest.policy_templates) ? manifest.policy_templates : [];
  return templates.map((template: Manifest) => {
    const { name, title, description, inputs, input, multiple, ...rest } = template ?? {};
    if (!(name && title && description)) {
      throw new PackageArchiveError(
        `Invalid top-level manifest: one of mandatory fields 'name', 'title', 'description' is missing in policy template: ${JSON.stringify(template)}`,
      );
    }
    const parsedInputs = inputs ? parseInputs(inputs, `config template ${name}`) : [];
    // `multiple` defaults to true; only an explicit false turns it off.
    const base = {
      name,
      title,
      description,
      multiple: multiple !== false,
      // A template has either `input` (input package) or `inputs`.
      ...(!input ? { inputs: parsedInputs } : { input }),
    };
    return withKnownKeys(base, rest, POLICY_TEMPLATE_KEYS);
  });
}

function parseInputs(inputs: unknown, location: string) {
  if (!Array.isArray(inputs)) return [];
  return inputs.map((input: Manifest) => {
    const { title, vars, ...rest } = input ?? {};
    if (!(input?.type && title)) {
      throw new PackageArchiveError(
        `Invalid top-level manifest: one of mandatory fields 'type', 'title' missing in input: ${JSON.stringify(input)}`,
      );
    }
    const parsed = { title, vars: parseVars(vars, location) } as PackagePolicyTemplateInput;
    return withKnownKeys(parsed, rest, INPUT_KEYS);
  });
}

/** Kibana's parseDataStreamElasticsearchEntry: the index settings a data stream asks for. */
function elasticsearchEntry(elasticsearch: unknown): Manifest {
  const es = expandDotted(isPlain(elasticsearch) ? elasticsearch : {});
  const out: Manifest = {};
  for (const key of ["privileges", "source_mode", "index_mode", "dynamic_dataset", "dynamic_namespace"]) {
    if (es[key]) out[key] = es[key];
  }
  for (const key of ["mappings", "settings", "data_stream"]) {
    const value = es.index_template?.[key];
    if (value)
      out[`index_template.${key}`] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, expandDotted(v as Manifest)]),
      );
  }
  return out;
}

/** Kibana's expandDottedObject: `{"a.b": 1}` becomes `{a: {b: 1}}`, merged with what is there. */
function expandDotted(value: Manifest): Manifest {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const out: Manifest = {};
  for (const [key, val] of Object.entries(value)) {
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] !== "object" || node[part] === null || Array.isArray(node[part])) node[part] = {};
      node = node[part];
    }
    const last = parts.at(-1)!;
    node[last] = isPlain(node[last]) && isPlain(val) ? deepMerge(node[last], val) : val;
  }
  return out;
}

const isPlain = (v: unknown): v is Manifest => typeof v === "object" && v !== null && !Array.isArray(v);

function deepMerge(a: Manifest, b: Manifest): Manifest {
  const out: Manifest = { ...a };
  for (const [key, value] of Object.entries(b)) {
    out[key] = isPlain(out[key]) && isPlain(value) ? deepMerge(out[key], value) : value;
  }
  return out;
}
