/**
 * Kibana's package-policy model, shared by the simulator and the planner so that both expand a
 * simplified body the same way Kibana does. Follows FLEET/common/services/package_to_package_policy.ts
 * (defaults from the package) and simplified_package_policy_helper.ts (simplified ⇄ full tree).
 */
import { didYouMean } from "../util/did-you-mean.js";
import type { PackageDataStream, PackageInfo, PackageStreamDef, PackageVarDef } from "./types.js";

/** One var of the full (legacy) tree: `{type, value}`. */
export interface PolicyVar {
  type?: string;
  value?: unknown;
  frozen?: boolean;
}
export type PolicyVars = Record<string, PolicyVar>;

export interface PolicyStream {
  enabled: boolean;
  data_stream: { type: string; dataset: string };
  vars?: PolicyVars;
  [key: string]: unknown;
}

export interface PolicyInput {
  type: string;
  policy_template?: string;
  enabled: boolean;
  vars?: PolicyVars;
  streams: PolicyStream[];
  [key: string]: unknown;
}

/** The full input/var tree of a package policy, as Kibana stores it. */
export interface PolicyTree {
  inputs: PolicyInput[];
  vars: PolicyVars;
}

export type SimplifiedVars = Record<string, unknown>;
export interface SimplifiedStream {
  enabled?: boolean;
  vars?: SimplifiedVars;
}
export interface SimplifiedInput {
  enabled?: boolean;
  vars?: SimplifiedVars;
  streams?: Record<string, SimplifiedStream>;
}
export interface SimplifiedTree {
  inputs: Record<string, SimplifiedInput>;
  vars: SimplifiedVars;
}

/** Kibana's PackagePolicyValidationError: an input, stream or var the package does not define (400). */
export class PackagePolicyInputError extends Error {
  constructor(
    message: string,
    /** Where in the simplified body: e.g. ["inputs", "nginx-logfile", "streams", "nginx.access"]. */
    readonly path: string[],
    /** The names the package offers at that place. */
    readonly offered: string[],
  ) {
    super(message);
  }
}

const DATASET_VAR = "data_stream.dataset";

/** `<policy_template>-<input type>`, or just the type when there is no template. */
export function inputKey(input: { policy_template?: string; type: string }): string {
  return input.policy_template ? `${input.policy_template}-${input.type}` : input.type;
}

/** Kibana's varsReducer: a multi var without a default starts as `[]`. */
function varsFrom(defs: PackageVarDef[] | undefined): PolicyVars | undefined {
  if (!defs?.length) return undefined;
  const vars: PolicyVars = {};
  for (const def of defs) {
    const entry: PolicyVar = { value: !def.default && def.multi ? [] : structuredClone(def.default) };
    if (def.type) entry.type = def.type;
    vars[def.name] = entry;
  }
  return vars;
}

function streamsForInput(pkg: PackageInfo, inputType: string, dataStreamPaths?: string[]) {
  const found: { stream: PackageStreamDef; dataStream: PackageDataStream }[] = [];
  for (const dataStream of pkg.data_streams ?? []) {
    if (dataStreamPaths?.length && !dataStreamPaths.includes(dataStream.path)) continue;
    for (const stream of dataStream.streams ?? []) {
      if (stream.input === inputType) found.push({ stream, dataStream });
    }
  }
  return found;
}

/** The policy a create with no inputs or vars yields: every input and stream at the package's defaults. */
export function packageToPolicyInputs(pkg: PackageInfo): PolicyTree {
  return structuredClone(defaultTree(pkg));
}

const defaultTrees = new WeakMap<PackageInfo, PolicyTree>();

/** packageToPolicyInputs, computed once per package definition; callers must not mutate it. */
function defaultTree(pkg: PackageInfo): PolicyTree {
  let tree = defaultTrees.get(pkg);
  if (!tree) {
    tree = buildDefaultTree(pkg);
    defaultTrees.set(pkg, tree);
  }
  return tree;
}

function buildDefaultTree(pkg: PackageInfo): PolicyTree {
  const inputs: PolicyInput[] = [];
  const seen = new Set<string>();
  for (const template of pkg.policy_templates ?? []) {
    for (const packageInput of template.inputs ?? []) {
      const key = `${template.name}-${packageInput.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const streams: PolicyStream[] = streamsForInput(pkg, packageInput.type, template.data_streams).map(
        ({ stream, dataStream }) => {
          const out: PolicyStream = {
            enabled: stream.enabled !== false,
            data_stream: { type: dataStream.type, dataset: dataStream.dataset },
          };
          const vars = varsFrom(stream.vars);
          if (vars) out.vars = vars;
          return out;
        },
      );
      const input: PolicyInput = {
        type: packageInput.type,
        policy_template: template.name,
        enabled: streams.length ? streams.some((s) => s.enabled) : true,
        streams,
      };
      const vars = varsFrom(packageInput.vars);
      if (vars) input.vars = vars;
      inputs.push(input);
    }
  }
  return { inputs, vars: varsFrom(pkg.vars) ?? {} };
}

function assignVars(
  values: SimplifiedVars,
  target: PolicyVars | undefined,
  where: string,
  path: string[],
): void {
  for (const [name, value] of Object.entries(values)) {
    const entry = target?.[name];
    if (!entry) {
      throw new PackagePolicyInputError(
        `Variable ${where}:${name} not found`,
        [...path, name],
        Object.keys(target ?? {}),
      );
    }
    entry.value = value;
  }
}

/**
 * Applies a simplified body to the package's default tree (Kibana's simplifiedPackagePolicytoNewPackagePolicy):
 * an input or stream the body mentions is enabled unless it says `enabled: false`; anything it leaves
 * out keeps the package default. Throws PackagePolicyInputError for names the package does not define.
 */
export function applySimplified(
  _pkg: PackageInfo,
  base: PolicyTree,
  body: { inputs?: Record<string, SimplifiedInput> | unknown; vars?: SimplifiedVars | unknown },
): PolicyTree {
  const tree = structuredClone(base);
  if (isObject(body.vars)) assignVars(body.vars, tree.vars, "", ["vars"]);
  for (const [key, wanted] of Object.entries(isObject(body.inputs) ? body.inputs : {})) {
    const input = tree.inputs.find((i) => inputKey(i) === key);
    if (!input) {
      throw new PackagePolicyInputError(
        `Input not found: ${key}`,
        ["inputs", key],
        tree.inputs.map(inputKey),
      );
    }
    const spec = (isObject(wanted) ? wanted : {}) as SimplifiedInput;
    input.enabled = spec.enabled !== false;
    if (isObject(spec.vars)) assignVars(spec.vars, input.vars, key, ["inputs", key, "vars"]);
    for (const [dataset, streamSpec] of Object.entries(isObject(spec.streams) ? spec.streams : {})) {
      const stream = input.streams.find((s) => s.data_stream.dataset === dataset);
      if (!stream) {
        throw new PackagePolicyInputError(
          `Stream not found ${key}: ${dataset}`,
          ["inputs", key, "streams", dataset],
          input.streams.map((s) => s.data_stream.dataset),
        );
      }
      const s = (isObject(streamSpec) ? streamSpec : {}) as SimplifiedStream;
      stream.enabled = s.enabled !== false;
      if (isObject(s.vars)) {
        assignVars(s.vars, stream.vars, `${key} ${dataset}`, ["inputs", key, "streams", dataset, "vars"]);
      }
    }
  }
  return tree;
}

/** The full tree Kibana builds from the package's defaults plus a simplified body. */
export function expandSimplified(pkg: PackageInfo, body: { inputs?: unknown; vars?: unknown }): PolicyTree {
  return applySimplified(pkg, defaultTree(pkg), body);
}

function plainVars(vars: PolicyVars | undefined): SimplifiedVars | undefined {
  if (!vars) return undefined;
  const out: SimplifiedVars = {};
  for (const [name, entry] of Object.entries(vars)) {
    const value = entry?.value as { dataset?: unknown } | undefined;
    // The dataset var uses an internal `{dataset}` form that the simplified format flattens.
    out[name] = name === DATASET_VAR && isObject(value) && value.dataset ? value.dataset : entry?.value;
  }
  return out;
}

/** The full tree in Kibana's simplified format (formatInputs / formatVars). */
export function toSimplified(
  _pkg: PackageInfo | undefined,
  tree: { inputs?: PolicyInput[]; vars?: PolicyVars },
): SimplifiedTree {
  const inputs: Record<string, SimplifiedInput> = {};
  for (const input of tree.inputs ?? []) {
    const streams: Record<string, SimplifiedStream> = {};
    for (const stream of input.streams ?? []) {
      streams[stream.data_stream.dataset] = dropUndefined({
        enabled: stream.enabled,
        vars: plainVars(stream.vars),
      });
    }
    inputs[inputKey(input)] = dropUndefined({ enabled: input.enabled, vars: plainVars(input.vars), streams });
  }
  return { inputs, vars: plainVars(tree.vars) ?? {} };
}

const definitions = new WeakMap<PackageInfo, { path: string[]; def: PackageVarDef }[]>();

/** Every var definition of a package with the simplified path it lives at (computed once per package). */
export function varDefinitions(pkg: PackageInfo): { path: string[]; def: PackageVarDef }[] {
  let found = definitions.get(pkg);
  if (!found) {
    found = collectVarDefinitions(pkg);
    definitions.set(pkg, found);
  }
  return found;
}

function collectVarDefinitions(pkg: PackageInfo): { path: string[]; def: PackageVarDef }[] {
  const out: { path: string[]; def: PackageVarDef }[] = [];
  for (const def of pkg.vars ?? []) out.push({ path: ["vars", def.name], def });
  for (const template of pkg.policy_templates ?? []) {
    for (const input of template.inputs ?? []) {
      const key = `${template.name}-${input.type}`;
      for (const def of input.vars ?? []) out.push({ path: ["inputs", key, "vars", def.name], def });
      for (const { stream, dataStream } of streamsForInput(pkg, input.type, template.data_streams)) {
        for (const def of stream.vars ?? []) {
          out.push({ path: ["inputs", key, "streams", dataStream.dataset, "vars", def.name], def });
        }
      }
    }
  }
  return out;
}

/** Why a value does not fit a var definition, or undefined when it does. Secret references always fit. */
export function varTypeProblem(def: PackageVarDef, value: unknown): string | undefined {
  if (value === null || value === undefined || isSecretRef(value)) return undefined;
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

function scalarProblem(def: PackageVarDef, value: unknown): string | undefined {
  switch (def.type) {
    case "bool":
      return typeof value === "boolean" ? undefined : "expects true or false";
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? undefined : "expects an integer";
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

export function isSecretRef(value: unknown): value is { id: string; isSecretRef: true } {
  return isObject(value) && value.isSecretRef === true && typeof value.id === "string";
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** A manifest value that does not fit the package: where (simplified path), what, and what is offered. */
export interface PackageProblem {
  path: string[];
  message: string;
  hint?: string;
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
  const defs = new Map(varDefinitions(pkg).map(({ path, def }) => [path.join("\0"), def]));
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
      const problem = varTypeProblem(def, value);
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
  if (problems.length === 0) problems.push(...missingRequiredVars(pkg, body));
  return problems;
}

function missingRequiredVars(pkg: PackageInfo, body: { inputs?: unknown; vars?: unknown }): PackageProblem[] {
  return missingRequiredVarsIn(pkg, expandSimplified(pkg, body));
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
  const required = new Map(
    varDefinitions(pkg)
      .filter(({ def }) => def.required)
      .map(({ path, def }) => [path.join("\0"), def]),
  );
  const problems: PackageProblem[] = [];
  const check = (vars: PolicyVars | undefined, at: string[], where: string) => {
    for (const [name, entry] of Object.entries(vars ?? {})) {
      const value = entry?.value;
      const def = required.get([...at, name].join("\0"));
      if (def && (rule === "kibana" ? emptyForKibana(def, value) : isEmpty(value))) {
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

/** Simplified paths of the vars that are write-only: marked `secret`, or of type password. */
export function secretVarPaths(pkg: PackageInfo): string[][] {
  return varDefinitions(pkg)
    .filter(({ def }) => def.secret === true || def.type === "password")
    .map(({ path }) => path);
}

/** What moving a policy from one package version to another adds and drops, for the plan. */
export function upgradeNotes(from: PackageInfo, to: PackageInfo): string[] {
  const inputs = (pkg: PackageInfo) => defaultTree(pkg).inputs;
  const streams = (pkg: PackageInfo) =>
    inputs(pkg).flatMap((i) => i.streams.map((s) => `${inputKey(i)}/${s.data_stream.dataset}`));
  const vars = (pkg: PackageInfo) =>
    varDefinitions(pkg).map(({ path }) =>
      path.filter((p) => p !== "vars" && p !== "streams" && p !== "inputs").join("/"),
    );
  const notes: string[] = [];
  const compare = (what: string, before: string[], after: string[]) => {
    const added = after.filter((x) => !before.includes(x));
    const dropped = before.filter((x) => !after.includes(x));
    if (added.length) notes.push(`${to.version} adds ${what}: ${added.join(", ")}`);
    if (dropped.length) notes.push(`${to.version} drops ${what}: ${dropped.join(", ")}`);
  };
  const droppedInputs = inputs(from)
    .map(inputKey)
    .filter((key) => !inputs(to).some((i) => inputKey(i) === key));
  // What a dropped input carries goes with it: listing its streams and vars again is noise.
  const outside = (name: string) => !droppedInputs.some((key) => name === key || name.startsWith(`${key}/`));
  compare("inputs", inputs(from).map(inputKey), inputs(to).map(inputKey));
  compare("streams", streams(from).filter(outside), streams(to));
  const droppedStreams = streams(from).filter((st) => !streams(to).includes(st));
  const outsideStreams = (name: string) =>
    outside(name) && !droppedStreams.some((st) => name.startsWith(`${st}/`));
  compare("vars", vars(from).filter(outsideStreams), vars(to));
  return notes.length ? [`package ${to.name} ${from.version} → ${to.version}`, ...notes] : [];
}

/**
 * The smallest simplified body that expands back to `live` (for export): only vars that differ from
 * the package defaults, and inputs/streams only where something differs. Mentioning an input or a
 * stream enables it, so a disabled one that must be mentioned says `enabled: false`.
 */
export function minimalSimplified(pkg: PackageInfo, live: Partial<SimplifiedTree>): Partial<SimplifiedTree> {
  const defaults = toSimplified(pkg, defaultTree(pkg));
  const changedVars = (have: SimplifiedVars | undefined, base: SimplifiedVars | undefined) => {
    const out: SimplifiedVars = {};
    for (const [name, value] of Object.entries(have ?? {})) {
      if (!sameValue(value, base?.[name])) out[name] = value;
    }
    return Object.keys(out).length ? out : undefined;
  };
  const inputs: Record<string, SimplifiedInput> = {};
  for (const [key, input] of Object.entries(live.inputs ?? {})) {
    const base = defaults.inputs[key];
    if (!base) continue;
    const streams: Record<string, SimplifiedStream> = {};
    for (const [dataset, stream] of Object.entries(input.streams ?? {})) {
      const baseStream = base.streams?.[dataset];
      const vars = changedVars(stream.vars, baseStream?.vars);
      if (!vars && stream.enabled === baseStream?.enabled) continue;
      streams[dataset] = dropUndefined({ enabled: stream.enabled === false ? false : undefined, vars });
    }
    const vars = changedVars(input.vars, base.vars);
    if (!vars && !Object.keys(streams).length && input.enabled === base.enabled) continue;
    inputs[key] = dropUndefined({
      enabled: input.enabled === false ? false : undefined,
      vars,
      streams: Object.keys(streams).length ? streams : undefined,
    });
  }
  return dropUndefined({
    inputs: Object.keys(inputs).length ? inputs : undefined,
    vars: changedVars(live.vars, defaults.vars),
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
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
