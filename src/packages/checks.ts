/**
 * What a simplified body must satisfy for its package version: known input, stream and var names,
 * var types, and required vars. The planner reports all problems; the simulator answers like Kibana.
 */
import type { FieldProblem } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../util/did-you-mean.js";
import { yamlLib } from "../util/yaml-lib.js";
import { DATASET_VAR, invalidDatasetName } from "./policy-templates.js";
import {
  alignInputsAndStreams,
  defaultTree,
  inputKey,
  isObject,
  isSecretRef,
  type PolicyTree,
  type PolicyVars,
  simplifiedView,
  varDefinitions,
} from "./simplified.js";
import type { PackageInfo, PackageVarDef } from "./types.js";

/** A manifest value that does not fit the package: where (simplified path), what, and what is offered. */
export interface PackageProblem extends FieldProblem {
  /** Kibana's own wording of the problem (the simulator answers with it). */
  kibanaMessage?: string;
}

/**
 * Every input, stream and var name the body uses that the package version does not define, and
 * every var value of the wrong type: all of them, not only the first (Kibana stops at the first).
 */
export function checkAgainstPackage(
  pkg: PackageInfo,
  body: { inputs?: unknown; vars?: unknown },
): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const label = `${pkg.name} ${pkg.version}`;
  const defs = definitionsByPath(pkg);
  const offered = (names: string[], wrong: string) => {
    if (!names.length) return "it offers none here";
    const close = didYouMean(wrong, names);
    return `${close ? `did you mean "${close}"? ` : ""}it offers: ${names.join(", ")}`;
  };
  const checkVars = (values: unknown, at: string[], where: string, names: string[]) => {
    if (!isObject(values)) return;
    for (const [name, value] of Object.entries(values)) {
      const def = defs.get([...at, name].join("\0"));
      if (!def) {
        problems.push({
          path: [...at, name],
          message: `${label} has no var "${name}" ${where}`,
          hint: offered(names, name),
        });
        continue;
      }
      const dataset = datasetProblem(pkg, at, name, value);
      const problem = varTypeProblem(def, value) ?? (dataset && `names a dataset Kibana refuses: ${dataset}`);
      if (problem) problems.push({ path: [...at, name], message: `var "${name}" ${where} ${problem}` });
    }
  };
  const base = defaultTree(pkg);
  checkVars(body.vars, ["vars"], "at package level", Object.keys(base.vars));
  for (const [key, spec] of Object.entries(isObject(body.inputs) ? body.inputs : {})) {
    const input = base.inputs.find((i) => inputKey(i) === key);
    if (!input) {
      problems.push({
        path: ["inputs", key],
        message: `${label} has no input "${key}"`,
        hint: offered(base.inputs.map(inputKey), key),
      });
      continue;
    }
    if (!isObject(spec)) continue;
    checkVars(spec.vars, ["inputs", key, "vars"], `on input ${key}`, Object.keys(input.vars ?? {}));
    for (const [dataset, stream] of Object.entries(isObject(spec.streams) ? spec.streams : {})) {
      const known = input.streams.find((s) => s.data_stream.dataset === dataset);
      if (!known) {
        problems.push({
          path: ["inputs", key, "streams", dataset],
          message: `${label} has no stream "${dataset}" on input ${key}`,
          hint: offered(
            input.streams.map((s) => s.data_stream.dataset),
            dataset,
          ),
        });
        continue;
      }
      if (isObject(stream)) {
        checkVars(
          stream.vars,
          ["inputs", key, "streams", dataset, "vars"],
          `on stream ${dataset}`,
          Object.keys(known.vars ?? {}),
        );
      }
    }
  }
  // Required vars are checked on what remains once the wrong names and values are set aside, so one
  // run reports every problem; a var already reported is not reported again as missing.
  const reported = new Set(problems.map((p) => p.path.join("\0")));
  const rest =
    problems.length === 0
      ? body
      : withoutPaths(
          { inputs: body.inputs, vars: body.vars },
          problems.map((p) => p.path),
        );
  for (const missing of missingRequiredVars(pkg, rest)) {
    if (!reported.has(missing.path.join("\0"))) problems.push(missing);
  }
  return problems;
}

function missingRequiredVars(pkg: PackageInfo, body: { inputs?: unknown; vars?: unknown }): PackageProblem[] {
  // Kibana validates after turning off inputs whose streams are all disabled.
  const tree = simplifiedView(pkg, body);
  return missingRequiredVarsIn(pkg, { ...tree, inputs: alignInputsAndStreams(tree.inputs) });
}

/**
 * Required vars with no value (neither set nor a package default) where they are in use: package
 * level, and the inputs and streams that are enabled. Kibana refuses such a policy with 400.
 */
export function missingRequiredVarsIn(
  pkg: PackageInfo,
  tree: PolicyTree,
  /** Kibana's own rule (validatePackagePolicyConfig) is looser: an empty or null text passes. */
  rule: "strict" | "kibana" = "strict",
): PackageProblem[] {
  const defs = definitionsByPath(pkg);
  const problems: PackageProblem[] = [];
  const check = (vars: PolicyVars | undefined, at: string[], where: string) => {
    for (const [name, entry] of Object.entries(vars ?? {})) {
      const value = entry?.value;
      const def = defs.get([...at, name].join("\0"));
      if (def && rule === "kibana") {
        const invalid = kibanaValueError(def, value) ?? datasetProblem(pkg, at, name, value);
        if (invalid) {
          problems.push({
            kibanaMessage: `${[...at, name].join(".")}: ${invalid}`,
            path: [...at, name],
            message: invalid,
          });
          continue;
        }
      }
      if (def?.required && (rule === "kibana" ? emptyForKibana(def, value) : isEmpty(value))) {
        problems.push({
          kibanaMessage: `${[...at, name].join(".")}: ${def.title || def.name} is required`,
          path: [...at, name],
          message: `var "${name}" ${where} is required by ${pkg.name} ${pkg.version} and has no default`,
          hint: "set it in the manifest, or disable what needs it with enabled: false",
        });
      }
    }
  };
  check(tree.vars, ["vars"], "at package level");
  for (const input of tree.inputs) {
    if (!input.enabled) continue;
    const key = inputKey(input);
    check(input.vars, ["inputs", key, "vars"], `on input ${key}`);
    for (const stream of input.streams) {
      const dataset = stream.data_stream.dataset;
      if (stream.enabled)
        check(stream.vars, ["inputs", key, "streams", dataset, "vars"], `on stream ${dataset}`);
    }
  }
  return problems;
}

const byPath = new WeakMap<PackageInfo, Map<string, PackageVarDef>>();

/** varDefinitions by their path joined with NUL (computed once per package, not once per policy). */
function definitionsByPath(pkg: PackageInfo): Map<string, PackageVarDef> {
  let defs = byPath.get(pkg);
  if (!defs) {
    defs = new Map(varDefinitions(pkg).map(({ path, def }) => [path.join("\0"), def]));
    byPath.set(pkg, defs);
  }
  return defs;
}

/** Simplified paths of the vars that are write-only: marked `secret`, or of type password. */
export function secretVarPaths(pkg: PackageInfo): string[][] {
  return varDefinitions(pkg)
    .filter(({ def }) => def.secret === true || def.type === "password")
    .map(({ path }) => path);
}

/** An input package's policy names its dataset in a stream var that Kibana checks like an index name. */
function datasetProblem(pkg: PackageInfo, at: string[], name: string, value: unknown): string | undefined {
  if (pkg.type !== "input" || name !== DATASET_VAR || !at.includes("streams")) return undefined;
  return value === undefined || value === null || isSecretRef(value) ? undefined : invalidDatasetName(value);
}

/** Why a value does not fit a var definition, or undefined when it does. Secret references always fit. */
export function varTypeProblem(def: PackageVarDef, value: unknown): string | undefined {
  if (value === null || value === undefined || isSecretRef(value)) return undefined;
  if (def.type === "yaml") return yamlProblem(def, value);
  if (def.multi) {
    if (!Array.isArray(value)) return `expects a list (multi: true ${def.type})`;
    for (const item of value) {
      const problem = scalarProblem(def, item);
      if (problem) return `list item ${JSON.stringify(item)}: ${problem}`;
    }
    return undefined;
  }
  if (Array.isArray(value)) return `expects a single ${def.type} value, not a list`;
  return scalarProblem(def, value);
}

/**
 * A yaml var holds YAML text; Kibana parses it (validatePackagePolicyConfig), and a `multi` one must
 * parse to a list: `multi` describes the parsed value, not the var's value.
 */
function yamlProblem(def: PackageVarDef, value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return "expects YAML text (a string)";
  const parsed = parseYamlVar(value);
  if (parsed.error) return `is not valid YAML: ${parsed.error}`;
  if (def.multi && parsed.value && !Array.isArray(parsed.value)) return "expects YAML text holding a list";
  return undefined;
}

function parseYamlVar(value: unknown): { value?: unknown; error?: string } {
  try {
    return { value: yamlLib().parse(String(value)) };
  } catch (err) {
    return { error: (err as Error).message.split("\n")[0] };
  }
}

function scalarProblem(def: PackageVarDef, value: unknown): string | undefined {
  switch (def.type) {
    // As lenient as Kibana: "true"/"false" and numeric strings pass its validation too.
    case "bool":
      return ["true", "false"].includes(String(value)) ? undefined : "expects true or false";
    case "integer":
      return (typeof value === "number" || typeof value === "string") && Number.isInteger(Number(value))
        ? undefined
        : "expects an integer";
    case "select": {
      const allowed = (def.options ?? []).map((o) => o.value);
      return allowed.length === 0 || allowed.includes(String(value))
        ? undefined
        : `expects one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    case "text":
    case "textarea":
    case "password":
    case "yaml":
    case "email":
    case "url":
    case "duration":
      return typeof value === "string" || typeof value === "number" ? undefined : "expects a string";
    default:
      return undefined;
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length);
}

function emptyForKibana(def: PackageVarDef, value: unknown): boolean {
  if (value === undefined) return true;
  if (def.type === "yaml" && typeof value === "string" && value.trim() === "") return true;
  if (def.multi && Array.isArray(value)) {
    return !value.length || (def.type === "text" && value.some((v) => typeof v === "string" && !v.trim()));
  }
  return false;
}

/** Kibana's validatePackagePolicyConfig checks of a value's form (its own messages), for the simulator. */
function kibanaValueError(def: PackageVarDef, raw: unknown): string | undefined {
  if (raw === undefined || raw === null || isSecretRef(raw)) return undefined;
  const title = def.title || def.name;
  let value: unknown = raw;
  if (def.type === "yaml") {
    const parsed = parseYamlVar(raw);
    if (parsed.error) return "Invalid YAML format";
    value = parsed.value;
  }
  if (def.multi) {
    if (value && !Array.isArray(value)) return `Invalid format for ${title}: expected array`;
    if (def.type === "integer" && Array.isArray(value) && value.some((v) => !Number.isInteger(Number(v)))) {
      return "Invalid integer";
    }
    return undefined;
  }
  if (def.type === "bool" && value !== "" && !["true", "false"].includes(String(value))) {
    return "Boolean values must be either true or false";
  }
  if (def.type === "integer" && value !== "" && !Array.isArray(value) && !Number.isInteger(Number(value))) {
    return "Invalid integer";
  }
  if (def.type === "select" && !(def.options ?? []).some((o) => o.value === value)) {
    return "Invalid value for select type";
  }
  return undefined;
}

/** A copy of a simplified body without the values at `paths`. */
function withoutPaths(body: { inputs?: unknown; vars?: unknown }, paths: string[][]) {
  const copy = structuredClone(body) as Record<string, any>;
  for (const path of paths) {
    const parent = path
      .slice(0, -1)
      .reduce((node: any, key) => (isObject(node) ? node[key] : undefined), copy);
    if (isObject(parent)) delete parent[path.at(-1)!];
  }
  return copy;
}
